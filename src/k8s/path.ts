/** One step into an object: a field name or an array index. */
export type PathSegment = string | number;

/** One problem found in an object, at a JSONPath such as `.spec.template.spec.containers[0].image`. */
export interface ValidationIssue {
  jsonPath: string;
  message: string;
}

const plainKey = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** Segments → `.spec.containers[0]["app.kubernetes.io/name"]` (bracket form when a key is not a plain word). */
export function toJsonPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += plainKey.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`;
  }
  return out || '.';
}

/** A JSON pointer (`/spec/containers/0`, ajv's instancePath) → segments; numeric steps under arrays become indexes. */
export function pointerToSegments(pointer: string, root: unknown): PathSegment[] {
  if (!pointer) return [];
  const out: PathSegment[] = [];
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      out.push(Number(key));
      node = node[Number(key)];
    } else {
      out.push(key);
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    }
  }
  return out;
}

/** The kubectl-style spelling of a path inside a message: `spec.containers[0].image` (no leading dot). */
export function fieldName(jsonPath: string): string {
  return jsonPath.startsWith('.') ? jsonPath.slice(1) : jsonPath;
}
