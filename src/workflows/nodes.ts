import { createHash } from 'node:crypto';
import type { CredentialKey, N8nLink, N8nNode, N8nWorkflow } from './types.ts';
import { credentialRef } from './credentials.ts';

/** A stable UUID from a name: node ids and webhook ids stay the same on every render. */
export function stableUuid(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\0')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** What a workflow file says about one node; ids and positions are filled in by `workflow`. */
export interface NodeSpec {
  name: string;
  type: string;
  typeVersion: number;
  parameters?: Record<string, unknown>;
  credentials?: CredentialKey[];
  webhookId?: string;
}

/** An edge: `from` feeds `to`; `type` is `main` or an AI sub-node input such as `ai_languageModel`. */
export interface Edge {
  from: string;
  to: string;
  type?: string;
  output?: number;
}

/** n8n's resource-locator value by id (models, collections, workflows). */
export function byId(value: string): Record<string, unknown> {
  return { __rl: true, mode: 'id', value };
}

/** The workflow file: nodes laid out left to right in the order given, ids derived from the workflow id. */
export function workflow(n8nId: string, name: string, specs: NodeSpec[], edges: Edge[]): N8nWorkflow {
  const nodes: N8nNode[] = specs.map((s, i) => ({
    id: stableUuid(n8nId, s.name),
    name: s.name,
    type: s.type,
    typeVersion: s.typeVersion,
    position: [i * 220, 0],
    parameters: s.parameters ?? {},
    ...(s.credentials?.length
      ? {
          credentials: Object.fromEntries(
            s.credentials.map((c) => [credentialRef(c).type, credentialRef(c).ref]),
          ),
        }
      : {}),
    ...(s.webhookId ? { webhookId: s.webhookId } : {}),
  }));
  const names = new Set(specs.map((s) => s.name));
  const connections: Record<string, Record<string, N8nLink[][]>> = {};
  for (const e of edges) {
    if (!names.has(e.from) || !names.has(e.to))
      throw new Error(`${n8nId}: edge ${e.from} → ${e.to} names no node`);
    const type = e.type ?? 'main';
    const outputs = ((connections[e.from] ??= {})[type] ??= []);
    const output = e.output ?? 0;
    while (outputs.length <= output) outputs.push([]);
    outputs[output]!.push({ node: e.to, type, index: 0 });
  }
  return {
    id: n8nId,
    name,
    nodes,
    connections,
    settings: { executionOrder: 'v1' },
    active: false,
    pinData: {},
  };
}

/** `main` edges through the named nodes in order. */
export function chain(...names: string[]): Edge[] {
  return names.slice(1).map((to, i) => ({ from: names[i]!, to }));
}
