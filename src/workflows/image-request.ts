import { textToImage } from '../comfyui/text-to-image.ts';
import { imageCheckpoint } from '../plan/workflows.ts';
import { publicUrl, serviceUrl } from '../build/refs.ts';
import { pollNodes, promptBody, savedImages } from './comfy.ts';
import { plainNode } from './http.ts';
import { stableUuid, workflow } from './nodes.ts';
import type { WorkflowDef } from './types.ts';

/**
 * Image request: `POST /webhook/image` with `{ prompt, negative?, seed? }` → ComfyUI's text-to-image graph queued
 * on `/prompt` → polled on `/history` until its image is saved on the output volume → the answer links it through
 * ComfyUI's host.
 */
export const imageRequest: WorkflowDef = {
  id: 'image-request',
  n8nId: 'shaiImageReq0001',
  name: 'shai: image request',
  trigger: { kind: 'webhook', path: 'image' },
  credentials: [],
  purpose:
    "Generates an image from a prompt with ComfyUI's text-to-image graph and the first checkpoint of " +
    '`comfyui.models` (or `workflows.image-request.checkpoint`), waits until ComfyUI saved it on its output ' +
    "volume and answers with the image's link through ComfyUI's host.",
  calls: ['ComfyUI `POST /prompt`, then `GET /history/<prompt id>` every 2 s until the image is saved'],
  example: { prompt: 'a lighthouse at dawn, oil painting', seed: 42 },
  build(plan) {
    const comfy = serviceUrl(plan, 'comfyui', 'http');
    const graph = textToImage({
      checkpoint: imageCheckpoint(plan.config)!,
      prompt: '__shai_prompt__',
      negative: '__shai_negative__',
      seed: '__shai_seed__' as unknown as number, // a placeholder promptBody replaces with an expression
      steps: plan.config.workflows['image-request'].steps,
    });
    const body = promptBody(this.id, graph, {
      __shai_prompt__: 'String($json.body.prompt)',
      __shai_negative__: "String($json.body.negative ?? 'blurry, low quality')",
      __shai_seed__: 'Number($json.body.seed ?? Math.floor(Math.random() * 1e15))',
    });
    const view = `${publicUrl(plan, 'comfyui')}/view`;
    const images = savedImages("$('Queue').first()");
    const w = workflow(
      this.n8nId,
      this.name,
      [
        {
          name: 'Request',
          type: 'n8n-nodes-base.webhook',
          typeVersion: 2,
          webhookId: stableUuid(this.n8nId, 'webhook'),
          parameters: { httpMethod: 'POST', path: 'image', responseMode: 'responseNode', options: {} },
        },
        plainNode('Queue', 'POST', `${comfy}/prompt`, body),
        ...pollNodes(this.n8nId, comfy, "$('Queue').first()"),
        {
          name: 'Link',
          type: 'n8n-nodes-base.respondToWebhook',
          typeVersion: 1.1,
          parameters: {
            respondWith: 'json',
            responseBody: `={{ JSON.stringify({ prompt_id: $('Queue').first().json.prompt_id, images: ${images}.map((i) => ({ ...i, url: '${view}?filename=' + encodeURIComponent(i.filename) + '&subfolder=' + encodeURIComponent(i.subfolder) + '&type=' + i.type })) }) }}`,
            options: {},
          },
        },
      ],
      [
        { from: 'Request', to: 'Queue' },
        { from: 'Queue', to: 'Wait' },
        { from: 'Wait', to: 'History' },
        { from: 'History', to: 'Saved?' },
        { from: 'Saved?', to: 'Link', output: 0 },
        { from: 'Saved?', to: 'Wait', output: 1 },
      ],
    );
    // The poll loop ends when the image is saved; a prompt ComfyUI drops would otherwise keep it waiting.
    w.settings = { ...w.settings, executionTimeout: 900 };
    return w;
  },
};
