// Benchmark of what observability adds to `shai render`: building every alert rule and dashboard of the default
// platform from its plan and built manifest, as CPU time and as a share of a whole validated render.
// Issue 15 target: under 100 ms of CPU.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseConfig } from '../src/config/load.ts';
import { observabilityObjects } from '../src/render/observe/objects.ts';
import { plan } from '../src/plan/plan.ts';
import { buildManifest, renderTree } from '../src/render/tree.ts';
import { registry } from '../src/services/registry.ts';
import { median, type Bench } from './types.ts';

const FILE = resolve(import.meta.dirname, '../platform.yaml');
const RUNS = 7;

const cpu = async (f: () => unknown): Promise<number> => {
  const start = process.cpuUsage();
  await f();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

/** Alerts and dashboards of the default platform against the whole render, in CPU time. */
export const observeBench: Bench = {
  name: 'observe',
  async run() {
    const p = plan(parseConfig(await readFile(FILE, 'utf8'), FILE, registry), registry);
    const { manifest } = buildManifest(p);
    await renderTree(p); // loads the schemas once
    const objects = observabilityObjects(p, manifest);
    const observe: number[] = [];
    const render: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      observe.push(await cpu(() => observabilityObjects(p, manifest)));
      render.push(await cpu(() => renderTree(p)));
    }
    const o = median(observe);
    const r = median(render);
    const rules = objects
      .filter((e) => e.object.kind === 'PrometheusRule')
      .flatMap((e) => (e.object.spec as { groups: { rules: unknown[] }[] }).groups.flatMap((g) => g.rules));
    return [
      `alerts and dashboards of platform.yaml: ${o.toFixed(1)} ms CPU median of ${RUNS}, ${((100 * o) / r).toFixed(1)}% of a validated render (${r.toFixed(0)} ms)`,
      `  ${rules.length} alert rules, ${objects.length - 1} dashboard ConfigMaps`,
    ];
  },
};
