import { textToImage } from '../comfyui/text-to-image.ts';
import { imageCheckpoint } from '../plan/workflows.ts';
import { publicUrl, serviceUrl } from '../build/refs.ts';
import { stableUuid, workflow, type NodeSpec } from './nodes.ts';
import type { WorkflowDef } from './types.ts';

const PROMPT = '"__shai_prompt__"';
const NEGATIVE = '"__shai_negative__"';
const SEED = '"__shai_seed__"';

/** A plain HTTP call to ComfyUI (no credential: forward-auth guards its host, not the in-cluster Service). */
function comfyNode(name: string, method: string, url: string, body?: string): NodeSpec {
  return {
    name,
    type: 'n8n-nodes-base.httpRequest',
    typeVersion: 4.2,
    parameters: {
      method,
      url,
      ...(body ? { sendBody: true, specifyBody: 'json', jsonBody: body } : {}),
      options: {},
    },
  };
}

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
      seed: 0,
      steps: plan.config.workflows['image-request'].steps,
    });
    // Indented JSON: n8n ends an expression at the first `}}`, which compact JSON of nested objects contains.
    const literal = JSON.stringify({ client_id: 'shai-n8n', prompt: graph }, null, 1)
      .replace(PROMPT, 'String($json.body.prompt)')
      .replace(NEGATIVE, "String($json.body.negative ?? 'blurry, low quality')")
      .replace('"seed": 0', `"seed": ${SEED}`)
      .replace(SEED, 'Number($json.body.seed ?? Math.floor(Math.random() * 1e15))');
    const view = `${publicUrl(plan, 'comfyui')}/view`;
    // ComfyUI's /history/<id> answers {} until the prompt ran, then { <id>: { outputs: { <node>: { images } } } }.
    const images =
      "Object.values($json[$('Queue').first().json.prompt_id]?.outputs ?? {}).flatMap((o) => o.images ?? [])";
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
        comfyNode('Queue', 'POST', `${comfy}/prompt`, `={{ JSON.stringify(${literal}) }}`),
        {
          name: 'Wait',
          type: 'n8n-nodes-base.wait',
          typeVersion: 1.1,
          webhookId: stableUuid(this.n8nId, 'wait'),
          parameters: { resume: 'timeInterval', amount: 2, unit: 'seconds' },
        },
        comfyNode('History', 'GET', `={{ '${comfy}/history/' + $('Queue').first().json.prompt_id }}`),
        {
          name: 'Saved?',
          type: 'n8n-nodes-base.if',
          typeVersion: 2.2,
          parameters: {
            conditions: {
              options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
              conditions: [
                {
                  id: stableUuid(this.n8nId, 'saved'),
                  leftValue: `={{ ${images}.length > 0 }}`,
                  rightValue: '',
                  operator: { type: 'boolean', operation: 'true', singleValue: true },
                },
              ],
              combinator: 'and',
            },
            looseTypeValidation: true,
            options: {},
          },
        },
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
