import { z } from 'zod';
import { DnsLabel, PositiveInt, SecretRef } from './primitives.ts';

/** The n8n workflows shai ships; each is one file in src/workflows/. */
export const WORKFLOW_IDS = [
  'rag-retrieval',
  'chat-with-tools',
  'document-ingestion',
  'alert-digest',
  'github-summary',
  'image-request',
  'multimodal-pipeline',
] as const;
/** The webhook path of the alert-digest workflow, where Alertmanager posts (src/render/alerts.ts). */
export const ALERT_DIGEST_PATH = 'alert-digest';

/** One workflow shai ships. */
export type WorkflowId = (typeof WORKFLOW_IDS)[number];

/**
 * The services a workflow calls besides n8n. A workflow whose services are not all enabled is not imported, and
 * the plan says so (src/plan/warnings.ts); data, so the plan can read it without the workflow builders.
 */
export const WORKFLOW_SERVICES: Record<WorkflowId, readonly string[]> = {
  'rag-retrieval': ['litellm', 'qdrant'],
  'chat-with-tools': ['litellm', 'qdrant', 'searxng'],
  'document-ingestion': ['litellm', 'qdrant'],
  'alert-digest': ['litellm', 'kube-prometheus-stack'],
  'github-summary': ['litellm'],
  'image-request': ['comfyui'],
  'multimodal-pipeline': ['litellm', 'comfyui', 'audio', 'video'],
};

const ALIAS = 'expected a model alias of platform.yaml models (e.g. general)';
const Alias = z.string({ error: ALIAS }).min(1, { error: ALIAS });
const enabled = (on: boolean) =>
  z
    .boolean({ error: 'expected true or false' })
    .default(on)
    .describe(
      `Import this workflow into n8n (default ${on}; skipped, with a plan warning, when a service it calls is off).`,
    );

const RagRetrieval = z.strictObject({
  enabled: enabled(true),
  model: Alias.default('embed').describe('Embedding model alias the question is embedded with.'),
  topK: PositiveInt.max(50).default(4).describe('How many chunks to return.'),
});

const ChatWithTools = z.strictObject({
  enabled: enabled(true),
  model: Alias.default('general').describe('Chat model alias the agent runs on (it must support tools).'),
});

const DocumentIngestion = z.strictObject({
  enabled: enabled(true),
  model: Alias.default('embed').describe('Embedding model alias; the same one rag-retrieval queries with.'),
  chunkSize: PositiveInt.min(200).max(8000).default(1500).describe('Characters per chunk.'),
  chunkOverlap: z.int().min(0).max(2000).default(150).describe('Characters repeated between chunks.'),
});

const AlertDigest = z.strictObject({
  enabled: enabled(true),
  model: Alias.default('small').describe('Chat model alias that writes the digest.'),
});

const GithubSummary = z.strictObject({
  enabled: enabled(false),
  model: Alias.default('coder').describe('Chat model alias that summarises the pull request or issue.'),
  token: SecretRef.optional().describe(
    'Secret holding a GitHub token allowed to read the repository and comment (required when enabled).',
  ),
});

const ImageRequest = z.strictObject({
  enabled: enabled(true),
  checkpoint: z
    .string()
    .min(1)
    .optional()
    .describe('Checkpoint file (a comfyui.models entry of folder checkpoints); default: the first one.'),
  steps: PositiveInt.max(150).default(25).describe('Sampling steps.'),
});

const MultimodalPipeline = z.strictObject({
  enabled: enabled(false),
  model: Alias.default('general').describe('Chat model alias that writes the script.'),
  scenes: PositiveInt.max(8).default(3).describe('Scenes of the script: one image, narration and clip each.'),
  steps: PositiveInt.max(150).default(20).describe("Sampling steps of each scene's image."),
  voice: z
    .string()
    .min(1)
    .default('v2/en_speaker_6')
    .describe('Bark voice preset the audio server narrates with (its GET /voice/presets lists them).'),
});

/** `workflows:` in platform.yaml: which n8n workflows shai imports, and their parameters. */
export const Workflows = z
  .strictObject({
    collection: DnsLabel.default('shai-docs').describe(
      'Qdrant collection the RAG workflows write and read: the one `shai rag ingest --cluster` writes by default.',
    ),
    'rag-retrieval': RagRetrieval.prefault({}).describe(
      'Sub-workflow: embeds a question and returns the closest chunks of the collection.',
    ),
    'chat-with-tools': ChatWithTools.prefault({}).describe(
      'Chat agent with SearXNG web search and the RAG collection as tools.',
    ),
    'document-ingestion': DocumentIngestion.prefault({}).describe(
      'Webhook: chunks a posted document, embeds the chunks and upserts them into the collection.',
    ),
    'alert-digest': AlertDigest.prefault({}).describe(
      "Alertmanager webhook: a short digest of the firing alerts, mailed to alerts.email's recipient.",
    ),
    'github-summary': GithubSummary.prefault({}).describe(
      'Webhook: summarises a GitHub pull request or issue and posts the summary as a comment.',
    ),
    'image-request': ImageRequest.prefault({}).describe(
      "Webhook: queues a prompt on ComfyUI's text-to-image workflow and answers with the image's link.",
    ),
    'multimodal-pipeline': MultimodalPipeline.prefault({}).describe(
      'Webhook: a topic becomes a script (LiteLLM), an image per scene (ComfyUI), its narration (audio) and a ' +
        'clip from the image (video). Needs the audio and video servers; off by default.',
    ),
  })
  .describe(
    'n8n workflows that n8n imports when it starts (fixed ids, updated in place), and their parameters.',
  );

/** The validated `workflows:` section. */
export type WorkflowsConfig = z.output<typeof Workflows>;
