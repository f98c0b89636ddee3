import { Ollama } from 'ollama';

/** One Ollama instance and the models the plan wants on it. */
export interface SyncTarget {
  instance: string;
  url: string;
  models: string[];
}

/** What happened to one model on one instance. */
export interface SyncChange {
  instance: string;
  model: string;
  action: 'present' | 'pulled' | 'deleted' | 'would pull' | 'would delete' | 'failed';
  error?: string;
}

/** Pull progress of one model: Σcompleted / Σtotal over its distinct layer digests. */
export interface Progress {
  instance: string;
  model: string;
  status: string;
  completed: number;
  total: number;
}

/** Options of a sync; `fetch` is injectable for tests, `onProgress` receives every pull chunk. */
export interface SyncOptions {
  dryRun: boolean;
  prune: boolean;
  onProgress?: (p: Progress) => void;
  fetch?: typeof fetch;
}

/** `name` → `name:latest`, as Ollama names a model pulled without a tag. */
export function withTag(name: string): string {
  return /:[^/]+$/.test(name) ? name : `${name}:latest`;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function pullOne(client: Ollama, t: SyncTarget, model: string, opts: SyncOptions): Promise<void> {
  const layers = new Map<string, { total: number; completed: number }>();
  const stream = await client.pull({ model, stream: true });
  let last = '';
  for await (const chunk of stream) {
    if (chunk.digest) layers.set(chunk.digest, { total: chunk.total ?? 0, completed: chunk.completed ?? 0 });
    let total = 0;
    let completed = 0;
    for (const l of layers.values()) {
      total += l.total;
      completed += l.completed;
    }
    last = chunk.status;
    opts.onProgress?.({ instance: t.instance, model, status: chunk.status, completed, total });
  }
  // The client throws on an `error` chunk; a stream that ends without `success` was cut off.
  if (last !== 'success') throw new Error(`pull ended with "${last || 'no status'}" instead of success`);
}

/** Brings one instance to the planned model set; failures are per model and never stop the others. */
async function syncTarget(t: SyncTarget, opts: SyncOptions): Promise<SyncChange[]> {
  const client = new Ollama({ host: t.url, ...(opts.fetch ? { fetch: opts.fetch } : {}) });
  let present: string[];
  try {
    present = (await client.list()).models.map((m) => m.name);
  } catch (e) {
    const error = `cannot list models at ${t.url}: ${message(e)}`;
    return t.models.map((model) => ({ instance: t.instance, model, action: 'failed', error }));
  }
  const have = new Set(present.map(withTag));
  const want = new Set(t.models.map(withTag));
  const out: SyncChange[] = [];
  for (const model of t.models) {
    if (have.has(withTag(model))) {
      out.push({ instance: t.instance, model, action: 'present' });
    } else if (opts.dryRun) {
      out.push({ instance: t.instance, model, action: 'would pull' });
    } else {
      try {
        await pullOne(client, t, model, opts);
        out.push({ instance: t.instance, model, action: 'pulled' });
      } catch (e) {
        out.push({ instance: t.instance, model, action: 'failed', error: `pull failed: ${message(e)}` });
      }
    }
  }
  if (!opts.prune) return out;
  for (const model of present.filter((m) => !want.has(withTag(m))).sort()) {
    if (opts.dryRun) {
      out.push({ instance: t.instance, model, action: 'would delete' });
      continue;
    }
    try {
      await client.delete({ model });
      out.push({ instance: t.instance, model, action: 'deleted' });
    } catch (e) {
      out.push({ instance: t.instance, model, action: 'failed', error: `delete failed: ${message(e)}` });
    }
  }
  return out;
}

/** Syncs every target in turn (one pull at a time keeps the progress readable and the disks calm). */
export async function syncModels(targets: SyncTarget[], opts: SyncOptions): Promise<SyncChange[]> {
  const out: SyncChange[] = [];
  for (const t of targets) out.push(...(await syncTarget(t, opts)));
  return out;
}

/** A progress bar line for a TTY, e.g. `[#####-----]  50% qwen2.5:7b on ollama-gpu`. */
export function progressBar(p: Progress, width = 30): string {
  const ratio = p.total > 0 ? Math.min(1, p.completed / p.total) : 0;
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}% ${p.model} on ${p.instance}`;
}

/** The closing table of a sync: instance, model, action, error. */
export function changesTable(changes: SyncChange[]): string {
  const rows = [
    ['INSTANCE', 'MODEL', 'ACTION', 'ERROR'],
    ...changes.map((c) => [c.instance, c.model, c.action, c.error ?? '']),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return (
    rows
      .map((r) =>
        r
          .map((x, i) => x.padEnd(widths[i]!))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}
