import type { Finding } from '../report/types.ts';

/** Findings with object names replaced by placeholders, and the way back. */
export interface Anonymised {
  findings: Finding[];
  /** Puts the real names back into a text that uses the placeholders. */
  restore(text: string): string;
  /** Placeholder → real name. */
  table: ReadonlyMap<string, string>;
}

/** Characters that may continue a Kubernetes name: a match must not be part of a longer word or name. */
const EDGE = '[A-Za-z0-9_-]';

/**
 * Replaces object names, namespaces and hosts by stable placeholders (`pod-1`, `namespace-2`), the same
 * name always the same placeholder, numbered in order of first appearance. `extra` adds names that only
 * appear inside messages (the node a pod waits for, the Secret it misses).
 */
export function anonymise(
  findings: readonly Finding[],
  extra: readonly { kind: string; name: string }[] = [],
): Anonymised {
  const toPlaceholder = new Map<string, string>();
  const counters = new Map<string, number>();
  const add = (kind: string, name: string | undefined) => {
    if (!name || toPlaceholder.has(name)) return;
    const k = kind.toLowerCase();
    const n = (counters.get(k) ?? 0) + 1;
    counters.set(k, n);
    toPlaceholder.set(name, `${k}-${n}`);
  };
  for (const f of findings) {
    add('namespace', f.target.namespace);
    add(f.target.kind, f.target.name);
  }
  const text = findings.map((f) => `${f.message} ${f.fix ?? ''}`).join('\n');
  for (const e of extra) if (text.includes(e.name)) add(e.kind, e.name);
  // Longest first, so `litellm-secret` is replaced before `litellm`.
  const names = [...toPlaceholder.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const pattern = names.length
    ? new RegExp(`(?<!${EDGE})(${names.map(escape).join('|')})(?!${EDGE})`, 'g')
    : undefined;
  const hide = (s: string) => (pattern ? s.replace(pattern, (m) => toPlaceholder.get(m) ?? m) : s);
  const back = new Map([...toPlaceholder].map(([k, v]) => [v, k]));
  const placeholders = [...back.keys()].sort((a, b) => b.length - a.length);
  const restorePattern = placeholders.length
    ? new RegExp(`(?<!${EDGE})(${placeholders.map(escape).join('|')})(?!${EDGE})`, 'g')
    : undefined;
  return {
    findings: findings.map((f) => ({
      ...f,
      target: {
        kind: f.target.kind,
        name: hide(f.target.name),
        ...(f.target.namespace ? { namespace: hide(f.target.namespace) } : {}),
      },
      message: hide(f.message),
      ...(f.fix ? { fix: hide(f.fix) } : {}),
    })),
    restore: (s) => (restorePattern ? s.replace(restorePattern, (m) => back.get(m) ?? m) : s),
    table: back,
  };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
