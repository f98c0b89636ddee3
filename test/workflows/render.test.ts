import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { urlReachable } from '../../src/check/rules/url-reachable.ts';
import { loadConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import { plan } from '../../src/plan/plan.ts';
import { importedWorkflows, workflowWarnings } from '../../src/plan/workflows.ts';
import { pipelineGpu } from '../../src/plan/pipeline-gpu.ts';
import { buildManifest } from '../../src/render/tree.ts';
import { registry } from '../../src/services/registry.ts';
import type { ServiceDef } from '../../src/services/types.ts';
import type { N8nWorkflow } from '../../src/workflows/types.ts';
import { failures, objectsOf } from '../render/system-helpers.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const config = () => loadConfig(resolve(ROOT, 'platform.yaml'), registry);

function workflowFiles(manifest: ReturnType<typeof buildManifest>['manifest']): N8nWorkflow[] {
  const cm = objectsOf(manifest, 'n8n', 'ConfigMap').find((o) => o.metadata.name === 'n8n-workflows')!;
  const data = (cm as unknown as { data: Record<string, string> }).data;
  return Object.entries(data)
    .filter(([k]) => k.endsWith('.json') && k !== 'credentials.json')
    .map(([, v]) => JSON.parse(v) as N8nWorkflow);
}

function initScript(manifest: ReturnType<typeof buildManifest>['manifest']): string {
  const d = objectsOf(manifest, 'n8n', 'Deployment')[0]!;
  const pod = (d.spec as { template: { spec: { initContainers: { command: string[] }[] } } }).template.spec;
  return pod.initContainers[0]!.command[2]!;
}

describe('n8n workflows of platform.yaml', () => {
  it('the default platform imports its workflows under fixed ids and publishes every one of them', async () => {
    const p = plan(await config(), registry);
    const files = workflowFiles(buildManifest(p).manifest);
    expect(files.map((w) => w.id).sort()).toEqual([
      'shaiAlertDigest1',
      'shaiChatTools001',
      'shaiImageReq0001',
      'shaiIngestDocs01',
      'shaiRagRetrieve1',
    ]);
    const script = initScript(buildManifest(p).manifest);
    expect(script).toContain('n8n import:workflow --separate --input=/etc/shai/n8n/workflows');
    // Sub-workflows too: n8n 2.41.1 does not run an unpublished sub-workflow for a published caller.
    for (const id of files.map((w) => w.id)) expect(script).toContain(`n8n publish:workflow --id=${id}`);
  });

  it('renders the same bytes twice, every edge between nodes of the workflow, node ids unique', async () => {
    const p = plan(await config(), registry);
    const a = workflowFiles(buildManifest(p).manifest);
    expect(workflowFiles(buildManifest(p).manifest)).toEqual(a);
    for (const w of a) {
      const names = new Set(w.nodes.map((n) => n.name));
      expect(new Set(w.nodes.map((n) => n.id)).size).toBe(w.nodes.length);
      for (const [from, byType] of Object.entries(w.connections)) {
        expect(names).toContain(from);
        for (const links of Object.values(byType))
          for (const l of links.flat()) expect(names).toContain(l.node);
      }
    }
  });

  it('skips a workflow whose service is off or whose settings are missing, with a plan warning naming why', async () => {
    const c = await config();
    const on = new Set(registry.map((d) => d.name));
    expect(importedWorkflows(c, on)).not.toContain('github-summary');
    const noQdrant = new Set([...on].filter((s) => s !== 'qdrant'));
    expect(importedWorkflows(c, noQdrant)).toEqual(['alert-digest', 'image-request']);
    const github: Config = {
      ...c,
      workflows: { ...c.workflows, 'github-summary': { enabled: true, model: 'coder' } },
    };
    expect(workflowWarnings(github, noQdrant).map((w) => w.message)).toEqual([
      'n8n workflow rag-retrieval is not imported: it needs service qdrant',
      'n8n workflow chat-with-tools is not imported: it needs service qdrant',
      'n8n workflow document-ingestion is not imported: it needs service qdrant',
      'n8n workflow github-summary is not imported: it needs its token',
    ]);
    const noCheckpoint: Config = { ...c, comfyui: { models: [] } };
    expect(workflowWarnings(noCheckpoint, on).map((w) => w.message)).toEqual([
      'n8n workflow image-request is not imported: it needs a comfyui.models checkpoint',
    ]);
    const noEmail: Config = { ...c, alerts: {} };
    expect(importedWorkflows(noEmail, on)).not.toContain('alert-digest');
    // Without n8n there is nothing to import and nothing to say.
    expect(workflowWarnings(c, new Set([...on].filter((s) => s !== 'n8n')))).toEqual([]);
  });

  it('with a GitHub token, imports github-summary and mounts the token for its credential', async () => {
    const c = await config();
    const token = { name: 'github-token', key: 'token' };
    const p = plan(
      { ...c, workflows: { ...c.workflows, 'github-summary': { enabled: true, model: 'coder', token } } },
      registry,
    );
    const { manifest } = buildManifest(p);
    expect(workflowFiles(manifest).map((w) => w.id)).toContain('shaiGithubSumm01');
    expect(
      p.secrets.find((s) => s.namespace === 'automation' && s.name === 'github-token')?.keys.token?.kind,
    ).toBe('external');
    expect(initScript(manifest)).toContain('n8n publish:workflow --id=shaiGithubSumm01');
  });

  it('the NetworkPolicies allow every call the workflows make (url-reachable reads the mounted workflow files)', async () => {
    const p = plan(await config(), registry);
    expect(failures(p, buildManifest(p).manifest, [urlReachable])).toEqual([]);
    // Without n8n's edge to Qdrant, the check finds the workflows' Qdrant URLs unreachable.
    const cut: ServiceDef[] = registry.map((d) =>
      d.name === 'n8n' ? { ...d, needs: d.needs.filter((n) => n.service !== 'qdrant') } : d,
    );
    const q = plan(await loadConfig(resolve(ROOT, 'platform.yaml'), cut), cut);
    const found = failures(q, buildManifest(q).manifest, [urlReachable]);
    expect(
      found.some((f) => /qdrant/.test(f) && /n8n-workflows/.test(f)),
      found.join('\n'),
    ).toBe(true);
  });
});

describe('the multimodal pipeline in the plan', () => {
  /** The default platform with the media servers on, the pipeline on, and the card `vramGiB` large. */
  async function withPipeline(vramGiB: number, services: Record<string, boolean> = {}) {
    const c = await config();
    const nodes = c.cluster.nodes.map((n) => ({
      ...n,
      gpus: n.gpus?.map((g) => ({ ...g, vramGiB })),
    }));
    const on = { audio: true, video: true, ...services };
    return plan(
      {
        ...c,
        cluster: { ...c.cluster, nodes },
        services: {
          ...c.services,
          ...Object.fromEntries(Object.entries(on).map(([s, e]) => [s, { ...c.services[s], enabled: e }])),
        },
        workflows: {
          ...c.workflows,
          'multimodal-pipeline': { ...c.workflows['multimodal-pipeline'], enabled: true },
        },
      },
      registry,
    );
  }
  const nodeNames = (p: Awaited<ReturnType<typeof withPipeline>>) =>
    workflowFiles(buildManifest(p).manifest)
      .find((w) => w.id === 'shaiMultimodal01')!
      .nodes.map((n) => n.name);

  it('is off by default, and when on without the media servers says which services it needs', async () => {
    expect(importedWorkflows(await config(), new Set(registry.map((d) => d.name)))).not.toContain(
      'multimodal-pipeline',
    );
    const p = await withPipeline(16, { audio: false, video: false });
    expect(p.warnings.map((w) => w.message)).toContain(
      'n8n workflow multimodal-pipeline is not imported: it needs service audio, service video',
    );
  });

  it('fit together (ComfyUI 8 + video 10 + audio 6 GiB on a 32 GiB card): no warning, ComfyUI keeps its models', async () => {
    const p = await withPipeline(32);
    expect(pipelineGpu(p.config, p.services)).toEqual({ queued: false, warnings: [] });
    expect(nodeNames(p)).not.toContain('Free ComfyUI');
  });

  it('queued on a 16 GiB card: each fits alone, so the workflow frees ComfyUI before video and audio run', async () => {
    const p = await withPipeline(16);
    expect(pipelineGpu(p.config, p.services)).toEqual({ queued: true, warnings: [] });
    const names = nodeNames(p);
    expect(names.slice(names.indexOf('Saved?'), names.indexOf('Clip') + 1)).toEqual([
      'Saved?',
      'Free ComfyUI',
      'Image file',
      'Clip',
    ]);
  });

  it('an 8 GiB card: the video server alone does not fit, and the plan warns naming the node and the servers', async () => {
    const p = await withPipeline(8);
    const node = p.services.find((s) => s.name === 'video')!.placement.nodes[0];
    expect(p.warnings.filter((w) => w.configPath === 'workflows.multimodal-pipeline')).toEqual([
      {
        message:
          `n8n workflow multimodal-pipeline cannot run on node ${node}: video alone need(s) more than its 8 GiB ` +
          'card, even one server at a time (declared: audio 6 GiB, comfyui 8 GiB, video 10 GiB). Place the GPU ' +
          'servers on a larger card or disable the workflow.',
        configPath: 'workflows.multimodal-pipeline',
      },
    ]);
  });
});
