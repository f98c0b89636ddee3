import { metadataIssues } from './names.ts';
import type { ValidationIssue } from './path.ts';
import { validatorFor, type ObjectValidator } from './schemas.ts';

export type { ValidationIssue } from './path.ts';
export { loadSchemas } from './schemas.ts';

/** The message prefix of the issue for a kind shai has no schema for; the caller decides if it is an error. */
export const noSchemaPrefix = 'no schema for apiVersion';

/** True for the "no schema for apiVersion X kind Y" issue. */
export function isNoSchemaIssue(i: ValidationIssue): boolean {
  return i.message.startsWith(noSchemaPrefix);
}

/**
 * Strict validation of one object, the way `kubectl apply --validate=strict` and kubeconform
 * judge it: the schema of its apiVersion/kind (unknown fields are errors), then the name,
 * namespace, label and annotation rules of the API server. Core kinds must have been loaded
 * with `await loadSchemas(objects)` first. `first` may supply a validator that takes precedence (a CRD of the
 * checked tree). Issues are sorted by JSON path.
 */
export function validateObject(
  obj: { apiVersion?: unknown; kind?: unknown; metadata?: unknown },
  first?: (apiVersion: string, kind: string) => ObjectValidator | undefined,
): ValidationIssue[] {
  const { apiVersion, kind, metadata } = obj;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    return [
      {
        jsonPath: typeof apiVersion !== 'string' ? '.apiVersion' : '.kind',
        message: 'object has no apiVersion and kind',
      },
    ];
  }
  const validate = first?.(apiVersion, kind) ?? validatorFor(apiVersion, kind);
  // each call of a validator returns a new array: extended in place, not copied
  const issues: ValidationIssue[] = validate
    ? validate(obj)
    : [{ jsonPath: '.', message: `${noSchemaPrefix} ${apiVersion} kind ${kind}` }];
  if (metadata && typeof metadata === 'object' && !Array.isArray(metadata)) {
    const meta = metadataIssues(kind, metadata as Record<string, unknown>);
    for (const i of meta) issues.push(i);
  } else if (metadata === undefined) {
    issues.push({ jsonPath: '.metadata', message: 'missing required field "metadata"' });
  }
  if (issues.length < 2) return issues;
  return issues.sort((a, b) => (a.jsonPath < b.jsonPath ? -1 : a.jsonPath > b.jsonPath ? 1 : 0));
}
