import { publicUrl, serviceUrl } from '../build/refs.ts';
import { textToImage } from '../comfyui/text-to-image.ts';
import { pipelineGpu } from '../plan/pipeline-gpu.ts';
import { imageCheckpoint } from '../plan/workflows.ts';
import { pollNodes, promptBody, savedImages } from './comfy.ts';
import { chatNode, plainNode } from './http.ts';
import { chain, stableUuid, workflow, type NodeSpec } from './nodes.ts';
import type { WorkflowDef } from './types.ts';

const FILE = { response: { response: { responseFormat: 'file', outputPropertyName: 'data' } } };

/** The script's scenes as items: the model's JSON answer, cut to the configured number of scenes. */
const SCENES = (n: number) => `const text = String($input.first().json.choices[0].message.content);
const script = JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1));
return script.scenes.slice(0, ${n}).map((s, i) => ({
  json: { scene: i + 1, image: String(s.image), narration: String(s.narration) },
}));`;

/** One scene's result: its texts, the image's link, the narration and the clip as data URLs. */
const SCENE = (image: string, view: string) => `const scene = $('Each scene').item.json;
const image = ${image};
return {
  json: {
    scene: scene.scene,
    image_prompt: scene.image,
    narration: scene.narration,
    image: '${view}?filename=' + encodeURIComponent(image.filename) + '&subfolder=' + encodeURIComponent(image.subfolder) + '&type=' + image.type,
    voice: 'data:audio/wav;base64,' + $json.voice,
    clip: 'data:video/mp4;base64,' + $('Clip as text').item.json.clip,
  },
};`;

/** A file response of the previous node as a base64 property (n8n's Extract From File, "move to property"). */
function asText(name: string, key: string): NodeSpec {
  return {
    name,
    type: 'n8n-nodes-base.extractFromFile',
    typeVersion: 1,
    parameters: {
      operation: 'binaryToPropery',
      binaryPropertyName: 'data',
      destinationKey: key,
      options: {},
    },
  };
}

/**
 * The multimodal pipeline (script → images → narration → video): `POST /webhook/multimodal` with `{ topic }` →
 * LiteLLM writes a script of scenes → for each scene in turn (n8n's Loop Over Items): ComfyUI draws its image,
 * the video server animates the image into a clip, the audio server speaks its narration → the answer lists the
 * scenes. One scene and one GPU server at a time; when the servers do not fit the card together, ComfyUI is told
 * to unload its models before the others run (src/plan/pipeline-gpu.ts).
 */
export const multimodalPipeline: WorkflowDef = {
  id: 'multimodal-pipeline',
  n8nId: 'shaiMultimodal01',
  name: 'shai: multimodal pipeline',
  trigger: { kind: 'webhook', path: 'multimodal' },
  credentials: ['litellm'],
  purpose:
    'Turns a topic into a short narrated storyboard: `workflows.multimodal-pipeline.model` writes a script of ' +
    '`scenes` scenes, then for each scene in turn ComfyUI draws its image (text-to-image, 1024×576), the video ' +
    "server animates the image (Stable Video Diffusion) and the audio server speaks the scene's narration " +
    "(Bark, `voice`). The answer lists every scene with its image's link through ComfyUI's host, the narration " +
    'as a WAV and the clip as an MP4, both data URLs. The GPU servers run one at a time; when `shai plan` finds ' +
    'that they do not fit their card together, ComfyUI unloads its models (`POST /free`) before the others run.',
  calls: [
    'LiteLLM `POST /v1/chat/completions` (the script, as JSON)',
    'per scene: ComfyUI `POST /prompt`, `GET /history/<prompt id>` every 2 s until saved, `GET /view` (the image)',
    'per scene, when the GPU servers share a card they do not fit together: ComfyUI `POST /free`',
    'per scene: video `POST /video/image2video` (the image, multipart), audio `POST /voice/generate`',
  ],
  example: { topic: 'a lighthouse keeper on a stormy night' },
  build(plan) {
    const cfg = plan.config.workflows['multimodal-pipeline'];
    const comfy = serviceUrl(plan, 'comfyui', 'http');
    const queue = "$('Queue image').item";
    // The first image of the scene's prompt, read from the History node's answer (later nodes replace $json).
    const image = `${savedImages(queue, "$('History').item.json")}[0]`;
    const graph = textToImage({
      checkpoint: imageCheckpoint(plan.config)!,
      prompt: '__shai_prompt__',
      negative: 'blurry, low quality, watermark, text',
      seed: '__shai_seed__' as unknown as number, // a placeholder promptBody replaces with an expression
      steps: cfg.steps,
      width: 1024,
      height: 576,
    });
    const queued = pipelineGpu(plan.config, plan.services).queued;
    const system =
      `Write a short video script of exactly ${cfg.scenes} scenes about the user's topic. Answer with JSON only: ` +
      '{"scenes": [{"image": "<a detailed image prompt>", "narration": "<one or two spoken sentences>"}]}';
    const steps: NodeSpec[] = [
      {
        name: 'Request',
        type: 'n8n-nodes-base.webhook',
        typeVersion: 2,
        webhookId: stableUuid(this.n8nId, 'webhook'),
        parameters: { httpMethod: 'POST', path: 'multimodal', responseMode: 'responseNode', options: {} },
      },
      chatNode(plan, 'Script', cfg.model, system, 'String($json.body.topic)'),
      {
        name: 'Scenes',
        type: 'n8n-nodes-base.code',
        typeVersion: 2,
        parameters: { jsCode: SCENES(cfg.scenes) },
      },
      {
        name: 'Each scene',
        type: 'n8n-nodes-base.splitInBatches',
        typeVersion: 3,
        parameters: { options: {} },
      },
      plainNode(
        'Queue image',
        'POST',
        `${comfy}/prompt`,
        promptBody(this.id, graph, {
          __shai_prompt__: 'String($json.image)',
          __shai_seed__: 'Number($json.scene)',
        }),
      ),
      ...pollNodes(this.n8nId, comfy, queue),
      ...(queued
        ? [
            plainNode(
              'Free ComfyUI',
              'POST',
              `${comfy}/free`,
              '={{ JSON.stringify({ unload_models: true, free_memory: true }) }}',
            ),
          ]
        : []),
      plainNode(
        'Image file',
        'GET',
        `={{ '${comfy}/view?filename=' + encodeURIComponent(${image}.filename) + '&subfolder=' + encodeURIComponent(${image}.subfolder) + '&type=output' }}`,
        undefined,
        FILE,
      ),
      {
        name: 'Clip',
        type: 'n8n-nodes-base.httpRequest',
        typeVersion: 4.2,
        parameters: {
          method: 'POST',
          url: `${serviceUrl(plan, 'video', 'http')}/video/image2video`,
          sendBody: true,
          contentType: 'multipart-form-data',
          bodyParameters: {
            parameters: [{ parameterType: 'formBinaryData', name: 'image', inputDataFieldName: 'data' }],
          },
          options: FILE,
        },
      },
      asText('Clip as text', 'clip'),
      plainNode(
        'Narrate',
        'POST',
        `${serviceUrl(plan, 'audio', 'http')}/voice/generate`,
        `={{ JSON.stringify({ text: $('Each scene').item.json.narration, voice_preset: ${JSON.stringify(cfg.voice)} }) }}`,
        FILE,
      ),
      asText('Narration as text', 'voice'),
      {
        name: 'Scene',
        type: 'n8n-nodes-base.code',
        typeVersion: 2,
        parameters: {
          mode: 'runOnceForEachItem',
          jsCode: SCENE(image, `${publicUrl(plan, 'comfyui')}/view`),
        },
      },
      {
        name: 'Answer',
        type: 'n8n-nodes-base.respondToWebhook',
        typeVersion: 1.1,
        parameters: {
          respondWith: 'json',
          responseBody: `={{ JSON.stringify({ topic: $('Request').first().json.body.topic, scenes: $input.all().map((i) => i.json) }) }}`,
          options: {},
        },
      },
    ];
    const afterSaved = queued ? ['Free ComfyUI', 'Image file'] : ['Image file'];
    const w = workflow(this.n8nId, this.name, steps, [
      ...chain('Request', 'Script', 'Scenes', 'Each scene'),
      { from: 'Each scene', to: 'Answer', output: 0 },
      { from: 'Each scene', to: 'Queue image', output: 1 },
      ...chain('Queue image', 'Wait', 'History', 'Saved?'),
      { from: 'Saved?', to: afterSaved[0]!, output: 0 },
      { from: 'Saved?', to: 'Wait', output: 1 },
      ...chain(...afterSaved, 'Clip', 'Clip as text', 'Narrate', 'Narration as text', 'Scene', 'Each scene'),
    ]);
    // A scene takes minutes on one GPU (image, 25 video frames, speech); the poll loops end when ComfyUI saved.
    w.settings = { ...w.settings, executionTimeout: 3600 };
    return w;
  },
};
