import type { KubeObject } from '../k8s/object.ts';
import type { Severity } from '../report/types.ts';
import type { ObjectIndex, SourcedObject } from '../semantics/objects.ts';

export type { ObjectIndex, SourcedObject };

/** What a rule sees. `nodes` is undefined when no node inventory was given. */
export interface RuleContext {
  objects: SourcedObject[];
  index: ObjectIndex;
  nodes?: KubeObject[];
  /** Objects an Application delivers but Argo CD never applies (hooks with no phase it runs, hooks.ts); not in `objects`. */
  notApplied?: readonly SourcedObject[];
}

/** One outcome of a rule on one object. The engine turns it into a Finding. */
export interface RuleResult {
  object: SourcedObject;
  /** `skipped`: the rule could not judge this object (e.g. no schema for its kind). */
  status: 'pass' | 'fail' | 'skipped';
  message: string;
  jsonPath?: string;
  /** Overrides the rule's severity for this result (e.g. a warning-level variant). */
  severity?: Severity;
}

/** A check rule: metadata kept beside its logic. One per file in src/check/rules/. */
export interface Rule {
  /** Stable kebab-case id, written by hand, never derived from the title. */
  id: string;
  title: string;
  severity: Severity;
  /** Rule family, e.g. `references`, `scheduling`, used for grouping and docs. */
  family: string;
  /** Kinds the rule looks at, for docs. */
  targets: string[];
  fix: string;
  /** Markdown paragraph for docs/rules.md. */
  docs: string;
  /** Rules that need the node inventory report `skipped` without it. */
  needsNodes?: boolean;
  check(ctx: RuleContext): RuleResult[];
}
