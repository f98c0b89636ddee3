import type { WorkflowId } from '../config/workflows.ts';
import { alertDigest } from './alert-digest.ts';
import { chatWithTools } from './chat-with-tools.ts';
import { documentIngestion } from './document-ingestion.ts';
import { githubSummary } from './github-summary.ts';
import { imageRequest } from './image-request.ts';
import { multimodalPipeline } from './multimodal-pipeline.ts';
import { ragRetrieval } from './rag-retrieval.ts';
import type { WorkflowDef } from './types.ts';

/** Every workflow shai ships, sub-workflows before the workflows that call them. */
export const WORKFLOWS: readonly WorkflowDef[] = [
  ragRetrieval,
  chatWithTools,
  documentIngestion,
  alertDigest,
  githubSummary,
  imageRequest,
  multimodalPipeline,
];

/** The workflow of an id. */
export function workflowDef(id: WorkflowId): WorkflowDef | undefined {
  return WORKFLOWS.find((w) => w.id === id);
}
