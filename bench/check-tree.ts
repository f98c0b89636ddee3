// Benchmark of the rules on `deploy test/fixtures/charts`: the rendered tree plus the helm recordings of every
// chart Application, read as plain PATHs, then checked with every rule (hooks, projects, owners, stand-ins for
// operator-made pods, CRD-first schema validation of the charts' custom resources). The CLI judges these PATHs
// in platform mode (platform-tree.ts), which also renders platform.yaml to compare; that render is not timed here.
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCheck } from '../src/check/engine.ts';
import { RULES } from '../src/check/registry.ts';
import { pathCheckInput } from '../src/cli/commands/check.ts';
import { loadSchemas } from '../src/k8s/validate.ts';
import { median, type Bench } from './types.ts';

const ROOT = resolve(import.meta.dirname, '..');
const PATHS = ['deploy', 'test/fixtures/charts'];
const RUNS = 5;

/** One run as the CLI does it: read and place the files, load the schemas, check. Times in ms. */
async function once() {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const input = await pathCheckInput(PATHS, undefined, ROOT);
  const t1 = performance.now();
  await loadSchemas(input.objects.map((o) => o.object));
  const report = runCheck(input, RULES, { subject: PATHS.join(' ') });
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  return {
    read: t1 - t0,
    check: t2 - t1,
    // CPU time says more than wall time on a machine shared with other work.
    cpu: (cpu.user + cpu.system) / 1000,
    objects: input.objects.length,
    counts: report.counts,
  };
}

/** Runs the benchmark and returns its report lines. */
export async function run(): Promise<string[]> {
  const first = await once(); // pays the one-off schema imports, as a `shai check` process does
  const rest = [];
  for (let i = 0; i < RUNS; i++) rest.push(await once());
  const total = (r: typeof first) => r.read + r.check;
  const c = first.counts;
  return [
    `${first.cpu.toFixed(0)} ms CPU first run in a process, ${median(rest.map((r) => r.cpu)).toFixed(0)} ms CPU after (median of ${RUNS}); ${first.objects} objects`,
    `check ${PATHS.join(' ')}: ${first.objects} objects, ${RULES.length} rules; ${c.pass} pass, ${c.fail} fail, ${c.error} error, ${c.skipped} skipped`,
    `  wall              first ${total(first).toFixed(0)} ms, later ${median(rest.map(total)).toFixed(0)} ms (median)`,
    `  first run         read ${first.read.toFixed(0)} ms, schemas + check ${first.check.toFixed(0)} ms`,
    `  later (median)    read ${median(rest.map((r) => r.read)).toFixed(0)} ms, check ${median(rest.map((r) => r.check)).toFixed(0)} ms`,
  ];
}

/** Name of this benchmark in bench/run.ts. */
export const name = 'check-tree';

/** The entry bench/run.ts lists. */
export const checkTreeBench: Bench = { name, run };

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log((await run()).join('\n'));
