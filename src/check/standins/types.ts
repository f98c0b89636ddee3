import type { SourcedObject } from '../types.ts';

/**
 * A builder of stand-in workloads: the objects an operator or controller creates at run time from a custom
 * resource, rebuilt offline from the operator's source at the pinned version, so the admission rules can judge
 * pods no manifest shows. Each stand-in is named one (SourcedObject.standIn) in findings.
 */
export interface StandIn {
  /** Kinds of the custom resources it reads. */
  kinds: readonly string[];
  /** The stand-ins for one such resource; `objects` is the whole run (for the operator's own settings). */
  build(o: SourcedObject, objects: readonly SourcedObject[]): SourcedObject[];
}
