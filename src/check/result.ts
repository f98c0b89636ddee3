import type { RuleResult, SourcedObject } from './types.ts';

export { nsOf, where } from '../semantics/objects.ts';

/** A passing result. */
export function pass(object: SourcedObject, message = 'ok'): RuleResult {
  return { object, status: 'pass', message };
}

/** A failing result pointing at a JSON path of the object. */
export function fail(object: SourcedObject, message: string, jsonPath?: string): RuleResult {
  return { object, status: 'fail', message, ...(jsonPath !== undefined ? { jsonPath } : {}) };
}

/** A result the rule could not judge (the object it needs is not visible), with the reason. */
export function skipped(object: SourcedObject, message: string, jsonPath?: string): RuleResult {
  return { object, status: 'skipped', message, ...(jsonPath !== undefined ? { jsonPath } : {}) };
}
