import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { UserError } from '../../errors.ts';
import { usedDimensions, type DimensionStats } from '../embed/lexical.ts';
import type { CollectionInfo, EmbeddedChunk, Hit, Store, StoredChunks } from '../types.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS collections (
  id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, embedder TEXT NOT NULL, dimensions INTEGER NOT NULL,
  documents INTEGER NOT NULL DEFAULT 0, frequencies BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS chunks (
  rowid INTEGER PRIMARY KEY, collection INTEGER NOT NULL REFERENCES collections(id), id TEXT NOT NULL,
  source TEXT NOT NULL, headings TEXT NOT NULL, text TEXT NOT NULL, hash TEXT NOT NULL, UNIQUE (collection, id));
CREATE INDEX IF NOT EXISTS chunks_source ON chunks (collection, source);
`;

interface CollectionRow {
  id: number;
  name: string;
  embedder: string;
  dimensions: number;
  documents: number;
  frequencies: Buffer;
}

const f32 = (v: readonly number[]) => Buffer.from(new Float32Array(v).buffer);

/**
 * The embedded store: one SQLite file (better-sqlite3) with the sqlite-vec extension, one vec0 table per
 * collection searched by cosine distance. Each collection also keeps per-dimension document counts, which the
 * lexical embedder weighs query words with.
 */
export class SqliteStore implements Store {
  readonly kind = 'embedded';
  private readonly db: Database.Database;

  constructor(readonly path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    sqliteVec.load(this.db);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(SCHEMA);
  }

  private row(name: string): CollectionRow | undefined {
    return this.db.prepare('SELECT * FROM collections WHERE name = ?').get(name) as CollectionRow | undefined;
  }

  private need(name: string): CollectionRow {
    const row = this.row(name);
    if (!row)
      throw new UserError(`no collection "${name}" in ${this.path} (shai rag collections lists them)`);
    return row;
  }

  ensure(name: string, embedder: string, dimensions: number): Promise<void> {
    const row = this.row(name);
    if (row && (row.embedder !== embedder || row.dimensions !== dimensions)) {
      throw new UserError(
        `collection "${name}" holds vectors of ${row.embedder} (${row.dimensions} dimensions), not ${embedder} (${dimensions}); drop it or pick another --collection`,
      );
    }
    if (!row) {
      const tx = this.db.transaction(() => {
        const id = this.db
          .prepare('INSERT INTO collections (name, embedder, dimensions, frequencies) VALUES (?, ?, ?, ?)')
          .run(name, embedder, dimensions, Buffer.alloc(dimensions * 8)).lastInsertRowid;
        this.db.exec(
          `CREATE VIRTUAL TABLE vec_${id} USING vec0(embedding float[${dimensions}] distance_metric=cosine)`,
        );
      });
      tx();
    }
    return Promise.resolve();
  }

  collections(): Promise<CollectionInfo[]> {
    const rows = this.db
      .prepare(
        `SELECT c.name, c.embedder, c.dimensions, count(k.rowid) AS chunks, count(DISTINCT k.source) AS sources
         FROM collections c LEFT JOIN chunks k ON k.collection = c.id GROUP BY c.id ORDER BY c.name`,
      )
      .all() as CollectionInfo[];
    return Promise.resolve(rows);
  }

  drop(name: string): Promise<boolean> {
    const row = this.row(name);
    if (!row) return Promise.resolve(false);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM chunks WHERE collection = ?').run(row.id);
      this.db.exec(`DROP TABLE vec_${row.id}`);
      this.db.prepare('DELETE FROM collections WHERE id = ?').run(row.id);
    })();
    return Promise.resolve(true);
  }

  stored(name: string): Promise<Map<string, StoredChunks>> {
    const row = this.need(name);
    const out = new Map<string, StoredChunks>();
    const rows = this.db.prepare('SELECT id, source, hash FROM chunks WHERE collection = ?').all(row.id) as {
      id: string;
      source: string;
      hash: string;
    }[];
    for (const r of rows) {
      if (!out.has(r.source)) out.set(r.source, new Map());
      out.get(r.source)!.set(r.id, r.hash);
    }
    return Promise.resolve(out);
  }

  /** Adds or subtracts a vector's used dimensions from the collection's document counts. */
  private count(freq: Float64Array, vector: ArrayLike<number>, by: 1 | -1): void {
    for (const d of usedDimensions(Array.from(vector))) freq[d] = Math.max(0, freq[d]! + by);
  }

  private deleteIds(row: CollectionRow, freq: Float64Array, ids: string[]): number {
    const find = this.db.prepare('SELECT rowid FROM chunks WHERE collection = ? AND id = ?');
    const vec = this.db.prepare(`SELECT embedding FROM vec_${row.id} WHERE rowid = ?`);
    let removed = 0;
    for (const id of ids) {
      const hit = find.get(row.id, id) as { rowid: number } | undefined;
      if (!hit) continue;
      const old = vec.get(BigInt(hit.rowid)) as { embedding: Buffer } | undefined;
      if (old)
        this.count(
          freq,
          new Float32Array(old.embedding.buffer, old.embedding.byteOffset, row.dimensions),
          -1,
        );
      this.db.prepare(`DELETE FROM vec_${row.id} WHERE rowid = ?`).run(BigInt(hit.rowid));
      this.db.prepare('DELETE FROM chunks WHERE rowid = ?').run(hit.rowid);
      removed++;
    }
    return removed;
  }

  private frequencies(row: CollectionRow): Float64Array {
    return new Float64Array(
      row.frequencies.buffer.slice(
        row.frequencies.byteOffset,
        row.frequencies.byteOffset + row.frequencies.byteLength,
      ),
    );
  }

  upsert(name: string, chunks: EmbeddedChunk[]): Promise<void> {
    const row = this.need(name);
    const insert = this.db.prepare(
      'INSERT INTO chunks (collection, id, source, headings, text, hash) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const insertVec = this.db.prepare(`INSERT INTO vec_${row.id} (rowid, embedding) VALUES (?, ?)`);
    // One transaction per batch: an interrupted ingest keeps every batch before it, and the next run skips them.
    this.db.transaction(() => {
      const freq = this.frequencies(row);
      let documents =
        row.documents -
        this.deleteIds(
          row,
          freq,
          chunks.map((c) => c.id),
        );
      for (const c of chunks) {
        if (c.vector.length !== row.dimensions) {
          throw new Error(
            `vector of ${c.vector.length} dimensions for a ${row.dimensions}-dimension collection`,
          );
        }
        const rowid = insert.run(
          row.id,
          c.id,
          c.source,
          JSON.stringify(c.headings),
          c.text,
          c.hash,
        ).lastInsertRowid;
        insertVec.run(BigInt(rowid), f32(c.vector));
        this.count(freq, c.vector, 1);
        documents++;
      }
      this.saveStats(row.id, documents, freq);
    })();
    return Promise.resolve();
  }

  private saveStats(id: number, documents: number, freq: Float64Array): void {
    this.db
      .prepare('UPDATE collections SET documents = ?, frequencies = ? WHERE id = ?')
      .run(documents, Buffer.from(freq.buffer), id);
  }

  remove(name: string, ids: string[]): Promise<void> {
    const row = this.need(name);
    this.db.transaction(() => {
      const freq = this.frequencies(row);
      const removed = this.deleteIds(row, freq, ids);
      this.saveStats(row.id, row.documents - removed, freq);
    })();
    return Promise.resolve();
  }

  /** Per-dimension document counts of the collection (for the lexical embedder's query weights). */
  stats(name: string): Promise<DimensionStats> {
    const row = this.need(name);
    return Promise.resolve({ documents: row.documents, frequencies: this.frequencies(row) });
  }

  search(name: string, vector: number[], k: number): Promise<Hit[]> {
    const row = this.need(name);
    const rows = this.db
      .prepare(
        `SELECT c.source, c.headings, c.text, v.distance FROM vec_${row.id} v JOIN chunks c ON c.rowid = v.rowid
         WHERE v.embedding MATCH ? AND k = ? ORDER BY v.distance`,
      )
      .all(f32(vector), k) as { source: string; headings: string; text: string; distance: number }[];
    return Promise.resolve(
      rows.map((r) => ({
        source: r.source,
        headings: JSON.parse(r.headings) as string[],
        text: r.text,
        score: 1 - r.distance,
      })),
    );
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }
}
