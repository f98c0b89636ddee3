import { gib } from './estimate.ts';
import type { ModelPlan } from './planner.ts';

const FIT_TEXT = { full: 'fits', partial: 'partly', none: 'does not fit' } as const;

/** The model plan as a text table per instance. */
export function modelPlanText(mp: ModelPlan): string {
  const out: string[] = [];
  for (const i of mp.instances) {
    const s = i.settings;
    const reserved = Object.entries(i.reserved).map(([k, v]) => `${k} ${v} GiB`).join(', ');
    out.push(
      `${i.instance} on ${i.node} (${i.kind}): budget ${gib(i.budget)}${reserved ? ` (GPU shared with ${reserved})` : ''}; ` +
        `context ${s.contextLength} × ${s.numParallel} parallel, KV ${s.kvCacheType}${s.flashAttention ? ', flash attention' : ''}`,
    );
    const rows = [['MODEL', 'ALIAS', 'WEIGHTS', 'KV', 'GRAPH', 'TOTAL', 'FIT', 'NOTE']];
    for (const m of i.models) {
      const e = m.estimate;
      const total = i.kind === 'gpu' ? e.totalGpu : e.totalCpu;
      const fit = m.fit === 'partial' ? `partly (${e.offloadableLayers - m.gpuLayers}/${e.offloadableLayers} layers on CPU)` : FIT_TEXT[m.fit];
      const notes = [m.keepLoaded ? 'keepLoaded' : '', m.guessed ? 'guess: not in catalog' : '', m.suggestion ? `would fit with ${m.suggestion}` : ''];
      rows.push([m.model, m.alias, gib(e.weights + e.projector), gib(e.kvCache), gib(e.graph), gib(total), fit, notes.filter(Boolean).join('; ')]);
    }
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
    for (const r of rows) out.push('  ' + r.map((x, c) => x.padEnd(widths[c]!)).join('  ').trimEnd());
    const together = i.keepLoadedBytes <= i.budget ? 'fit together' : 'do NOT fit together';
    out.push(`  keepLoaded models: ${gib(i.keepLoadedBytes)} of ${gib(i.budget)}, ${together}`, '');
  }
  return out.join('\n');
}

/** The model plan as JSON (bytes as integers). */
export function modelPlanJson(mp: ModelPlan): string {
  const round = (_k: string, v: unknown) => (typeof v === 'number' ? Math.round(v) : v);
  return JSON.stringify(mp, round, 2) + '\n';
}
