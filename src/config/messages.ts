import { z } from 'zod';
import { NO_ECHO, toKeyPath, valueAt, type KeyPath } from './path.ts';
import { closest } from './suggest.ts';

/** One schema problem, not yet placed in the file. */
export interface PathIssue {
  path: KeyPath;
  /** Point at the key (unknown keys) or at the value (wrong values). */
  at: 'key' | 'value';
  message: string;
}

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
};

const FORMAT_NAMES: Record<string, string> = {
  email: 'an e-mail address',
  url: 'a URL',
};

/** Parse-level zod error map: the "expected ..." half of messages the schema does not word itself. */
export const expectedMessage: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case 'invalid_type':
      return `expected ${TYPE_NAMES[iss.expected] ?? iss.expected}`;
    case 'invalid_value':
      return iss.values.length === 1
        ? `expected ${show(iss.values[0])}`
        : `expected one of ${iss.values.map(show).join(', ')}`;
    case 'invalid_format':
      return `expected ${FORMAT_NAMES[iss.format] ?? iss.format}`;
    case 'too_small':
      return bound('at least', '≥', '>', iss.origin, iss.minimum, iss.inclusive);
    case 'too_big':
      return bound('at most', '≤', '<', iss.origin, iss.maximum, iss.inclusive);
    default:
      return undefined;
  }
};

function bound(
  words: string,
  incl: string,
  excl: string,
  origin: string,
  n: unknown,
  inclusive?: boolean,
): string {
  if (origin === 'array') return `expected ${words} ${String(n)} item${n === 1 ? '' : 's'}`;
  if (origin === 'string')
    return n === 1 && words === 'at least'
      ? 'expected a non-empty string'
      : `expected ${words} ${String(n)} characters`;
  return `expected a number ${inclusive === false ? excl : incl} ${String(n)}`;
}

/** A value as the user wrote it: strings quoted, structures named. */
export function show(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value))
    return value.length === 0
      ? 'an empty list'
      : `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}

/** Turns one zod issue into positioned-by-path lines, given the parsed data and the schema. */
export function describeIssue(issue: z.core.$ZodIssue, data: unknown, schema: z.ZodType): PathIssue[] {
  const path = toKeyPath(issue.path);
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => unknownKey(path, key, schema));
  const { found, value } = valueAt(data, path);
  if (!found && (issue.code === 'invalid_type' || issue.code === 'invalid_value'))
    return [{ path, at: 'value', message: 'missing required key' }];
  // Never print what sits where a Secret reference belongs: it is likely the secret itself.
  const got = found && !issue.message.includes(NO_ECHO) ? `, got ${show(value)}` : '';
  if (path.length === 0 && (value === null || value === undefined)) {
    return [
      {
        path: [],
        at: 'value',
        message: 'expected a mapping with apiVersion, kind, cluster, ..., got an empty file',
      },
    ];
  }
  return [{ path, at: 'value', message: `${issue.message}${got}` }];
}

function unknownKey(parent: KeyPath, key: string, schema: z.ZodType): PathIssue {
  const allowed = keysAt(schema, parent);
  const what = parent.length === 1 && parent[0] === 'services' ? 'service' : 'key';
  const match = closest(key, allowed);
  const hint = match
    ? `, did you mean "${match}"?`
    : allowed.length > 0 && allowed.length <= 12
      ? ` (allowed: ${allowed.join(', ')})`
      : '';
  return { path: [...parent, key], at: 'key', message: `unknown ${what} "${key}"${hint}` };
}

/** Keys allowed by the object schema at `path` (empty when it is not an object). */
export function keysAt(schema: z.ZodType, path: KeyPath): string[] {
  let node: z.ZodType | undefined = unwrap(schema);
  for (const seg of path) {
    if (node instanceof z.ZodObject) node = unwrap(node.shape[String(seg)] as z.ZodType | undefined);
    else if (node instanceof z.ZodArray) node = unwrap(node.element as z.ZodType);
    else if (node instanceof z.ZodRecord) node = unwrap(node.valueType as z.ZodType);
    else return [];
  }
  return node instanceof z.ZodObject ? Object.keys(node.shape) : [];
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable)
    s = s.unwrap() as z.ZodType;
  return s;
}
