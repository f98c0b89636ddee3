import type { KubeObject } from '../k8s/object.ts';
import type { Severity } from '../report/types.ts';

/** An object under check, with where it came from. */
export interface SourcedObject {
  object: KubeObject;
  /** File it was read from or will be written to (relative path). */
  file?: string;
  /** 1-based line of the document in that file. */
  line?: number;
  /** Service that built it (platform mode). */
  service?: string;
  /** platform.yaml key that produced it (platform mode). */
  configPath?: string;
  /**
   * The Argo CD Application that renders it from a chart, when the input says so (a chart recording's header,
   * recording.ts). Otherwise the Application is the one whose source reads its file (delivery.ts).
   */
  application?: string;
  /**
   * Set on stand-in workloads (check/standins/): what the object stands in for and the operator source it is rebuilt
   * from. Stand-ins are judged by the admission rules only, and named stand-ins in their findings.
   */
  standIn?: string;
}

/** Lookups shared by all rules, built once per run. */
export interface ObjectIndex {
  /** All objects of a kind (e.g. `Secret`), across namespaces. */
  byKind(kind: string): SourcedObject[];
  /** One object by kind, namespace and name. */
  get(kind: string, namespace: string | undefined, name: string): SourcedObject | undefined;
  /** Objects of a kind with this name in any namespace (for "it exists in namespace X" hints). */
  named(kind: string, name: string): SourcedObject[];
}

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
