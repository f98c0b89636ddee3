import { gib } from './estimate.ts';
import type { InstancePlan, ModelFit, ModelPlan } from './planner.ts';

const FIT_TEXT = { full: 'fits', partial: 'partly', none: 'does not fit' } as const;
const SOURCE_TEXT = { catalog: 'catalog', ollama: 'ollama /api/show', guess: 'GUESS (size)' } as const;

function header(i: InstancePlan): string {
  const s = i.settings;
  const reserved = Object.entries(i.reserved)
    .map(([k, v]) => `${k} ${v} GiB`)
    .join(', ');
  const budget =
    i.kind === 'gpu' && reserved
      ? i.budget < i.cardBytes
        ? `budget ${gib(i.budget)} (${gib(i.cardBytes)} card minus the declared VRAM of ${reserved})`
        : `budget ${gib(i.budget)} (whole card; also declared on it: ${reserved})`
      : i.memory
        ? `budget ${gib(i.budget)} (${cpuBudget(i.memory)})`
        : `budget ${gib(i.budget)}`;
  return (
    `${i.instance} on ${i.node} (${i.kind}): ${budget}; ` +
    `context ${s.contextLength} × ${s.numParallel} parallel, KV ${s.kvCacheType}${s.flashAttention ? ', flash attention' : ''}`
  );
}

/** Which bound decides a CPU instance's budget: its container's memory limit or what the node's other pods leave. */
function cpuBudget(m: NonNullable<InstancePlan['memory']>): string {
  const left = `${gib(m.left)} of node memory the other pods leave`;
  if (m.limit === undefined) return `no memory limit; ${left}`;
  return m.limit <= m.left
    ? `the container's memory limit; ${left}`
    : `${left}; the container's limit is ${gib(m.limit)}`;
}

function row(i: InstancePlan, m: ModelFit): string[] {
  const e = m.estimate;
  const total = i.kind === 'gpu' ? e.totalGpu : e.totalCpu;
  const fit =
    m.fit === 'partial'
      ? `partly (${e.offloadableLayers - m.gpuLayers}/${e.offloadableLayers} layers on CPU)`
      : FIT_TEXT[m.fit];
  const notes = [
    m.keepLoaded ? 'keepLoaded' : '',
    m.parallelNote ? `${m.numParallel} slot: ${m.parallelNote}` : '',
    // Ollama quantizes the KV cache only with flash attention, which some architectures lack (BERT, gemma2).
    e.kvTypeUsed !== i.settings.kvCacheType ? `KV ${e.kvTypeUsed}: no flash attention for this model` : '',
    m.suggestion ? `would fit with ${m.suggestion}` : '',
  ];
  return [
    m.model,
    m.alias,
    SOURCE_TEXT[m.source],
    gib(e.weights + e.projector),
    gib(e.kvCache),
    gib(e.graph),
    gib(total),
    fit,
    notes.filter(Boolean).join('; '),
  ];
}

function together(i: InstancePlan): string {
  const reservedGiB = Object.values(i.reserved).reduce((a, b) => a + b, 0);
  if (i.kind === 'gpu' && reservedGiB > 0) {
    const sum = i.keepLoadedBytes + reservedGiB * 1024 ** 3;
    const verdict = i.overcommitted
      ? 'EXCEED the card: Ollama spills layers to CPU or the other services run out of memory'
      : 'fit the card';
    return `  keepLoaded models ${gib(i.keepLoadedBytes)} + other GPU services ${reservedGiB.toFixed(1)} GiB = ${gib(sum)} of ${gib(i.cardBytes)}, ${verdict}`;
  }
  const verdict = i.keepLoadedBytes <= i.budget ? 'fit together' : 'do NOT fit together';
  return `  keepLoaded models: ${gib(i.keepLoadedBytes)} of ${gib(i.budget)}, ${verdict}`;
}

/** The model plan as a text table per instance, then the guesses and notes. */
export function modelPlanText(mp: ModelPlan): string {
  const out: string[] = [];
  for (const i of mp.instances) {
    out.push(header(i));
    const rows = [
      ['MODEL', 'ALIAS', 'FIGURES', 'WEIGHTS', 'KV', 'GRAPH', 'TOTAL', 'FIT', 'NOTE'],
      ...i.models.map((m) => row(i, m)),
    ];
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
    for (const r of rows)
      out.push(
        '  ' +
          r
            .map((x, c) => x.padEnd(widths[c]!))
            .join('  ')
            .trimEnd(),
      );
    out.push(together(i), '');
  }
  const guesses = [
    ...new Set(
      mp.instances
        .flatMap((i) => i.models)
        .filter((m) => m.guessed)
        .map((m) => m.model),
    ),
  ];
  if (guesses.length) {
    out.push(
      `Guessed: ${guesses.join(', ')} ${guesses.length > 1 ? 'are' : 'is'} not in the catalog and no Ollama reported ${guesses.length > 1 ? 'their' : 'its'} figures; the estimate assumes a Llama-like model of that size (pass --url to ask a running Ollama).`,
    );
  }
  for (const n of mp.notes) out.push(`Note: ${n}`);
  if (guesses.length || mp.notes.length) out.push('');
  return out.join('\n');
}

/** The model plan as JSON (bytes as integers). */
export function modelPlanJson(mp: ModelPlan): string {
  const round = (_k: string, v: unknown) => (typeof v === 'number' ? Math.round(v) : v);
  return JSON.stringify(mp, round, 2) + '\n';
}
