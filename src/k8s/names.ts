import { toJsonPath, type ValidationIssue } from './path.ts';

// The API server's name and label rules (k8s.io/apimachinery/pkg/util/validation), with its wording.
const label1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const subdomain1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const label1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const qualifiedName = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** How a kind's metadata.name is validated by the API server. */
export type NameRule = 'subdomain' | 'label' | 'dns1035' | 'path-segment';

const byKind: Record<string, NameRule> = {
  Namespace: 'label',
  Service: 'dns1035',
  Role: 'path-segment',
  ClusterRole: 'path-segment',
  RoleBinding: 'path-segment',
  ClusterRoleBinding: 'path-segment',
};

/** The name rule of a kind: DNS-1123 subdomain unless the API server asks for more (or less). */
export function nameRule(kind: string): NameRule {
  return byKind[kind] ?? 'subdomain';
}

/** Why `name` breaks `rule`, or undefined when it is valid. */
export function nameProblem(name: string, rule: NameRule): string | undefined {
  switch (rule) {
    case 'label':
      if (name.length > 63) return 'must be no more than 63 characters';
      return label1123.test(name)
        ? undefined
        : "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
    case 'dns1035':
      if (name.length > 63) return 'must be no more than 63 characters';
      return label1035.test(name)
        ? undefined
        : "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
    case 'path-segment':
      if (name === '.' || name === '..') return `may not be '${name}'`;
      return /[/%]/.test(name) ? "may not contain '/' or '%'" : undefined;
    case 'subdomain':
      if (name.length > 253) return 'must be no more than 253 characters';
      return subdomain1123.test(name)
        ? undefined
        : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
  }
}

// The same few label and annotation keys recur on every object of a run; their verdicts are kept (bounded).
const keyVerdicts = new Map<string, string | undefined>();

/** Why `key` is not a valid label or annotation key (`[prefix/]name`), or undefined. */
export function qualifiedKeyProblem(key: string): string | undefined {
  if (keyVerdicts.has(key)) return keyVerdicts.get(key);
  const problem = keyProblem(key);
  if (keyVerdicts.size < 4096) keyVerdicts.set(key, problem);
  return problem;
}

function keyProblem(key: string): string | undefined {
  // most keys have no prefix: no split then (label and annotation keys of every object are checked)
  const parts = key.includes('/') ? key.split('/') : [key];
  if (parts.length > 2) return "a qualified name must have at most one '/'";
  const name = parts.length === 2 ? parts[1]! : parts[0]!;
  if (parts.length === 2) {
    const p = nameProblem(parts[0]!, 'subdomain');
    if (p || !parts[0]) return `prefix part ${p ?? 'must be non-empty'}`;
  }
  if (!name) return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!qualifiedName.test(name)) {
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  }
  return undefined;
}

/** Why `value` is not a valid label value, or undefined. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return 'must be no more than 63 characters';
  if (value && !qualifiedName.test(value)) {
    return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  }
  return undefined;
}

const maxAnnotationBytes = 256 * 1024;

function add(out: ValidationIssue[], path: (string | number)[], message: string): void {
  out.push({ jsonPath: toJsonPath(['metadata', ...path]), message });
}

/** metadata.name/namespace, label keys and values, annotation keys and total size, as the API server checks them. */
export function metadataIssues(kind: string, metadata: Record<string, unknown>): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  // no local closure: it would cost a context allocation on every call, and this runs for every object
  const { name, namespace, generateName, labels, annotations } = metadata;
  if (typeof name === 'string') {
    const p = nameProblem(name, nameRule(kind));
    if (p) add(out, ['name'], `invalid name ${JSON.stringify(name)}: ${p}`);
  } else if (name === undefined && typeof generateName !== 'string')
    add(out, ['name'], 'missing required field "metadata.name"');
  if (typeof namespace === 'string') {
    const p = nameProblem(namespace, 'label');
    if (p) add(out, ['namespace'], `invalid namespace ${JSON.stringify(namespace)}: ${p}`);
  }
  if (labels && typeof labels === 'object') {
    for (const k in labels) {
      if (!Object.hasOwn(labels, k)) continue;
      const v = (labels as Record<string, unknown>)[k];
      const kp = qualifiedKeyProblem(k);
      if (kp) add(out, ['labels', k], `invalid label key ${JSON.stringify(k)}: ${kp}`);
      const vp = typeof v === 'string' ? labelValueProblem(v) : undefined;
      if (vp) add(out, ['labels', k], `invalid label value ${JSON.stringify(v)}: ${vp}`);
    }
  }
  if (annotations && typeof annotations === 'object') {
    let size = 0;
    for (const k in annotations) {
      if (!Object.hasOwn(annotations, k)) continue;
      const v = (annotations as Record<string, unknown>)[k];
      const kp = qualifiedKeyProblem(k);
      if (kp) add(out, ['annotations', k], `invalid annotation key ${JSON.stringify(k)}: ${kp}`);
      size += k.length + (typeof v === 'string' ? v.length : 0);
    }
    if (size > maxAnnotationBytes)
      add(
        out,
        ['annotations'],
        `annotations are ${size} bytes, more than the limit of ${maxAnnotationBytes}`,
      );
  }
  return out;
}
