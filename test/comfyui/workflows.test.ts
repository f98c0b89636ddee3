import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ComfyGraph } from '../../src/comfyui/types.ts';
import { loadConfig } from '../../src/config/load.ts';
import { plan } from '../../src/plan/plan.ts';
import { buildManifest } from '../../src/render/tree.ts';
import { registry } from '../../src/services/registry.ts';
import { objectsOf } from '../render/system-helpers.ts';
import { COMFYUI_NODES, graphProblems } from '../../src/comfyui/nodes.ts';
import { openWebuiImageEnv } from '../../src/comfyui/open-webui.ts';
import { COMFY_WORKFLOWS } from '../../src/comfyui/workflows.ts';
import { textToImage } from '../../src/comfyui/text-to-image.ts';
import { IMAGES } from '../../src/services/versions.ts';

const ROOT = resolve(import.meta.dirname, '../..');

describe("ComfyUI's API-format workflows against the recorded node list", () => {
  it('the record follows the pinned ComfyUI image (read nodes.py again when it moves)', () => {
    expect(IMAGES.comfyui).toBe(COMFYUI_NODES.image);
  });

  it('ships text-to-image, image-to-image, upscaling and batch', () => {
    expect(COMFY_WORKFLOWS.map((w) => w.id)).toEqual(['text-to-image', 'image-to-image', 'upscale', 'batch']);
  });

  it.each(COMFY_WORKFLOWS.map((w) => [w.id, w] as const))(
    '%s: every class exists, every input is one the class takes, none left out, every link resolves',
    (_, w) => {
      expect(graphProblems(w.graph('sd_xl_base_1.0.safetensors'))).toEqual([]);
    },
  );

  it('finds an unknown class, a wrong input name, a missing input and a dangling link', () => {
    const g = textToImage({ checkpoint: 'c', prompt: 'p', negative: 'n', seed: 1, steps: 1 });
    g['9'] = { class_type: 'SaveImageWebp', inputs: {} };
    g['5']!.inputs = { width: 1, height: 1, batch: 1 };
    g['8']!.inputs = { samples: ['30', 0], vae: ['4', 2] };
    expect(graphProblems(g)).toEqual([
      'node 5 (EmptyLatentImage): no input batch',
      'node 5 (EmptyLatentImage): input batch_size missing',
      'node 8 (VAEDecode): input samples links to missing node 30',
      'node 9: ComfyUI v0.3.49 has no node class SaveImageWebp',
    ]);
  });

  it('batch renders four images from one latent batch', () => {
    const g = COMFY_WORKFLOWS.find((w) => w.id === 'batch')!.graph('c');
    expect(g['5']!.inputs.batch_size).toBe(4);
  });
});

describe('ConfigMap gpu/comfyui-workflows of the default platform', () => {
  it('holds every workflow for the first checkpoint of comfyui.models, each valid against the node list', async () => {
    const config = await loadConfig(resolve(ROOT, 'platform.yaml'), registry);
    const cm = objectsOf(buildManifest(plan(config, registry)).manifest, 'comfyui', 'ConfigMap').find(
      (o) => o.metadata.name === 'comfyui-workflows',
    ) as unknown as { data: Record<string, string> };
    expect(Object.keys(cm.data)).toEqual(COMFY_WORKFLOWS.map((w) => `${w.id}.json`));
    const checkpoint = config.comfyui.models.find((m) => m.folder === 'checkpoints')!.name;
    for (const text of Object.values(cm.data)) {
      const graph = JSON.parse(text) as ComfyGraph;
      expect(graphProblems(graph)).toEqual([]);
      expect(graph['4']!.inputs.ckpt_name).toBe(checkpoint);
    }
  });
});

describe("Open WebUI's image generation on the text-to-image graph", () => {
  it('every node id Open WebUI writes to is a node of the graph that takes that input', () => {
    const e = openWebuiImageEnv('sd.safetensors');
    const graph = JSON.parse(e.COMFYUI_WORKFLOW!) as ComfyGraph;
    expect(graphProblems(graph)).toEqual([]);
    for (const n of JSON.parse(e.COMFYUI_WORKFLOW_NODES!) as { node_ids: string[]; key: string }[])
      for (const id of n.node_ids)
        expect(COMFYUI_NODES.classes[graph[id]!.class_type], `${n.key} → ${id}`).toContain(n.key);
    expect([e.IMAGE_GENERATION_MODEL, graph['4']!.inputs.ckpt_name]).toEqual([
      'sd.safetensors',
      'sd.safetensors',
    ]);
  });

  it('the default platform gives Open WebUI the graph, the node map and the checkpoint', async () => {
    const config = await loadConfig(resolve(ROOT, 'platform.yaml'), registry);
    const d = objectsOf(buildManifest(plan(config, registry)).manifest, 'open-webui', 'StatefulSet').concat(
      objectsOf(buildManifest(plan(config, registry)).manifest, 'open-webui', 'Deployment'),
    )[0]!;
    const envs = (
      d.spec as { template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } }
    ).template.spec.containers[0]!.env;
    const value = (n: string) => envs.find((e) => e.name === n)?.value;
    const checkpoint = config.comfyui.models.find((m) => m.folder === 'checkpoints')!.name;
    expect(value('IMAGE_GENERATION_MODEL')).toBe(checkpoint);
    expect(value('COMFYUI_WORKFLOW_NODES')).toBe(openWebuiImageEnv(checkpoint).COMFYUI_WORKFLOW_NODES);
    expect(value('COMFYUI_WORKFLOW')).toBe(openWebuiImageEnv(checkpoint).COMFYUI_WORKFLOW);
  });
});
