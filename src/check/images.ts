import { contractOf, type ImageContract } from '../images/index.ts';
import { containersOf, workloads, type Container, type PodTemplate } from '../semantics/pods.ts';
import type { SourcedObject } from './types.ts';

/** A container whose image has a recorded contract (src/images/), with where it sits. */
export interface ContractedContainer {
  source: SourcedObject;
  template: PodTemplate;
  container: Container;
  jsonPath: string;
  contract: ImageContract;
  /** `found`: the contract was read at this tag; `other-tag`: only the repository matches, facts unproven. */
  status: 'found' | 'other-tag';
  /** Runs the image's server (its entrypoint, or the contract's command), not another program of it. */
  server: boolean;
}

function sameCommand(a: unknown, b: readonly string[] | undefined): boolean {
  return Array.isArray(a) && b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
}

// Four rules walk the same containers; list them once per objects array.
const cache = new WeakMap<readonly SourcedObject[], ContractedContainer[]>();

/** Every container of the run whose image has a contract. */
export function contractedContainers(objects: readonly SourcedObject[]): ContractedContainer[] {
  const hit = cache.get(objects);
  if (hit) return hit;
  const out: ContractedContainer[] = [];
  for (const w of workloads(objects))
    for (const { container, jsonPath } of containersOf(w.template)) {
      const c = typeof container.image === 'string' ? contractOf(container.image) : undefined;
      if (!c) continue;
      const server =
        container.command === undefined || sameCommand(container.command, c.contract.command?.value);
      out.push({
        source: w.source,
        template: w.template,
        container,
        jsonPath,
        contract: c.contract,
        status: c.status,
        server,
      });
    }
  cache.set(objects, out);
  return out;
}

/** `repository:tag` the contract was read at, for messages. */
export function readAt(c: ImageContract): string {
  return `${c.repository}:${c.tag} (${c.source})`;
}
