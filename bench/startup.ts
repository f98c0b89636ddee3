// Benchmark of the CLI's start-up (issue 19): CPU time (user + system, from the shell's `times`) of whole
// `shai` processes beside a bare `node -e 0` on the same machine, and a whole-tree `shai check deploy`
// beside the same command run in-process: main() of the built CLI called in a process that has already
// loaded the check's code, once (its first run: it still loads the schemas and warms the JIT) and again
// (warm). Targets: --version ≤ 2×, check of one small service folder ≤ 4× the CPU of `node -e 0`;
// whole-tree check ≤ 2× in-process. Run `npm run build` first (bin/shai.js runs dist/).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { median, type Bench } from './types.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SHAI = resolve(ROOT, 'bin/shai.js');
const RUNS = 9;
const SMALL = 'deploy/services/searxng';

/** CPU seconds of one child process: bash's `times` prints its children's user and system time. */
function childCpu(argv: string[]): number {
  const out = spawnSync('bash', ['-c', '"$@" >/dev/null 2>&1; times', 'bash', ...argv], {
    cwd: ROOT,
    encoding: 'utf8',
  }).stdout;
  const [user, sys] = out.trim().split('\n').at(-1)!.split(/\s+/).map(seconds);
  return user! + sys!;
}

function seconds(t: string): number {
  const m = /^(\d+)m([\d.]+)s$/.exec(t);
  if (!m) throw new Error(`unexpected output of times: ${t}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** The built chunk of a src/cli module (esbuild names a chunk after its entry file). */
function chunk(name: string): string {
  const dir = resolve(ROOT, 'dist/chunks');
  const file = readdirSync(dir).find((f) => f.startsWith(`${name}-`) && f.endsWith('.js'));
  if (!file) throw new Error(`dist/chunks/${name}-*.js not found: run npm run build`);
  return resolve(dir, file);
}

/**
 * CPU seconds of `shai check deploy` through the built main() in a fresh process that has loaded the code
 * of the CLI and of the check command first: [first run, median of the warm runs after it].
 */
function inProcess(): [number, number] {
  const script = `
    const [main, commands] = process.argv.slice(1);
    const { main: run } = await import(main);
    const { commands: all } = await import(commands);
    await all.find((c) => c.name === 'check').load();
    const io = { stdout() {}, stderr() {}, isTTY: false, env: {}, cwd: process.cwd(), now: () => new Date() };
    const cpu = [];
    for (let i = 0; i < 6; i++) {
      const t = process.cpuUsage();
      await run(['check', 'deploy'], io, all);
      const d = process.cpuUsage(t);
      cpu.push((d.user + d.system) / 1e6);
    }
    console.log(JSON.stringify(cpu));`;
  const out = spawnSync('node', ['--input-type=module', '-e', script, chunk('main'), chunk('commands')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const cpu = JSON.parse(out.stdout) as number[];
  return [cpu[0]!, median(cpu.slice(1))];
}

const ms = (s: number) => `${Math.round(s * 1000)} ms`;

export const startupBench: Bench = {
  name: 'start-up',
  async run() {
    const cases = {
      node: ['node', '-e', '0'],
      version: ['node', SHAI, '--version'],
      small: ['node', SHAI, 'check', SMALL],
      tree: ['node', SHAI, 'check', 'deploy'],
    };
    const samples: Record<keyof typeof cases, number[]> = { node: [], version: [], small: [], tree: [] };
    // interleaved, so a burst of load on the shared machine falls on every case alike
    for (let i = 0; i < RUNS; i++)
      for (const [name, argv] of Object.entries(cases))
        samples[name as keyof typeof cases].push(childCpu(argv));
    const firsts: number[] = [];
    const warms: number[] = [];
    for (let i = 0; i < 3; i++) {
      const [first, warm] = inProcess();
      firsts.push(first);
      warms.push(warm);
    }
    const [node, version, small, tree] = [
      median(samples.node),
      median(samples.version),
      median(samples.small),
      median(samples.tree),
    ];
    const first = median(firsts);
    const warm = median(warms);
    const x = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
    return [
      `shai --version ${x(version, node)} and shai check ${SMALL} ${x(small, node)} the CPU of node -e 0; shai check deploy ${x(tree, first)} its first in-process run, ${x(tree, warm)} a warm one`,
      `  node -e 0                                ${ms(node)} CPU (median of ${RUNS})`,
      `  shai --version                           ${ms(version)} CPU, ${x(version, node)} (target ≤ 2×)`,
      `  shai check ${SMALL}     ${ms(small)} CPU, ${x(small, node)} (target ≤ 4×)`,
      `  shai check deploy                        ${ms(tree)} CPU (median of ${RUNS})`,
      `  the same in-process, first run           ${ms(first)} CPU; the CLI ${x(tree, first)} (target ≤ 2×)`,
      `  the same in-process, warm                ${ms(warm)} CPU; the CLI ${x(tree, warm)}`,
    ];
  },
};
