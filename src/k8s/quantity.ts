/**
 * Kubernetes resource quantities (`500m`, `16Gi`, `1e3`, `2`) as plain numbers in base units: cores for
 * cpu, bytes for memory and storage, counts for everything else. Float precision is enough for
 * comparing requests with allocatable; the API server's exact decimal arithmetic is not needed.
 */

const SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?)$/;

/** The value of a quantity (string or YAML number), or undefined when it is not a valid quantity. */
export function parseQuantity(q: unknown): number | undefined {
  if (typeof q === 'number') return Number.isFinite(q) ? q : undefined;
  if (typeof q !== 'string') return undefined;
  const m = QUANTITY.exec(q.trim());
  if (!m) return undefined;
  const base = Number(m[1]);
  if (m[2]) return Number(`${m[1]}${m[2]}`);
  return base * SUFFIX[m[3] ?? '']!;
}

/** Bytes written the way people read them (`600Gi`, `1.5Gi`, `512Mi`), for messages. */
export function formatBytes(n: number): string {
  for (const [suffix, size] of [
    ['Ti', 2 ** 40],
    ['Gi', 2 ** 30],
    ['Mi', 2 ** 20],
    ['Ki', 2 ** 10],
  ] as const) {
    if (n >= size) return `${round(n / size)}${suffix}`;
  }
  return String(round(n));
}

/** A quantity of `resource` written for messages: bytes for memory/storage, millicores below one cpu. */
export function formatQuantity(resource: string, n: number): string {
  if (/memory|storage/.test(resource)) return formatBytes(n);
  if (/(^|\.)cpu$/.test(resource) && n < 1 && n > 0) return `${round(n * 1000)}m`;
  return String(round(n));
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
