/**
 * The declared flows as the tree carries them: render writes `shai.dev/calls` on each workload's pod
 * template, one `<namespace>/<service>:<port>` per flow of the plan whose caller is that workload's
 * service (comma-separated, sorted). It is the only source of truth the check needs, so `shai check PATH`
 * judges a rendered tree without the plan. A pod without the annotation declares no calls.
 */

/** One declared call: the callee service (its pods carry app.kubernetes.io/name), namespace and port. */
export interface DeclaredCall {
  namespace: string;
  service: string;
  port: number;
}

/** The annotation value for a list of calls: sorted, de-duplicated, comma-separated. */
export function formatCalls(calls: DeclaredCall[]): string {
  return [...new Set(calls.map((c) => `${c.namespace}/${c.service}:${c.port}`))].sort().join(',');
}

/** Parses the annotation; entries that do not read `<namespace>/<service>:<port>` are returned as `invalid`. */
export function parseCalls(value: string | undefined): { calls: DeclaredCall[]; invalid: string[] } {
  const calls: DeclaredCall[] = [];
  const invalid: string[] = [];
  for (const raw of (value ?? '').split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    const m = /^([a-z0-9-]+)\/([a-z0-9.-]+):(\d+)$/.exec(entry);
    if (m) calls.push({ namespace: m[1]!, service: m[2]!, port: Number(m[3]) });
    else invalid.push(entry);
  }
  return { calls, invalid };
}

/**
 * On an Application whose pods are not in the tree: the labels of the stand-in pod that makes its calls
 * (`key=value,...`); absent means an unlabelled pod of its destination namespace (an upstream chart's).
 */

/** The annotation value for a label set: sorted `key=value` pairs, comma-separated. */
export function formatLabels(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join(',');
}

/** Parses `key=value,...`; entries without `=` are ignored. */
export function parseLabels(value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of (value ?? '').split(',')) {
    const i = raw.indexOf('=');
    if (i > 0) out[raw.slice(0, i).trim()] = raw.slice(i + 1).trim();
  }
  return out;
}
