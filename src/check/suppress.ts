import type { SourcedObject } from './types.ts';
import { IGNORE_ANNOTATION, IGNORE_REASON_ANNOTATION } from '../k8s/annotations.ts';

/** Rule id of the finding raised for a suppression without a reason. */
export const SUPPRESSION_RULE_ID = 'suppression-needs-reason';

/** An object's suppression: the rules it ignores and why (reason undefined when missing). */
export interface Suppression {
  rules: Set<string>;
  reason?: string;
}

/** Reads an object's suppression annotations, or undefined when it has none. */
export function suppressionOf(o: SourcedObject): Suppression | undefined {
  const a = o.object.metadata?.annotations;
  const raw = a?.[IGNORE_ANNOTATION];
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const rules = new Set(
    raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  const reason = a?.[IGNORE_REASON_ANNOTATION];
  return { rules, ...(typeof reason === 'string' && reason.trim() ? { reason: reason.trim() } : {}) };
}
