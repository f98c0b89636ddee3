import { isObject, type Yaml } from '../pods.ts';
import { blockCovers } from './cidr.ts';
import { matchesSelector } from './selector.ts';
import type { NetPod, NetPolicy, NetWorld, PortRef } from './types.ts';

/** k3s's default cluster CIDR: where pod addresses come from, for ipBlock peers that name pods by address. */
export const POD_CIDR = '10.42.0.0/16';

/** Direction of a policy rule. */
export type Direction = 'ingress' | 'egress';

/** Does a rule's peer list admit `pod`, for a policy living in `policyNs`? */
function peerMatches(world: NetWorld, peers: Yaml, policyNs: string, pod: NetPod): boolean {
  // No `from`/`to` (or an empty list) admits every peer.
  if (!Array.isArray(peers) || peers.length === 0) return true;
  return peers.some((peer) => {
    if (!isObject(peer)) return false;
    if (isObject(peer.ipBlock)) return blockCovers(peer.ipBlock, POD_CIDR);
    const hasNs = peer.namespaceSelector !== undefined && peer.namespaceSelector !== null;
    const hasPod = peer.podSelector !== undefined && peer.podSelector !== null;
    if (!hasNs && !hasPod) return false;
    const nsOk = hasNs
      ? matchesSelector(peer.namespaceSelector, world.namespaceLabels(pod.namespace))
      : pod.namespace === policyNs;
    return nsOk && (hasPod ? matchesSelector(peer.podSelector, pod.labels) : true);
  });
}

/** Does a rule's port list admit `port` on `target` (named ports resolve against the target's containers)? */
function portMatches(ports: Yaml, port: PortRef, target: NetPod): boolean {
  if (!Array.isArray(ports) || ports.length === 0) return true;
  const protocol = port.protocol ?? 'TCP';
  return ports.some((p) => {
    if (!isObject(p)) return false;
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (p.port === undefined || p.port === null) return true;
    if (typeof p.port === 'string') {
      if (/^\d+$/.test(p.port)) return Number(p.port) === port.port;
      return target.ports.some((c) => c.name === p.port && c.port === port.port && c.protocol === protocol);
    }
    if (typeof p.port !== 'number') return false;
    const end = typeof p.endPort === 'number' ? p.endPort : p.port;
    return port.port >= p.port && port.port <= end;
  });
}

/** Policies that select `pod` for a direction (same namespace, podSelector matches, type applies). */
export function selecting(world: NetWorld, pod: NetPod, dir: Direction): NetPolicy[] {
  return world.policies.filter(
    (p) => p.namespace === pod.namespace && p[dir] && matchesSelector(p.podSelector, pod.labels),
  );
}

/**
 * Whether one direction admits the connection: no selecting policy means open; otherwise some rule of
 * some selecting policy must admit the peer and the port (rules add up, they never subtract).
 */
export function sideAllows(
  world: NetWorld,
  from: NetPod,
  to: NetPod,
  port: PortRef,
  dir: Direction,
): boolean {
  const self = dir === 'egress' ? from : to;
  const peer = dir === 'egress' ? to : from;
  const policies = selecting(world, self, dir);
  if (policies.length === 0) return true;
  return policies.some((p) =>
    (dir === 'egress' ? p.egressRules : p.ingressRules).some(
      (r) =>
        isObject(r) &&
        peerMatches(world, dir === 'egress' ? r.to : r.from, p.namespace, peer) &&
        portMatches(r.ports, port, to),
    ),
  );
}

/** Which side blocks a connection, or undefined when it is allowed. */
export function blockedBy(world: NetWorld, from: NetPod, to: NetPod, port: PortRef): Direction | undefined {
  if (!sideAllows(world, from, to, port, 'egress')) return 'egress';
  if (!sideAllows(world, from, to, port, 'ingress')) return 'ingress';
  return undefined;
}

/** A connection from `from` to `to` on `port` is allowed when the source's egress and the target's ingress both admit it. */
export function allowed(world: NetWorld, from: NetPod, to: NetPod, port: PortRef): boolean {
  return blockedBy(world, from, to, port) === undefined;
}
