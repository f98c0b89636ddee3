// Benchmark of `shai doctor --from`: a generated 100-node, 5,000-pod dump in kubectl's JSON format.
// Issue 7 target: read + diagnose ≤ 2× JSON.parse of the same text, and under 1.5 s.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { diagnose } from '../src/cluster/diagnose.ts';
import { parseDumps } from '../src/cluster/read-dump.ts';
import { median } from './types.ts';
import {
  deployment,
  endpoints,
  event,
  list,
  node,
  pod,
  replicaSet,
  service,
  shaiLabels,
  toJson,
  type Obj,
} from '../test/fixtures/cluster/builders.ts';

/** A cluster of `nodes` nodes and `pods` pods in deployments of 10, one in 20 of them failing in some way. */
export function generate(nodes = 100, pods = 5000): string {
  const objects: Obj[] = [];
  for (let n = 0; n < nodes; n++)
    objects.push(node(`node-${String(n).padStart(3, '0')}`, { controlPlane: n < 3 }));
  for (let d = 0; d * 10 < pods; d++) {
    const ns = `team-${d % 40}`;
    const name = `app-${d}`;
    const dep = deployment(ns, name, { replicas: 10, ready: d % 20 === 0 ? 9 : 10 });
    const rs = replicaSet(dep);
    objects.push(dep, rs, service(ns, name, 8080), endpoints(ns, name, 8080, 10));
    for (let i = 0; i < 10; i++) {
      const broken = d % 20 === 0 && i === 0;
      const p = pod(ns, `${rs.metadata.name}-${String(i).padStart(5, 'x')}`, {
        owner: { kind: 'ReplicaSet', name: rs.metadata.name },
        nodeName: `node-${String((d * 10 + i) % nodes).padStart(3, '0')}`,
        labels: shaiLabels(name),
        containers: [
          {
            name,
            image: `ghcr.io/example/${name}:1.0.0`,
            limits: { memory: '512Mi' },
            requests: { cpu: '100m', memory: '256Mi' },
            ...(broken
              ? {
                  restartCount: 42,
                  waiting: { reason: 'CrashLoopBackOff' },
                  terminated: { exitCode: 137, reason: 'OOMKilled' },
                }
              : {}),
          },
        ],
      });
      objects.push(
        p,
        event(
          p,
          'Normal',
          'Scheduled',
          `Successfully assigned ${ns}/${p.metadata.name}`,
          1,
          'default-scheduler',
        ),
      );
      if (broken) objects.push(event(p, 'Warning', 'BackOff', 'Back-off restarting failed container', 42));
    }
  }
  return toJson(list(objects));
}

/** Runs `fn` and returns how long it took in ms. */
function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/** Runs the benchmark and returns its report lines. */
export async function run(): Promise<string[]> {
  const text = generate();
  let findings = 0;
  let podCount = 0;
  const doctor = () => {
    const state = parseDumps([{ name: 'bench.json', text }]);
    podCount = state.objects('Pod').length;
    findings = diagnose(state).findings.length;
  };
  // Interleaved pairs on a shared machine: both halves of a pair see the same load, the median pair wins.
  const parse: number[] = [];
  const full: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < 7; i++) {
    parse.push(time(() => void JSON.parse(text)));
    full.push(time(doctor));
    ratios.push(full.at(-1)! / parse.at(-1)!);
  }
  return [
    `doctor: 100 nodes, ${podCount} pods, ${(text.length / 1e6).toFixed(0)} MB of kubectl JSON, ${findings} findings`,
    `  JSON.parse only      ${median(parse).toFixed(0)} ms (median of 7)`,
    `  read + diagnose      ${median(full).toFixed(0)} ms (target < 1500 ms)`,
    `  ratio                ${median(ratios).toFixed(2)}× JSON.parse (median of pairs; target ≤ 2)`,
  ];
}

/** The entry bench/run.ts lists. */
export const doctorBench = { name: 'doctor', run };

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log((await run()).join('\n'));
