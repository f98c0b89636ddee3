/** NetworkPolicy semantics for offline reachability: which pod may open which port on which other pod. */
export { allowed, blockedBy, selecting, sideAllows, POD_CIDR, type Direction } from './allowed.ts';
export { matchesSelector, selectsAll } from './selector.ts';
export { blockCovers } from './cidr.ts';
export { worldOf, podsOf, namespaceOf, NS_NAME_LABEL } from './world.ts';
export type { NetPod, NetPolicy, NetWorld, PortRef, ContainerPort } from './types.ts';
export { formatCalls, parseCalls, formatLabels, parseLabels, type DeclaredCall } from './declared.ts';
export {
  isPlatformPod,
  defaultDeny,
  calleePods,
  PART_OF,
  NAME_LABEL,
  OPEN_NAMESPACES,
  standInCallers,
} from './platform.ts';
