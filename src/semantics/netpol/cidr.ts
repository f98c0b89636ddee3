/** IPv4 CIDR arithmetic for NetworkPolicy ipBlocks. IPv6 blocks never match (the platform is IPv4). */

/** [first, last] address of a CIDR as unsigned integers, or undefined when it is not IPv4. */
export function range(cidr: string): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr.trim());
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) return undefined;
  const ip = octets.reduce((a, o) => a * 256 + o, 0);
  const size = 2 ** (32 - bits);
  const first = ip - (ip % size);
  return [first, first + size - 1];
}

/** True when `outer` contains every address of `inner`. */
export function contains(outer: string, inner: string): boolean {
  const a = range(outer);
  const b = range(inner);
  return !!a && !!b && a[0] <= b[0] && b[1] <= a[1];
}

/** True when the two CIDRs share at least one address. */
export function overlaps(x: string, y: string): boolean {
  const a = range(x);
  const b = range(y);
  return !!a && !!b && a[0] <= b[1] && b[0] <= a[1];
}

/**
 * True when an ipBlock admits every address of `target` (a pod network or one host as /32): the block
 * contains it and no `except` entry cuts into it. A partial match counts as no match, because which
 * pod gets which address is not known offline.
 */
export function blockCovers(block: { cidr?: unknown; except?: unknown }, target: string): boolean {
  if (typeof block.cidr !== 'string' || !contains(block.cidr, target)) return false;
  const except = Array.isArray(block.except) ? block.except : [];
  return !except.some((e) => typeof e === 'string' && overlaps(e, target));
}
