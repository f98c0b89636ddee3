import { z } from 'zod';

/** The collection the docs example and every command default to. */
export const DEFAULT_COLLECTION = 'shai-docs';

const collection = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/, 'a collection name is letters, digits, _ . - (at most 255)')
  .default(DEFAULT_COLLECTION)
  .describe('the collection to search');

/** `shai rag query` and the `rag_query` MCP tool take the same input. */
export const RagQueryInput = z.object({
  question: z.string().min(1).max(4000).describe('what to search for'),
  collection,
  k: z.coerce.number().int().min(1).max(50).default(5).describe('how many chunks to return'),
});
export type RagQueryInput = z.infer<typeof RagQueryInput>;

/** `shai rag eval`'s options. */
export const RagEvalInput = z.object({
  collection,
  questions: z.string().min(1).default('docs/rag-questions.yaml'),
  k: z.coerce.number().int().min(1).max(50).default(5),
});

/** `shai rag ingest`'s options. */
export const RagIngestInput = z.object({
  collection,
  batch: z.coerce.number().int().min(1).max(4096).default(64),
});
