/** A key path into platform.yaml: mapping keys and list indexes. */
export type KeyPath = readonly (string | number)[];

/** `services.ollama-gpu.replicas`, `cluster.nodes[1].cpu`, `labels["nvidia.com/gpu"]`. */
export function formatPath(path: KeyPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** The value at `path` in plain data, and whether it is there at all (a YAML `key:` is there, as null). */
export function valueAt(data: unknown, path: KeyPath): { found: boolean; value?: unknown } {
  let node: unknown = data;
  for (const seg of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, seg)) return { found: false };
    node = (node as Record<string | number, unknown>)[seg];
  }
  return { found: true, value: node };
}

/** A zod issue path as a KeyPath (zod allows symbols; platform.yaml has none). */
export function toKeyPath(path: readonly PropertyKey[]): KeyPath {
  return path.map((seg) => (typeof seg === 'number' ? seg : String(seg)));
}

/** Marks a message whose value must not be echoed back: a secret pasted where a reference belongs. */
export const NO_ECHO = '(secret values never go in platform.yaml)';
