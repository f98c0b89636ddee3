import type { ComfyGraph } from '../comfyui/types.ts';
import { plainNode } from './http.ts';
import { stableUuid, type NodeSpec } from './nodes.ts';

/**
 * The body of ComfyUI's `POST /prompt` as an n8n expression: `graph` with the placeholder strings of `values`
 * replaced by n8n expressions (`"__shai_seed__"` → `Number($json.seed)`). Indented JSON: n8n ends an expression
 * at the first `}}`, which compact JSON of nested objects contains. The client id `shai-n8n/<workflow>` names
 * the workflow in ComfyUI's queue and history, where `shai doctor --probe` reads it (cluster/workflows/).
 */
export function promptBody(workflow: string, graph: ComfyGraph, values: Record<string, string>): string {
  let literal = JSON.stringify({ client_id: `shai-n8n/${workflow}`, prompt: graph }, null, 1);
  for (const [placeholder, expression] of Object.entries(values))
    literal = literal.replace(JSON.stringify(placeholder), expression);
  return `={{ JSON.stringify(${literal}) }}`;
}

/**
 * The images ComfyUI saved for the prompt `queue` (an n8n expression naming the Queue node's item) in the
 * `/history/<id>` answer at `history`: {} until the prompt ran, then { <id>: { outputs: { <node>: { images } } } }.
 */
export function savedImages(queue: string, history = '$json'): string {
  return `Object.values(${history}[${queue}.json.prompt_id]?.outputs ?? {}).flatMap((o) => o.images ?? [])`;
}

/**
 * Polls ComfyUI's history every 2 s until the prompt's images are saved: Wait → History → Saved? (its output 0
 * when saved, 1 back to Wait). `queue` is the expression of the Queue node's item, e.g. `$('Queue').first()`.
 */
export function pollNodes(n8nId: string, comfy: string, queue: string): NodeSpec[] {
  return [
    {
      name: 'Wait',
      type: 'n8n-nodes-base.wait',
      typeVersion: 1.1,
      webhookId: stableUuid(n8nId, 'wait'),
      parameters: { resume: 'timeInterval', amount: 2, unit: 'seconds' },
    },
    plainNode('History', 'GET', `={{ '${comfy}/history/' + ${queue}.json.prompt_id }}`),
    {
      name: 'Saved?',
      type: 'n8n-nodes-base.if',
      typeVersion: 2.2,
      parameters: {
        conditions: {
          options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
          conditions: [
            {
              id: stableUuid(n8nId, 'saved'),
              leftValue: `={{ ${savedImages(queue)}.length > 0 }}`,
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
  ];
}
