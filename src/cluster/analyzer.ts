import type { KubeObject } from '../k8s/object.ts';
import type { Finding, RuleInfo, Severity } from '../report/types.ts';
import type { ClusterState } from './state.ts';

/**
 * Areas doctor scores separately, like Popeye's sections, in reading order: the layers a failure usually
 * starts in come first (a NotReady node explains its pods, pods explain workloads), and intent last, since
 * a planned service missing from the cluster is most often the consequence of a failure above it.
 */
export const AREAS = [
  'nodes',
  'pods',
  'workloads',
  'storage',
  'gitops',
  'certificates',
  'ingress',
  'probes',
  'intent',
] as const;
export type Area = (typeof AREAS)[number];

/** What an analyzer says about one object; the scaffolding turns it into a Finding. */
export interface FindingDraft {
  target: { kind: string; namespace?: string; name: string };
  /** The root cause in plain words. */
  message: string;
  /** How to fix it. */
  fix: string;
  /** Defaults to the analyzer's severity. */
  severity?: Severity;
  /** Set by analyzers that know the service already (intent); others get it from annotate(). */
  service?: string;
  configPath?: string;
}

/** One doctor analyzer: metadata beside its logic, one per file in src/cluster/analyzers/. */
export interface Analyzer {
  /** Stable kebab-case id, written by hand. */
  id: string;
  area: Area;
  title: string;
  /** What it detects and how it names the cause, for docs/doctor.md. */
  docs: string;
  severity: Severity;
  /** Kinds it reads; when one could not be read, the analyzer reports `skipped`. */
  needs: string[];
  analyze(state: ClusterState): FindingDraft[];
}

/** Runs every analyzer: unreadable kinds become `skipped`, a throw becomes an `error` finding, the rest `fail`. */
export function runAnalyzers(analyzers: readonly Analyzer[], state: ClusterState): Finding[] {
  const findings: Finding[] = [];
  for (const a of analyzers) {
    const missing = a.needs.filter((k) => !state.available(k));
    if (missing.length > 0) {
      const what = `${missing.join(', ')} could not be read`;
      findings.push(meta(a, 'skipped', 'info', { kind: 'Analyzer', name: a.id }, `not run: ${what}`));
      continue;
    }
    try {
      for (const d of a.analyze(state)) {
        const owner = {
          ...(d.service ? { service: d.service } : {}),
          ...(d.configPath ? { configPath: d.configPath } : {}),
        };
        findings.push({
          ...meta(a, 'fail', d.severity ?? a.severity, d.target, d.message),
          fix: d.fix,
          ...owner,
        });
      }
    } catch (cause) {
      const msg = `analyzer crashed: ${(cause as Error).message ?? String(cause)}`;
      findings.push(meta(a, 'error', 'error', { kind: 'Analyzer', name: a.id }, msg));
    }
  }
  return findings;
}

function meta(
  a: Analyzer,
  status: Finding['status'],
  severity: Severity,
  target: Finding['target'],
  message: string,
): Finding {
  return { rule: a.id, severity, status, target, message, area: a.area };
}

/** The analyzers' metadata as a Report lists it. */
export function analyzerInfo(analyzers: readonly Analyzer[]): RuleInfo[] {
  return analyzers.map((a) => ({ id: a.id, title: a.title, severity: a.severity, docs: a.docs }));
}

/** The target of a finding about a Kubernetes object. */
export function targetOf(o: KubeObject): FindingDraft['target'] {
  const { namespace, name } = o.metadata;
  return namespace ? { kind: o.kind, namespace, name } : { kind: o.kind, name };
}

/** `namespace/name`, or `name` for cluster-scoped objects. */
export function ref(o: KubeObject): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
}
