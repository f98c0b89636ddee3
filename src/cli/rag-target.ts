import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.ts';
import { lookupModel } from '../models/catalog.ts';
import type { Plan } from '../plan/types.ts';
import { LexicalEmbedder } from '../rag/embed/lexical.ts';
import { litellmEmbedder, ollamaEmbedder } from '../rag/embed/remote.ts';
import { QdrantStore } from '../rag/store/qdrant.ts';
import { SqliteStore } from '../rag/store/sqlite.ts';
import type { Embedder, Store } from '../rag/types.ts';
import { readStore, storePath } from '../secrets/store.ts';
import type { GlobalOptions, Io } from './command.ts';
import { loadPlatform } from './platform.ts';

/** The store and embedder a `shai rag` command works with. */
export interface RagTarget {
  store: Store;
  embedder: Embedder;
}

/** Flags shared by every `shai rag` command. */
export interface RagFlags {
  db?: string;
  cluster?: boolean;
  url?: string;
  apiKey?: string;
  embedder?: string;
  embedUrl?: string;
  embedModel?: string;
  secrets?: string;
}

/** The embedded store's file: `--db`, else SHAI_RAG_DB, else `$XDG_DATA_HOME/shai/rag.sqlite` (~/.local/share). */
export function embeddedPath(env: Io['env'], cwd: string, flag?: string): string {
  if (flag) return resolve(cwd, flag);
  if (env.SHAI_RAG_DB) return resolve(cwd, env.SHAI_RAG_DB);
  const base = env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share');
  return join(base, 'shai', 'rag.sqlite');
}

async function secretValue(plan: Plan, io: Io, flag: string | undefined, id: string, key: string) {
  const store = await readStore(resolve(io.cwd, storePath(plan.config.cluster.name, io.env, flag)));
  return store?.secrets[id]?.keys[key]?.value;
}

function serviceUrl(plan: Plan, service: string): string {
  const s = plan.services.find((x) => x.name === service);
  const url = s?.urls['http'] ?? Object.values(s?.urls ?? {})[0];
  if (!url)
    throw new UserError(`${service} is not enabled in the platform; pass its URL (--url / --embed-url)`);
  return url;
}

/** The context of the model behind the platform's `embed` alias, from the model catalog (2048 if unknown). */
function embedContext(plan: Plan, model: string): number {
  const planned = plan.models.find((m) => m.alias === model || m.model.name === model);
  return lookupModel(planned?.model.name ?? model)?.contextLength ?? 2048;
}

/**
 * Embedded mode (the default): the SQLite store and the lexical embedder, no network. Cluster mode (`--cluster`
 * or `--url`): Qdrant and LiteLLM's `embed` alias (or Ollama's /api/embed), with their in-cluster URLs from the
 * plan unless overridden and their keys from the environment or the secret store.
 */
export async function ragTarget(flags: RagFlags, opts: GlobalOptions, io: Io): Promise<RagTarget> {
  const kind = flags.embedder ?? (flags.cluster || flags.url ? 'litellm' : 'lexical');
  if (!['lexical', 'litellm', 'ollama'].includes(kind)) {
    throw new UserError(`--embedder is lexical, litellm or ollama, not "${kind}"`);
  }
  const needPlan = kind !== 'lexical' || flags.cluster || flags.url;
  const plan = needPlan ? (await loadPlatform(opts, io)).plan : undefined;
  let store: Store;
  if (flags.cluster || flags.url) {
    const url = flags.url ?? serviceUrl(plan!, 'qdrant');
    const key =
      flags.apiKey ??
      io.env.QDRANT_API_KEY ??
      (await secretValue(plan!, io, flags.secrets, 'ai/qdrant', 'api-key'));
    store = QdrantStore.connect(url, key);
  } else {
    store = new SqliteStore(embeddedPath(io.env, io.cwd, flags.db));
  }
  if (kind === 'lexical') return { store, embedder: new LexicalEmbedder() };
  const model = flags.embedModel ?? (kind === 'litellm' ? 'embed' : 'nomic-embed-text:v1.5');
  const contextTokens = embedContext(plan!, model);
  if (kind === 'ollama') {
    const url = flags.embedUrl ?? serviceUrl(plan!, 'ollama-cpu');
    return { store, embedder: await ollamaEmbedder({ url, model, contextTokens }) };
  }
  const url = flags.embedUrl ?? serviceUrl(plan!, 'litellm');
  const apiKey =
    io.env.LITELLM_API_KEY ?? (await secretValue(plan!, io, flags.secrets, 'ai/litellm', 'master-key'));
  return { store, embedder: await litellmEmbedder({ url, model, apiKey, contextTokens }) };
}
