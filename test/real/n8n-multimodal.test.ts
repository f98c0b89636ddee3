/*
 * The multimodal pipeline in the real n8n (npm, the pinned version) on a real PostgreSQL, rendered from the
 * default platform.yaml with the audio and video servers and the workflow switched on (one 16 GiB card: ComfyUI
 * 8, audio 6 and video 10 GiB do not fit together, so the plan runs them queued and the workflow frees ComfyUI's
 * models before the others run). LiteLLM, ComfyUI and the media servers are STAND-INS (harness/
 * workflow-stand-ins.ts): no model, no GPU here. What is real: n8n importing, publishing and running the
 * rendered workflow, and every request it sends.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { probeN8nExecutions } from '../../src/cluster/workflows/n8n-executions.ts';
import { pipelineGpu } from '../../src/plan/pipeline-gpu.ts';
import { ROOT } from '../helpers/cli.ts';
import { describeWithTools } from '../helpers/tools.ts';
import { renderedConfigMap } from './harness/container.ts';
import { type N8nRun, startN8n, webhooksRegistered } from './harness/n8n.ts';
import {
  exportWorkflows,
  installedNodeTypes,
  type N8nExportedWorkflow,
  runImport,
} from './harness/n8n-import.ts';
import { type RenderedPlatform, renderedPlatform } from './harness/rendered.ts';
import {
  type LitellmStandIn,
  type StandIn,
  standInBytes,
  startComfyuiStandIn,
  startLitellmStandIn,
  startMediaStandIn,
} from './harness/workflow-stand-ins.ts';

const TOOLS = ['n8n', 'initdb', 'postgres', 'psql'];

/** The default platform with the media servers and the pipeline on. */
function multimodalPlatform(dir: string): string {
  const text = readFileSync(resolve(ROOT, 'platform.yaml'), 'utf8')
    .replace('audio: { enabled: false }', 'audio: { enabled: true }')
    .replace('video: { enabled: false }', 'video: { enabled: true }');
  const file = join(dir, 'platform.yaml');
  writeFileSync(file, `${text}\nworkflows:\n  multimodal-pipeline: { enabled: true, scenes: 2 }\n`);
  return file;
}

const SCRIPT = {
  scenes: [
    { image: 'a lighthouse in a storm, oil painting', narration: 'The keeper climbs the stairs.' },
    { image: 'the lamp lit against the dark sea', narration: 'And the light goes on.' },
    { image: 'a third scene the workflow must cut', narration: 'Never spoken.' },
  ],
};

describeWithTools('the multimodal pipeline in the real n8n', TOOLS, 'bash .ci/tools.sh', () => {
  let dir: string;
  let r: RenderedPlatform;
  let run: N8nRun;
  let file: N8nExportedWorkflow;
  let litellm: LitellmStandIn;
  let comfyui: StandIn;
  let audio: StandIn;
  let video: StandIn;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shai-multimodal-'));
    r = await renderedPlatform(multimodalPlatform(dir));
    // platform.yaml's external secrets hold what the user seals; here, a value that names the stand-in.
    r.secrets.set('automation/alertmanager-smtp', { password: 'stand-in-smtp-password' });
    const data = renderedConfigMap(r, 'automation', 'n8n-workflows');
    file = JSON.parse(data['multimodal-pipeline.json']!) as N8nExportedWorkflow;
    run = await startN8n(r, async (hosts) => {
      await runImport(r, hosts);
      const at = (host: string) => hosts.hosts.get(host)!;
      litellm = await startLitellmStandIn(at('litellm.ai.svc.cluster.local'), 4000);
      litellm.answer = () => `Here is the script:\n${JSON.stringify(SCRIPT)}`;
      comfyui = await startComfyuiStandIn(at('comfyui.gpu.svc.cluster.local'), 8188);
      audio = await startMediaStandIn(at('audio.gpu.svc.cluster.local'), 5004, 'audio');
      video = await startMediaStandIn(at('video.gpu.svc.cluster.local'), 5005, 'video');
    });
    await webhooksRegistered(run, [file]);
  }, 1_500_000);
  afterAll(async () => {
    await run?.stop();
    for (const s of [litellm, comfyui, audio, video]) await s?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('the plan runs the GPU servers queued on the one card, and the workflow frees ComfyUI between', () => {
    expect(pipelineGpu(r.plan.config, r.plan.services)).toEqual({ queued: true, warnings: [] });
    expect(file.nodes.map((n) => n.name)).toContain('Free ComfyUI');
  });

  it('is imported under its fixed id and published; n8n knows every node type and version it uses', async () => {
    const held = (await exportWorkflows(run.env)).find((w) => w.id === file.id)!;
    expect([held.name, held.active, held.nodes.length]).toEqual([file.name, true, file.nodes.length]);
    const types = installedNodeTypes();
    for (const n of file.nodes) expect(types.get(n.type), `${n.name} (${n.type})`).toContain(n.typeVersion);
  }, 300_000);

  it('a topic becomes a script, then per scene an image, a freed ComfyUI, a clip from the image and the narration', async () => {
    const res = await fetch(`${run.url}/webhook/multimodal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ topic: 'a lighthouse keeper' }),
    });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    const script = litellm.seen.find((s) => s.path === '/v1/chat/completions')!.body as {
      model: string;
      messages: { content: string }[];
    };
    expect([script.model, script.messages[1]!.content]).toEqual(['general', 'a lighthouse keeper']);
    expect(script.messages[0]!.content).toContain('exactly 2 scenes');
    const prompts = comfyui.seen.filter((s) => s.path === '/prompt').map((s) => s.body) as {
      prompt: Record<string, { inputs: Record<string, unknown> }>;
    }[];
    expect(prompts.map((p) => [p.prompt['6']!.inputs.text, p.prompt['3']!.inputs.seed])).toEqual([
      [SCRIPT.scenes[0]!.image, 1],
      [SCRIPT.scenes[1]!.image, 2],
    ]);
    expect(prompts[0]!.prompt['5']!.inputs).toMatchObject({ width: 1024, height: 576 });
    const frees = comfyui.seen.filter((s) => s.path === '/free');
    expect(frees.map((s) => s.body)).toEqual([
      { unload_models: true, free_memory: true },
      { unload_models: true, free_memory: true },
    ]);
    expect(comfyui.seen.filter((s) => s.path.startsWith('/view?')).map((s) => s.path)).toEqual([
      '/view?filename=shai_00001_.png&subfolder=&type=output',
      '/view?filename=shai_00001_.png&subfolder=&type=output',
    ]);
    // The clip request is multipart with ComfyUI's image bytes in field `image`.
    const clips = video.seen.map((s) => s.body as string);
    expect(clips).toHaveLength(2);
    for (const c of clips) {
      expect(c).toMatch(/name="image"/);
      expect(c).toContain(standInBytes('PNG').toString());
    }
    expect(audio.seen.map((s) => s.body)).toEqual(
      SCRIPT.scenes.slice(0, 2).map((s) => ({ text: s.narration, voice_preset: 'v2/en_speaker_6' })),
    );
    const b64 = (kind: string) => standInBytes(kind).toString('base64');
    expect(JSON.parse(text)).toEqual({
      topic: 'a lighthouse keeper',
      scenes: SCRIPT.scenes.slice(0, 2).map((s, i) => ({
        scene: i + 1,
        image_prompt: s.image,
        narration: s.narration,
        image: 'https://comfy.home.arpa/view?filename=shai_00001_.png&subfolder=&type=output',
        voice: `data:audio/wav;base64,${b64('WAV')}`,
        clip: `data:video/mp4;base64,${b64('MP4')}`,
      })),
    });
  }, 600_000);

  /**
   * An API key the way a user makes one: the owner set up and logged in (n8n's REST API, as its setup page does),
   * then Settings → n8n API, with the scopes doctor reads with.
   */
  async function apiKey(): Promise<string> {
    const headers = { 'content-type': 'application/json', 'browser-id': 'shai-doctor-test' };
    const setup = await fetch(`${run.url}/rest/owner/setup`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        email: 'owner@stand-in.test',
        firstName: 'Stand-in',
        lastName: 'Owner',
        password: 'Stand-in-passw0rd',
      }),
    });
    expect(setup.status, await setup.clone().text()).toBe(200);
    const cookie = setup.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const res = await fetch(`${run.url}/rest/api-keys`, {
      method: 'POST',
      headers: { ...headers, cookie },
      body: JSON.stringify({
        label: 'shai doctor',
        scopes: ['execution:list', 'execution:read', 'workflow:read'],
        expiresAt: null,
      }),
    });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    return (JSON.parse(text) as { data: { rawApiKey: string } }).data.rawApiKey;
  }

  it("doctor --probe's n8n analyzer reads the real public API and names the workflow whose run failed", async () => {
    const key = await apiKey();
    const io = { fetch };
    // No failure yet (the run above succeeded): nothing to say.
    expect(await probeN8nExecutions(run.url, key, io, Date.now())).toEqual([]);
    litellm.answer = () => 'no script today'; // the Scenes node cannot parse it: the execution fails
    const res = await fetch(`${run.url}/webhook/multimodal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ topic: 'a failing topic' }),
    });
    expect(res.status).toBeGreaterThanOrEqual(500);
    let findings = await probeN8nExecutions(run.url, key, io, Date.now());
    for (let i = 0; i < 60 && !findings.length; i++) {
      await new Promise((done) => setTimeout(done, 500)); // n8n stores the execution after it answered
      findings = await probeN8nExecutions(run.url, key, io, Date.now());
    }
    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'n8n-failed-executions',
        status: 'fail',
        target: { kind: 'Workflow', namespace: 'automation', name: 'shai: multimodal pipeline' },
        message: expect.stringMatching(
          /^n8n workflow "shai: multimodal pipeline" \(shaiMultimodal01\) failed 1 time\(s\) in the last day/,
        ),
      }),
    ]);
    // A wrong key is refused by n8n, and doctor says it could not look.
    const [refused] = await probeN8nExecutions(run.url, 'not-a-key', io, Date.now());
    expect([refused!.status, refused!.message]).toEqual(['skipped', expect.stringContaining('HTTP 401')]);
  }, 300_000);
});
