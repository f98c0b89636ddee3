import { parseQuantity } from '../../k8s/quantity.ts';
import type { Container } from '../pods.ts';
import type { SourcedObject } from '../objects.ts';
import type { Simulation } from './simulate.ts';

/** The memory one pod of a workload may grow into where the simulation placed it. */
export interface MemoryRoom {
  node: string;
  /** The container's memory limit in bytes (undefined without one): above it the kernel kills the container. */
  limit?: number;
  /** The node's allocatable memory minus what every other pod placed there requests. */
  left: number;
  /** The smaller of the two: what a model loaded into this container can really use. */
  budget: number;
}

/**
 * Where a workload's pods landed and how much memory each may use there: its container's limit, and the node's
 * memory less the other pods' requests (the pod's own request counted back, since it grows up to its limit).
 */
export function memoryRoom(sim: Simulation, source: SourcedObject, container: Container): MemoryRoom[] {
  const limit = parseQuantity(container.resources?.limits?.memory);
  return sim.placed
    .filter((p) => p.pod.source === source)
    .map(({ pod, node }) => {
      const state = sim.nodes.find((n) => n.name === node)!;
      const left =
        (state.allocatable.memory ?? Infinity) - (state.used.memory ?? 0) + (pod.requests.memory ?? 0);
      return {
        node,
        ...(limit !== undefined ? { limit } : {}),
        left,
        budget: Math.min(limit ?? Infinity, left),
      };
    });
}
