import { fieldName, toJsonPath, type PathSegment, type ValidationIssue } from './path.ts';

/*
 * kubernetes-models ships precompiled ajv validators but not the schemas, and those validators
 * ignore unknown fields. A generated `properties` check reads every declared field of an object
 * (`data.image !== undefined`) and a map check iterates its keys, so running the validator once
 * on a recording proxy of an object teaches which fields each position of the schema knows. The
 * lesson is kept as a Shape tree per kind; later objects are checked by walking that tree (fast),
 * and only an object that reaches a position never seen before is run through the proxy again.
 */

/** What a position of the schema accepts, learned from the validator. */
interface Shape {
  /** struct: only the keys of `fields`; map: any key (values share `value`); free: anything (RawExtension). */
  kind: 'struct' | 'map' | 'free' | 'array';
  /** Known keys → the shape of their object value, null while only a scalar was seen (one lookup per key in walk). */
  fields: Map<string, Shape | null>;
  /** The shape of array items and map values. */
  value?: Shape;
}

interface Recorded {
  target: object;
  read: Set<string>;
  iterated: boolean;
  children: Map<string, Recorded>;
  proxy: object;
}

function record(target: object): Recorded {
  const r: Recorded = { target, read: new Set(), iterated: false, children: new Map(), proxy: target };
  // a shallow copy, so frozen objects can be proxied (a proxy must return a frozen property's own value)
  const copy = Array.isArray(target) ? [...(target as unknown[])] : { ...target };
  r.proxy = new Proxy(copy, {
    get(t, key, receiver) {
      const v: unknown = Reflect.get(t, key, receiver);
      if (typeof key !== 'string') return v;
      r.read.add(key);
      if (v === null || typeof v !== 'object') return v;
      let child = r.children.get(key);
      if (!child || child.target !== v) r.children.set(key, (child = record(v)));
      return child.proxy;
    },
    ownKeys(t) {
      r.iterated = true;
      return Reflect.ownKeys(t);
    },
  });
  return r;
}

function emptyShape(): Shape {
  return { kind: 'free', fields: new Map() };
}

/** Folds what one validator run read into the learned shape. */
function learn(r: Recorded, s: Shape): void {
  if (Array.isArray(r.target)) s.kind = 'array';
  else if (r.iterated) s.kind = 'map';
  else if (r.read.size > 0 && s.kind !== 'map') s.kind = 'struct';
  for (const k of r.read) if (!s.fields.has(k)) s.fields.set(k, null);
  for (const [k, child] of r.children) {
    if (s.kind === 'array' || s.kind === 'map') learn(child, (s.value ??= emptyShape()));
    else {
      let c = s.fields.get(k);
      if (!c) s.fields.set(k, (c = emptyShape()));
      learn(child, c);
    }
  }
}

/**
 * Walks `data` along the learned shape; false when it reaches a position not learned yet. It runs on
 * every object of a check run, so it indexes arrays and uses for-in rather than allocating key lists.
 */
function walk(data: object, s: Shape, path: PathSegment[], out: ValidationIssue[]): boolean {
  if (s.kind === 'free') return true;
  if (Array.isArray(data)) {
    if (s.kind !== 'array') return true; // a type error the validator reports
    for (let i = 0; i < data.length; i++) {
      const v: unknown = data[i];
      if (v === null || typeof v !== 'object') continue;
      if (!s.value) return false;
      path.push(i);
      const ok = walk(v, s.value, path, out);
      path.pop();
      if (!ok) return false;
    }
    return true;
  }
  if (s.kind === 'array') return true;
  const struct = s.kind === 'struct';
  for (const key in data) {
    if (!Object.hasOwn(data, key)) continue;
    const v = (data as Record<string, unknown>)[key];
    const field = struct ? s.fields.get(key) : undefined;
    if (struct && field === undefined) {
      const p = toJsonPath([...path, key]);
      out.push({ jsonPath: p, message: `unknown field "${fieldName(p)}"` });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    const child = struct ? field : s.value;
    if (!child) return false;
    path.push(key);
    const ok = walk(v, child, path, out);
    path.pop();
    if (!ok) return false;
  }
  return true;
}

const OK = 0;
const UNKNOWN = 1;
const UNLEARNED = 2;

/**
 * walk's traversal without paths or output: UNLEARNED when walk would return false, else UNKNOWN when walk
 * would report something, else OK. Nearly every object is OK, and then no path is ever built.
 */
function scan(data: object, s: Shape): number {
  if (s.kind === 'free') return OK;
  let found = OK;
  if (Array.isArray(data)) {
    if (s.kind !== 'array') return OK;
    for (let i = 0; i < data.length; i++) {
      const v: unknown = data[i];
      if (v === null || typeof v !== 'object') continue;
      if (!s.value) return UNLEARNED;
      const r = scan(v, s.value);
      if (r === UNLEARNED) return r;
      found |= r;
    }
    return found;
  }
  if (s.kind === 'array') return OK;
  const struct = s.kind === 'struct';
  for (const key in data) {
    if (!Object.hasOwn(data, key)) continue;
    const field = struct ? s.fields.get(key) : undefined;
    if (struct && field === undefined) {
      found = UNKNOWN;
      continue;
    }
    const v = (data as Record<string, unknown>)[key];
    if (v === null || typeof v !== 'object') continue;
    const child = struct ? field : s.value;
    if (!child) return UNLEARNED;
    const r = scan(v, child);
    if (r === UNLEARNED) return r;
    found |= r;
  }
  return found;
}

/** A validator that also reports unknown fields: `validate` as kubernetes-models compiled it. */
export function strictValidator<E>(validate: ((data: unknown) => boolean) & { errors?: E | null }) {
  const root = emptyShape();
  return (
    obj: object,
    prefix: readonly PathSegment[] = [],
  ): { errors: E | null | undefined; unknown: ValidationIssue[] } => {
    const unknown: ValidationIssue[] = [];
    const known = root.kind === 'free' ? UNLEARNED : scan(obj, root);
    if (known !== UNLEARNED) {
      if (known === UNKNOWN) walk(obj, root, [...prefix], unknown);
      validate(obj);
      return { errors: validate.errors, unknown };
    }
    const rec = record(obj);
    validate(rec.proxy);
    const errors = validate.errors;
    learn(rec, root);
    unknown.length = 0;
    walk(obj, root, [...prefix], unknown);
    return { errors, unknown };
  };
}
