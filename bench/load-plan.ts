// Benchmark of `shai plan`'s core: read and validate platform.yaml, then plan it (no process start-up).
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config/load.ts';
import { plan } from '../src/plan/plan.ts';
import { registry } from '../src/services/registry.ts';
import { median, type Bench } from './types.ts';

const FILE = resolve(import.meta.dirname, '../platform.yaml');
const WARMUP = 20;
const RUNS = 200;

async function once(): Promise<{ loadMs: number; planMs: number; services: number }> {
  const t0 = performance.now();
  const config = await loadConfig(FILE, registry);
  const t1 = performance.now();
  const p = plan(config, registry);
  const t2 = performance.now();
  return { loadMs: t1 - t0, planMs: t2 - t1, services: p.services.length };
}

/** Load + plan of the default platform: median of RUNS runs after WARMUP runs (JIT, file cache). */
export const loadPlanBench: Bench = {
  name: 'load + plan',
  async run() {
    for (let i = 0; i < WARMUP; i++) await once();
    const samples = [];
    for (let i = 0; i < RUNS; i++) samples.push(await once());
    const load = median(samples.map((s) => s.loadMs));
    const planned = median(samples.map((s) => s.planMs));
    const total = median(samples.map((s) => s.loadMs + s.planMs));
    return [
      `load + plan of platform.yaml (${samples[0]!.services} services): ${total.toFixed(2)} ms median of ${RUNS} runs`,
      `  load (read, parse, validate)  ${load.toFixed(2)} ms`,
      `  plan                          ${planned.toFixed(2)} ms`,
    ];
  },
};
