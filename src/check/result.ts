import type { RuleResult, SourcedObject } from './types.ts';

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

/** `ns/name`, or just `name` for objects without a namespace; used in messages. */
export function where(o: SourcedObject): string {
  const m = o.object.metadata;
  return m?.namespace ? `${m.namespace}/${m.name}` : String(m?.name);
}

/** The namespace of an object for same-namespace lookups ('' when unset: a tree without namespaces shares one). */
export function nsOf(o: SourcedObject): string {
  return o.object.metadata?.namespace ?? '';
}
