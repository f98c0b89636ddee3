/** A run of text under one heading path, as a reader finds it in a document. */
export interface Section {
  /** Headings from the document's top down to this section: `['Models', 'Aliases']`. */
  headings: string[];
  text: string;
}

/** A document read from a file or URL: where it came from and its sections in order. */
export interface Document {
  /** The path relative to the ingest root, or the URL: what `query` shows and `eval` matches. */
  source: string;
  sections: Section[];
}

/** One piece of a document that is embedded and stored as one point. */
export interface Chunk {
  /** Stable id: from source, position and content, so an unchanged chunk keeps its id. */
  id: string;
  source: string;
  headings: string[];
  text: string;
  /** SHA-256 of what is embedded (heading path and text): equal hash, equal vector. */
  hash: string;
  /** Position of the chunk within its source. */
  index: number;
  tokens: number;
}

/** A chunk with its vector, ready to store. */
export interface EmbeddedChunk extends Chunk {
  vector: number[];
}

/** What a query returns: the chunk and its score (cosine similarity, higher is closer). */
export interface Hit {
  source: string;
  headings: string[];
  text: string;
  score: number;
}

/** Turns texts into vectors. `name` is what the store records so a collection is never mixed. */
export interface Embedder {
  /** e.g. `lexical-hash-v1/2048` or `ollama:nomic-embed-text:v1.5`. */
  readonly name: string;
  readonly dimensions: number;
  /** How many tokens one input may hold (the model's context). */
  readonly contextTokens: number;
  embed(texts: string[], purpose: 'document' | 'query'): Promise<number[][]>;
}

/** What the store keeps about a collection. */
export interface CollectionInfo {
  name: string;
  embedder: string;
  dimensions: number;
  chunks: number;
  sources: number;
}

/** The chunks a store holds for one source: id → hash. */
export type StoredChunks = Map<string, string>;

/** A vector store: the embedded SQLite one or Qdrant. */
export interface Store {
  readonly kind: string;
  /** Creates the collection if needed; refuses one made with another embedder or size. */
  ensure(collection: string, embedder: string, dimensions: number): Promise<void>;
  collections(): Promise<CollectionInfo[]>;
  drop(collection: string): Promise<boolean>;
  /** Every stored source with its chunk ids and hashes. */
  stored(collection: string): Promise<Map<string, StoredChunks>>;
  upsert(collection: string, chunks: EmbeddedChunk[]): Promise<void>;
  remove(collection: string, ids: string[]): Promise<void>;
  search(collection: string, vector: number[], k: number): Promise<Hit[]>;
  close(): Promise<void>;
}
