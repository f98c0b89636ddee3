import { Ollama } from 'ollama';
import OpenAI from 'openai';
import type { Embedder } from '../types.ts';

/** How one batch of texts becomes vectors on a server. */
type EmbedCall = (texts: string[]) => Promise<number[][]>;

/** Settings of a network embedder: where, which model, and the context its chunks must fit. */
export interface RemoteOptions {
  url: string;
  model: string;
  apiKey?: string;
  contextTokens: number;
}

/** An embedder backed by a server; the vector size is learnt from one probe call (`open`). */
export class RemoteEmbedder implements Embedder {
  private constructor(
    readonly name: string,
    readonly dimensions: number,
    readonly contextTokens: number,
    private readonly call: EmbedCall,
  ) {}

  static async open(name: string, contextTokens: number, call: EmbedCall): Promise<RemoteEmbedder> {
    const [probe] = await call(['dimension probe']);
    if (!probe?.length) throw new Error(`${name} returned no vector`);
    return new RemoteEmbedder(name, probe.length, contextTokens, call);
  }

  embed(texts: string[]): Promise<number[][]> {
    return this.call(texts);
  }
}

/** Ollama's /api/embed (through the ollama package). Inputs past the context are truncated by Ollama. */
export function ollamaEmbedder(o: RemoteOptions): Promise<RemoteEmbedder> {
  const client = new Ollama({
    host: o.url,
    headers: o.apiKey ? { Authorization: `Bearer ${o.apiKey}` } : {},
  });
  return RemoteEmbedder.open(`ollama:${o.model}`, o.contextTokens, async (texts) => {
    const res = await client.embed({ model: o.model, input: texts, truncate: true });
    return res.embeddings;
  });
}

/** LiteLLM's OpenAI-compatible /v1/embeddings (through the openai package), e.g. the platform's `embed` alias. */
export function litellmEmbedder(o: RemoteOptions): Promise<RemoteEmbedder> {
  const client = new OpenAI({ baseURL: `${o.url.replace(/\/$/, '')}/v1`, apiKey: o.apiKey ?? 'none' });
  return RemoteEmbedder.open(`litellm:${o.model}`, o.contextTokens, async (texts) => {
    const res = await client.embeddings.create({ model: o.model, input: texts, encoding_format: 'float' });
    return [...res.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
  });
}
