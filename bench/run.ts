// `npm run bench`: runs every benchmark below, one after another, and prints a table.
// Benchmarks are not tests: they assert nothing and are never part of `npm test`.
import { performance } from 'node:perf_hooks';
import { checkBench } from './check.ts';
import { checkTreeBench } from './check-tree.ts';
import { doctorBench } from './doctor.ts';
import { loadPlanBench } from './load-plan.ts';
import { ragIngestBench } from './rag-ingest.ts';
import { observeBench } from './observe.ts';
import { renderBench } from './render.ts';
import { startupBench } from './startup.ts';
import type { Bench } from './types.ts';
import { validateBench } from './validate.ts';

/** Every benchmark, in the order they run. Adding one is a file and a line here. */
const benches: readonly Bench[] = [
  loadPlanBench,
  checkBench,
  checkTreeBench,
  doctorBench,
  validateBench,
  renderBench,
  startupBench,
  ragIngestBench,
  observeBench,
];

const only = process.argv.slice(2);
const selected = only.length ? benches.filter((b) => only.includes(b.name)) : benches;
const rows: [string, string, string][] = [];
const details: string[] = [];
for (const bench of selected) {
  const t = performance.now();
  const lines = await bench.run();
  rows.push([bench.name, `${((performance.now() - t) / 1000).toFixed(1)} s`, lines[0] ?? '']);
  details.push('', ...lines);
}

const header: [string, string, string] = ['BENCHMARK', 'TOOK', 'RESULT'];
const widths = [0, 1].map((i) => Math.max(...[header, ...rows].map((r) => r[i]!.length)));
const line = (r: [string, string, string]) =>
  `${r[0].padEnd(widths[0]!)}  ${r[1].padStart(widths[1]!)}  ${r[2]}`;
console.log(`node ${process.version}, ${process.platform}/${process.arch}\n`);
console.log([header, ...rows].map(line).join('\n'));
console.log(details.join('\n'));
