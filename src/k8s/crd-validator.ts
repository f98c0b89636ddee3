import { fieldName, toJsonPath, type PathSegment, type ValidationIssue } from './path.ts';

/** A CRD openAPIV3Schema node (structural schema, OpenAPI 3.0 subset plus x-kubernetes-*). */
export type CrdSchema = Record<string, unknown>;

/*
 * CRD schemas are walked alongside the object instead of compiled with ajv: compiling the big
 * CRDs (Application, ClusterIssuer, Kyverno, CNPG Cluster) takes ajv 0.3–1 s each, more than a
 * whole render may cost, while a walk costs time in proportion to the object. Unknown fields
 * are errors wherever `properties` is declared and unknown fields are not preserved: the API
 * server prunes them silently, which hides typos. Formats and CEL rules are not enforced. A null map
 * value whose schema is not nullable is dropped (or defaulted) by the API server before validation, and
 * so passes; in a list it stays and must be nullable.
 */

const regexCache = new Map<string, RegExp>();
// shared stand-in for an absent list: the walker visits every node of every object
const NONE: readonly never[] = [];

/** CRD patterns are Go RE2: `(?i)` becomes the `i` flag; a pattern JavaScript cannot read accepts everything. */
function goRegExp(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (re) return re;
  try {
    re = new RegExp(pattern, 'u');
  } catch {
    try {
      re = new RegExp(pattern.replaceAll('(?i)', ''), pattern.includes('(?i)') ? 'ui' : 'u');
    } catch {
      re = /(?:)/;
    }
  }
  regexCache.set(pattern, re);
  return re;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(type: unknown, v: unknown): boolean {
  const t = typeOf(v);
  return type === t || (type === 'number' && t === 'integer');
}

class Walker {
  readonly out: ValidationIssue[] = [];
  readonly path: PathSegment[] = [];
  constructor(private readonly strict: boolean) {}

  /**
   * Records a problem at the current path (plus `extra`). Messages are plain strings built in the failing
   * branch: a closure in node() or string() would make V8 allocate a context on every call, for every node.
   */
  issue(message: string | ((p: string) => string), extra?: PathSegment): void {
    const p = toJsonPath(extra === undefined ? this.path : [...this.path, extra]);
    this.out.push({ jsonPath: p, message: typeof message === 'string' ? message : message(fieldName(p)) });
  }

  /** Validates `v` against `s` in a nested walker (for anyOf/oneOf/not): does it pass? */
  passes(s: CrdSchema, v: unknown): boolean {
    const w = new Walker(false);
    w.node(s, v);
    return w.out.length === 0;
  }

  node(s: CrdSchema, v: unknown): void {
    if (v === null && s['nullable'] === true) return;
    if (s['x-kubernetes-int-or-string'] === true) {
      if (!Number.isInteger(v) && typeof v !== 'string')
        this.issue(`expected integer or string, got ${typeOf(v)}`);
    } else if (s['type'] !== undefined && !typeMatches(s['type'], v)) {
      return this.issue(`expected ${String(s['type'])}, got ${typeOf(v)}`);
    }
    const en = s['enum'] as unknown[] | undefined;
    if (en && !en.includes(v)) this.enumeration(en, v);
    if (s['allOf'] || s['anyOf'] || s['oneOf'] || s['not']) this.combinators(s, v);
    if (typeof v === 'string') this.string(s, v);
    else if (typeof v === 'number') this.number(s, v);
    else if (Array.isArray(v)) this.array(s, v);
    else if (v && typeof v === 'object') this.object(s, v as Record<string, unknown>);
  }

  /** `v` is not one of `en` by identity: compare as JSON (object and array values), else report. */
  enumeration(en: unknown[], v: unknown): void {
    const json = JSON.stringify(v);
    if (en.some((e) => JSON.stringify(e) === json)) return;
    const allowed = en.map((e) => JSON.stringify(e)).join(', ');
    this.issue(`unsupported value ${json}: supported values: ${allowed}`);
  }

  combinators(s: CrdSchema, v: unknown): void {
    for (const b of (s['allOf'] as CrdSchema[] | undefined) ?? NONE) this.node(b, v);
    const anyOf = s['anyOf'] as CrdSchema[] | undefined;
    if (anyOf && !s['x-kubernetes-int-or-string'] && !anyOf.some((b) => this.passes(b, v))) {
      this.issue(`must match at least one of ${anyOf.length} alternatives (${describe(anyOf)})`);
    }
    const oneOf = s['oneOf'] as CrdSchema[] | undefined;
    if (oneOf) {
      const n = oneOf.filter((b) => this.passes(b, v)).length;
      if (n !== 1)
        this.issue(
          `must match exactly one of ${oneOf.length} alternatives (${describe(oneOf)}), matches ${n}`,
        );
    }
    const not = s['not'] as CrdSchema | undefined;
    if (not && this.passes(not, v)) this.issue(`must not match (${describe([not])})`);
  }

  string(s: CrdSchema, v: string): void {
    const max = s['maxLength'] as number | undefined;
    const min = s['minLength'] as number | undefined;
    if (max !== undefined && v.length > max) this.issue(`must be no more than ${max} characters`);
    if (min !== undefined && v.length < min) this.issue(`must be at least ${min} characters`);
    const pattern = s['pattern'] as string | undefined;
    if (pattern && !goRegExp(pattern).test(v)) this.issue(`${JSON.stringify(v)} must match ${pattern}`);
  }

  number(s: CrdSchema, v: number): void {
    const min = s['minimum'] as number | undefined;
    const max = s['maximum'] as number | undefined;
    if (min !== undefined && (s['exclusiveMinimum'] === true ? v <= min : v < min))
      this.issue(`must be ${s['exclusiveMinimum'] === true ? '>' : '>='} ${min}`);
    if (max !== undefined && (s['exclusiveMaximum'] === true ? v >= max : v > max))
      this.issue(`must be ${s['exclusiveMaximum'] === true ? '<' : '<='} ${max}`);
  }

  array(s: CrdSchema, v: unknown[]): void {
    const max = s['maxItems'] as number | undefined;
    const min = s['minItems'] as number | undefined;
    if (max !== undefined && v.length > max) this.issue(`must have at most ${max} items`);
    if (min !== undefined && v.length < min) this.issue(`must have at least ${min} items`);
    const items = s['items'] as CrdSchema | undefined;
    if (!items) return;
    for (let i = 0; i < v.length; i++) {
      this.path.push(i);
      this.node(items, v[i]);
      this.path.pop();
    }
  }

  object(s: CrdSchema, v: Record<string, unknown>): void {
    const props = s['properties'] as Record<string, CrdSchema> | undefined;
    const extra = s['additionalProperties'] as CrdSchema | boolean | undefined;
    for (const r of (s['required'] as string[] | undefined) ?? NONE) {
      const value = v[r];
      const rs = props?.[r] ?? (typeof extra === 'object' ? extra : undefined);
      // the API server fills a missing field from its default before validating (defaulting/algorithm.go)
      if (
        (value === undefined && props?.[r]?.['default'] === undefined) ||
        (value === null && prunedNull(rs))
      )
        this.issue((p) => `missing required field "${p}"`, r);
    }
    const embedded = s['x-kubernetes-embedded-resource'] === true;
    const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
    // for-in, not Object.entries: this runs for every object node of a check run and must not allocate
    for (const k in v) {
      if (!Object.hasOwn(v, k)) continue;
      const child = v[k];
      const cs = props?.[k] ?? (typeof extra === 'object' ? extra : undefined);
      if (child === null && cs && cs['nullable'] !== true) continue; // pruned, or replaced by its default
      if (cs) {
        this.path.push(k);
        this.node(cs, child);
        this.path.pop();
      } else if (embedded && (k === 'apiVersion' || k === 'kind' || k === 'metadata')) continue;
      else if (this.strict && (extra === false || (props && extra === undefined && !preserve))) {
        this.issue((p) => `unknown field "${p}"`, k);
      }
    }
  }
}

/**
 * True when the API server drops a null field before validating (PruneNonNullableNullsWithoutDefaults in
 * apiextensions-apiserver pkg/apiserver/schema/defaulting/prunenulls.go): its schema is not nullable and
 * has no default. With a default, the null is replaced by it (defaulting/algorithm.go).
 */
function prunedNull(s: CrdSchema | undefined): boolean {
  return !!s && s['nullable'] !== true && s['default'] === undefined;
}

function describe(branches: CrdSchema[]): string {
  return branches
    .map((b) =>
      b['required']
        ? `required ${(b['required'] as string[]).join(', ')}`
        : b['type']
          ? String(b['type'])
          : 'schema',
    )
    .join(' | ');
}

/** A validator for objects of one CRD version; root `metadata` (checked as ObjectMeta) and `status` are skipped. */
export function crdValidator(schema: CrdSchema): (obj: object) => ValidationIssue[] {
  const props = { ...(schema['properties'] as Record<string, CrdSchema> | undefined) };
  props['apiVersion'] ??= { type: 'string' };
  props['kind'] ??= { type: 'string' };
  props['metadata'] = {};
  props['status'] = {};
  const root = { ...schema, properties: props };
  return (obj) => {
    const w = new Walker(true);
    w.node(root, obj);
    return w.out;
  };
}
