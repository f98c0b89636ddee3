import { COMFYUI_NODE_LIST, COMFYUI_SOURCE } from './node-list.ts';
import type { ComfyGraph, ComfyInput, ComfyInputSpec } from './types.ts';

/**
 * The ComfyUI version each image shai may pin clones (lecode-official/comfyui-docker 0.5.0: source/Dockerfile:3),
 * so the node list recorded in node-list.ts can be held to it: test/comfyui/workflows.test.ts fails when the image
 * moves to one not listed here or when the record is of another version (record it again then, with
 * scripts/record-comfyui-nodes.ts).
 */
export const COMFYUI_OF_IMAGE: Record<string, string> = {
  'ghcr.io/lecode-official/comfyui-docker:0.5.0': 'v0.3.49',
};

/** Types a node's widget holds as a literal in the API format; every other type arrives over a link. */
const LITERALS: Record<string, (v: ComfyInput) => boolean> = {
  INT: (v) => Number.isInteger(v),
  FLOAT: (v) => typeof v === 'number',
  STRING: (v) => typeof v === 'string',
  BOOLEAN: (v) => typeof v === 'boolean',
  COMBO: (v) => typeof v === 'string' || typeof v === 'number',
};

function inputProblem(
  graph: ComfyGraph,
  name: string,
  v: ComfyInput,
  spec: ComfyInputSpec,
): string | undefined {
  if (Array.isArray(v)) {
    const [from, index] = v;
    const source = graph[from];
    if (!source) return `input ${name} links to missing node ${from}`;
    const outputs = COMFYUI_NODE_LIST[source.class_type]?.outputs;
    if (!outputs) return undefined; // the source's own problem, reported on it
    const type = outputs[index];
    if (type === undefined)
      return `input ${name} links to output ${index} of node ${from} (${source.class_type}), which has ${outputs.length}`;
    return type === spec.type || spec.type === 'COMBO' || spec.type === '*'
      ? undefined
      : `input ${name} takes ${spec.type}, node ${from} output ${index} is ${type}`;
  }
  const literal = LITERALS[spec.type];
  if (!literal) return `input ${name} takes ${spec.type} from a link, got ${JSON.stringify(v)}`;
  if (!literal(v)) return `input ${name} takes ${spec.type}, got ${JSON.stringify(v)}`;
  if (spec.choices && !spec.choices.includes(v as string | number))
    return `input ${name}: ${JSON.stringify(v)} is not one of ComfyUI's choices (${spec.choices.join(', ')})`;
  return undefined;
}

/**
 * What ComfyUI's validation of `POST /prompt` would refuse in `graph`, against the node list recorded from its
 * source (node-list.ts): unknown classes, inputs a class does not take, required inputs left out, links to missing
 * nodes or outputs, a link of the wrong type, a literal of the wrong type or outside a combo's choices. A combo
 * whose choices are files (checkpoints, input images) is checked for its type only.
 */
export function graphProblems(graph: ComfyGraph): string[] {
  const out: string[] = [];
  for (const [id, node] of Object.entries(graph)) {
    const spec = COMFYUI_NODE_LIST[node.class_type];
    if (!spec) {
      out.push(
        `node ${id}: ComfyUI ${COMFYUI_SOURCE.version} (nodes.py) has no node class ${node.class_type}`,
      );
      continue;
    }
    const at = `node ${id} (${node.class_type})`;
    for (const [name, v] of Object.entries(node.inputs)) {
      const input = spec.required[name] ?? spec.optional[name];
      const problem = input ? inputProblem(graph, name, v, input) : `no input ${name}`;
      if (problem) out.push(`${at}: ${problem}`);
    }
    for (const name of Object.keys(spec.required))
      if (!(name in node.inputs)) out.push(`${at}: input ${name} missing`);
  }
  return out;
}

/** The inputs a class takes (required and optional), for callers that map names onto a graph (Open WebUI). */
export function inputsOf(classType: string): string[] {
  const spec = COMFYUI_NODE_LIST[classType];
  return spec ? [...Object.keys(spec.required), ...Object.keys(spec.optional)] : [];
}
