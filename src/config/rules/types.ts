import type { ServiceDef } from '../../services/types.ts';
import type { KeyPath } from '../path.ts';
import type { Config } from '../schema.ts';

/** What a cross-field rule sees: the validated config (defaults applied) and the service catalog. */
export interface RuleContext {
  config: Config;
  registry: readonly ServiceDef[];
  /** Services that will run (selected plus implied needs). */
  enabled: ReadonlySet<string>;
  byName: ReadonlyMap<string, ServiceDef>;
}

/** One cross-field problem: `path` is what the message names; `near` is where to point when `path` is not written. */
export interface RuleIssue {
  path: KeyPath;
  message: string;
  at?: 'key' | 'value';
  near?: KeyPath;
}

/** A cross-field check of platform.yaml that runs after the schema passed. */
export interface ConfigRule {
  id: string;
  description: string;
  check(ctx: RuleContext): RuleIssue[];
}
