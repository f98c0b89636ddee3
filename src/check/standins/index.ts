import { podSpecOf, type Workload } from '../../semantics/pods.ts';
import type { SourcedObject } from '../types.ts';
import { arcListener } from './arc-listener.ts';
import { cnpgInstances } from './cnpg-instances.ts';
import { gpuOperands } from './gpu-operands.ts';
import { prometheusServers } from './prometheus-servers.ts';
import type { StandIn } from './types.ts';

/** Every stand-in builder. Adding one: a file in this folder and a line here. */
export const STAND_INS: readonly StandIn[] = [arcListener, cnpgInstances, gpuOperands, prometheusServers];

const byKind = new Map<string, StandIn[]>();
for (const s of STAND_INS) for (const k of s.kinds) byKind.set(k, [...(byKind.get(k) ?? []), s]);

const cache = new WeakMap<readonly SourcedObject[], Workload[]>();

/** The stand-in workloads of a run: what the operators in the tree would create from its custom resources. */
export function standInWorkloads(objects: readonly SourcedObject[]): Workload[] {
  const hit = cache.get(objects);
  if (hit) return hit;
  const out: Workload[] = [];
  for (const o of objects) {
    const builders = byKind.get(o.object.kind);
    if (!builders) continue;
    for (const b of builders)
      for (const source of b.build(o, objects)) {
        const template = podSpecOf(source.object);
        if (template) out.push({ source, template });
      }
  }
  cache.set(objects, out);
  return out;
}
