import { fieldName, pointerToSegments, toJsonPath, type PathSegment, type ValidationIssue } from './path.ts';

/** The parts of an ajv ErrorObject we read (kubernetes-models' precompiled validators emit the same shape). */
export interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function valueAt(root: unknown, segs: readonly PathSegment[]): unknown {
  let n: unknown = root;
  for (const s of segs)
    n = n && typeof n === 'object' ? (n as Record<string | number, unknown>)[s] : undefined;
  return n;
}

function types(params: Record<string, unknown>): string {
  const t = params['type'];
  return Array.isArray(t) ? t.join(' or ') : String(t);
}

function one(e: AjvError, root: unknown, prefix: readonly PathSegment[]): ValidationIssue {
  const segs = [...prefix, ...pointerToSegments(e.instancePath, valueAt(root, prefix))];
  const value = valueAt(root, segs);
  const at = (extra: PathSegment[]) => toJsonPath([...segs, ...extra]);
  switch (e.keyword) {
    case 'required': {
      const p = at([String(e.params['missingProperty'])]);
      return { jsonPath: p, message: `missing required field "${fieldName(p)}"` };
    }
    case 'additionalProperties': {
      const p = at([String(e.params['additionalProperty'])]);
      return { jsonPath: p, message: `unknown field "${fieldName(p)}"` };
    }
    case 'type':
      return { jsonPath: at([]), message: `expected ${types(e.params)}, got ${typeOf(value)}` };
    case 'enum': {
      const allowed = (e.params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      return {
        jsonPath: at([]),
        message: `unsupported value ${JSON.stringify(value)}: supported values: ${allowed}`,
      };
    }
    case 'pattern':
      return {
        jsonPath: at([]),
        message: `${JSON.stringify(value)} must match ${String(e.params['pattern'])}`,
      };
    case 'format':
      return { jsonPath: at([]), message: `invalid ${String(e.params['format'])}: ${JSON.stringify(value)}` };
    default:
      return { jsonPath: at([]), message: e.message ?? `fails ${e.keyword}` };
  }
}

const SCALARS = new Set(['string', 'integer', 'number', 'boolean']);

/**
 * The errors the API server would not raise for a JSON null. Go's decoder turns null into the zero value of
 * any field (an optional field stays unset, a string list item becomes ""), so only a null the zero value
 * cannot stand for is an error. kubernetes-models marks optional typed fields nullable, so a `type` error on
 * null means a required field or a list item: the required field keeps its error (its zero value, "" or 0,
 * fails validation); a scalar list item drops it. Its enum, pattern and format checks ignore nullable, so
 * theirs drop unless a kept `type` error stands at the same place.
 */
export function withoutDecodableNulls(
  errors: readonly AjvError[],
  root: unknown,
  prefix: readonly PathSegment[] = [],
): AjvError[] {
  const base = valueAt(root, prefix);
  const isNull = (e: AjvError) => valueAt(base, pointerToSegments(e.instancePath, base)) === null;
  if (!errors.some(isNull)) return errors as AjvError[];
  const listItem = (e: AjvError) =>
    /\/\d+$/.test(e.instancePath) &&
    Array.isArray(valueAt(base, pointerToSegments(e.instancePath.replace(/\/\d+$/, ''), base)));
  const kept = errors.filter(
    (e) => !(isNull(e) && e.keyword === 'type' && SCALARS.has(String(e.params['type'])) && listItem(e)),
  );
  const typed = new Set(kept.filter((e) => e.keyword === 'type' && isNull(e)).map((e) => e.instancePath));
  return kept.filter(
    (e) => !(isNull(e) && ['enum', 'pattern', 'format'].includes(e.keyword) && !typed.has(e.instancePath)),
  );
}

/**
 * ajv errors → issues. The branch errors of an anyOf/oneOf (int-or-string, ...) fold into one
 * issue per place, so a boolean port reads `expected integer or string, got boolean`.
 */
export function ajvIssues(
  errors: readonly AjvError[] | null | undefined,
  root: unknown,
  prefix: readonly PathSegment[] = [],
): ValidationIssue[] {
  if (!errors?.length) return [];
  const unions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const out: ValidationIssue[] = [];
  const seen = new Set<string>();
  const folded = (e: AjvError) => ['type', 'format', 'pattern', 'enum'].includes(e.keyword);
  for (const e of errors) {
    if (folded(e) && unions.some((u) => u.instancePath === e.instancePath)) continue;
    let issue = one(e, root, prefix);
    if (unions.includes(e)) {
      const branchTypes = errors
        .filter((b) => b.keyword === 'type' && b.instancePath === e.instancePath)
        .map((b) => types(b.params));
      const format = errors.find((b) => b.keyword === 'format' && b.instancePath === e.instancePath);
      if (format) {
        const v = valueAt(root, [...prefix, ...pointerToSegments(e.instancePath, valueAt(root, prefix))]);
        issue = {
          jsonPath: issue.jsonPath,
          message: `invalid ${String(format.params['format'])}: ${JSON.stringify(v)}`,
        };
      } else if (branchTypes.length) {
        const got = typeOf(
          valueAt(root, [...prefix, ...pointerToSegments(e.instancePath, valueAt(root, prefix))]),
        );
        issue = {
          jsonPath: issue.jsonPath,
          message: `expected ${[...new Set(branchTypes)].join(' or ')}, got ${got}`,
        };
      }
    }
    const key = `${issue.jsonPath}\0${issue.message}`;
    if (!seen.has(key)) out.push(issue);
    seen.add(key);
  }
  return out;
}
