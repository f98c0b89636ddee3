import type { WorkflowId } from '../config/workflows.ts';
import type { Plan } from '../plan/types.ts';

/** A node of an n8n workflow, as n8n exports and imports it. */
export interface N8nNode {
  id: string;
  name: string;
  type: string;
  typeVersion: number;
  position: [number, number];
  parameters: Record<string, unknown>;
  credentials?: Record<string, { id: string; name: string }>;
  webhookId?: string;
}

/** One link of n8n's `connections`: the target node, the kind of input, its index. */
export interface N8nLink {
  node: string;
  type: string;
  index: number;
}

/** An n8n workflow file (`n8n import:workflow` input). */
export interface N8nWorkflow {
  id: string;
  name: string;
  nodes: N8nNode[];
  /** source node name → connection type → output index → links. */
  connections: Record<string, Record<string, N8nLink[][]>>;
  settings: Record<string, unknown>;
  active: boolean;
  pinData: Record<string, never>;
}

/** The credentials shai creates in n8n (src/workflows/credentials.ts). */
export type CredentialKey = 'litellm' | 'qdrant' | 'searxng' | 'smtp' | 'github';

/** How a workflow starts: an HTTP webhook (POST path), n8n's chat endpoint, or only from another workflow. */
export type WorkflowTrigger =
  { kind: 'webhook'; path: string } | { kind: 'chat'; webhookId: string } | { kind: 'sub-workflow' };

/** One workflow shai ships: data beside its build. */
export interface WorkflowDef {
  id: WorkflowId;
  /** The fixed n8n id: `import:workflow` upserts by it, so a re-import updates the workflow in place. */
  n8nId: string;
  name: string;
  trigger: WorkflowTrigger;
  credentials: CredentialKey[];
  /** What it is for, for docs/workflows.md. */
  purpose: string;
  /** The calls it makes, one line each, for docs/workflows.md. */
  calls: string[];
  /** A request body that starts it (its webhook's), for the docs' example `curl`. */
  example?: Record<string, unknown>;
  build(plan: Plan): N8nWorkflow;
}
