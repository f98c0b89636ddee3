/*
 * The data of the Qdrant snapshot fixture (test/fixtures/qdrant, recorded by scripts/record-qdrant-snapshot.ts):
 * two collections named the way Open WebUI names its own (`open-webui_` + the kind), their points with payloads
 * like the chunks it stores, and what is written after the snapshot (which a restore must not bring back).
 */

/** A point as written: the id and its payload; the vector is `vector(id, size)`. */
export interface FixturePoint {
  id: number;
  payload: Record<string, unknown>;
}

const chunk = (id: number): FixturePoint => ({
  id,
  payload: {
    text: `chunk ${id} of the handbook`,
    metadata: { file_id: `file-${id % 3}`, source: `handbook-${id % 3}.pdf`, start_index: id * 512 },
  },
});

const memory = (id: number): FixturePoint => ({
  id,
  payload: { text: `memory ${id}`, metadata: { user_id: 'u-42', created_at: 1796300000 + id } },
});

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** What the live server holds when the snapshot is taken. */
export const COLLECTIONS: Record<string, { size: number; points: FixturePoint[] }> = {
  'open-webui_knowledge': { size: 8, points: range(1, 24).map(chunk) },
  'open-webui_memories': { size: 4, points: range(1, 5).map(memory) },
};

/** Upserted after the snapshot, before Velero's copy: in the raw files, not in the snapshot. */
export const AFTER_SNAPSHOT: Record<string, FixturePoint[]> = {
  'open-webui_knowledge': range(100, 104).map(chunk),
};

/** Deleted after the snapshot: gone from the raw files, back after the restore. */
export const DELETED_AFTER_SNAPSHOT: Record<string, number[]> = { 'open-webui_memories': [1] };

/** A deterministic vector for point `id`. */
export function vector(id: number, size: number): number[] {
  return Array.from({ length: size }, (_, k) => Math.round(Math.sin(id * 7 + k) * 1000) / 1000);
}
