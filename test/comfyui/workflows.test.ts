import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ComfyGraph } from '../../src/comfyui/types.ts';
import { loadConfig } from '../../src/config/load.ts';
import { plan } from '../../src/plan/plan.ts';
import { buildManifest } from '../../src/render/tree.ts';
import { registry } from '../../src/services/registry.ts';
import { objectsOf } from '../render/system-helpers.ts';
import { COMFYUI_OF_IMAGE, graphProblems, inputsOf } from '../../src/comfyui/nodes.ts';
import { COMFYUI_SOURCE } from '../../src/comfyui/node-list.ts';
import { openWebuiImageEnv } from '../../src/comfyui/open-webui.ts';
import { COMFY_WORKFLOWS } from '../../src/comfyui/workflows.ts';
import { textToImage } from '../../src/comfyui/text-to-image.ts';
import { IMAGES } from '../../src/services/versions.ts';

const ROOT = resolve(import.meta.dirname, '../..');

describe("ComfyUI's API-format workflows against the recorded node list", () => {
  it('the node list is recorded from the ComfyUI version the pinned image clones (record again when it moves)', () => {
    expect(COMFYUI_OF_IMAGE[IMAGES.comfyui], `${IMAGES.comfyui}: which ComfyUI does it clone?`).toBe(
      COMFYUI_SOURCE.version,
    );
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
      'node 9: ComfyUI v0.3.49 (nodes.py) has no node class SaveImageWebp',
    ]);
  });

  it('finds a link of the wrong type, a missing output, a literal for a link and a choice ComfyUI lacks', () => {
    const g = textToImage({ checkpoint: 'c', prompt: 'p', negative: 'n', seed: 1, steps: 1 });
    g['3']!.inputs.positive = ['4', 1]; // CLIP, not CONDITIONING
    g['3']!.inputs.sampler_name = 'euler_a'; // an A1111 name, not ComfyUI's
    g['3']!.inputs.steps = 2.5;
    g['8']!.inputs.vae = ['4', 3]; // the checkpoint loader has three outputs
    g['9']!.inputs.images = 'out.png';
    expect(graphProblems(g)).toEqual([
      'node 3 (KSampler): input steps takes INT, got 2.5',
      expect.stringMatching(
        /^node 3 \(KSampler\): input sampler_name: "euler_a" is not one of ComfyUI's choices \(euler, /,
      ),
      'node 3 (KSampler): input positive takes CONDITIONING, node 4 output 1 is CLIP',
      'node 8 (VAEDecode): input vae links to output 3 of node 4 (CheckpointLoaderSimple), which has 3',
      'node 9 (SaveImage): input images takes IMAGE from a link, got "out.png"',
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
        expect(inputsOf(graph[id]!.class_type), `${n.key} → ${id}`).toContain(n.key);
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
