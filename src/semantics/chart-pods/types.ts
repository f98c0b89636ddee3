/*
 * The pods a chart Application creates, declared per chart service: those in the chart's own output (checked
 * against the helm recordings by test/charts/chart-pods.test.ts) and those its operator or controller creates
 * at run time, each with the admission rules it breaks (one PolicyException, rendered by kyverno-policies)
 * and why. deploy/README.md lists them.
 */

/** Kinds that are or carry a pod template. */
export type PodKind = 'Deployment' | 'DaemonSet' | 'StatefulSet' | 'Job' | 'CronJob' | 'Pod';

/** The admission rules a pod breaks by design, and why; kyverno-policies excepts exactly those. */
export interface PodException {
  rules: readonly string[];
  reason: string;
  /**
   * The names of its ReplicaSets and pods, where `<name>-*` would also match another workload's (the GPU
   * operator's `gpu-operator-*` would cover the node-feature-discovery pods).
   */
  childNames?: readonly string[];
}

/** When Argo CD runs a chart hook. */
export type HookPhase = 'PreSync' | 'PostSync' | 'PreDelete' | 'PostDelete' | 'never';

/** One pod (or pod template) a chart service brings to the cluster. */
export interface ChartPod {
  kind: PodKind;
  /** Object name, with Kyverno wildcards (`*`, `?`) for names an operator generates. */
  name: string;
  /**
   * `chart`: in the chart's output; `hook: PreSync|PostSync` when it is a Helm hook Argo CD runs in that phase,
   * `PreDelete|PostDelete` for pre-delete/post-delete hooks, which argo-cd v3.3 runs when the Application is
   * deleted (controller/hook.go), `never` for hooks Argo CD never runs (test, rollback; check/hooks.ts). Otherwise the operator (named) that
   * creates it at run time, from what (e.g. `Prometheus kube-prometheus-stack-prometheus`).
   */
  madeBy: { chart: true; hook?: HookPhase } | { operator: string; from: string };
  /** Absent: passes every enforced admission policy as rendered. */
  exception?: PodException;
}

/** The chart pods of one service (its namespace is the pods' namespace). */
export interface ChartPods {
  service: string;
  namespace: string;
  pods: readonly ChartPod[];
}

/** A pod of the chart's output. */
export const chart = (kind: PodKind, name: string, exception?: PodException): ChartPod => ({
  kind,
  name,
  madeBy: { chart: true },
  ...(exception ? { exception } : {}),
});

/** Deployments of the chart's output that pass every enforced admission policy as rendered, in that order. */
export const deployments = (...names: string[]): ChartPod[] => names.map((name) => chart('Deployment', name));

/** The chart pods of one service, in its namespace. */
export const servicePods = (service: string, namespace: string, pods: readonly ChartPod[]): ChartPods => ({
  service,
  namespace,
  pods,
});

/** A Helm hook of the chart's output, run by Argo CD in `phase` (or never). */
export const hook = (kind: PodKind, name: string, phase: HookPhase, exception?: PodException): ChartPod => ({
  kind,
  name,
  madeBy: { chart: true, hook: phase },
  ...(exception ? { exception } : {}),
});

/** A pod an operator creates at run time. */
export const made = (
  kind: PodKind,
  name: string,
  operator: string,
  from: string,
  exception?: PodException,
): ChartPod => ({ kind, name, madeBy: { operator, from }, ...(exception ? { exception } : {}) });

// Chart containers without a securityContext break the rules that need one stated: runAsNonRoot, dropped
// capabilities, allowPrivilegeEscalation: false, a read-only root file system.
export const BARE = ['run-as-non-root', 'drop-capabilities', 'no-privilege-escalation', 'read-only-root-fs'];
export const PRIVILEGED = [...BARE, 'no-privileged'];
export const HOST = [...PRIVILEGED, 'no-host-path'];
export const HOST_PID = [...HOST, 'no-host-namespaces'];
// Pods an operator creates (Longhorn's instance/engine/share managers and CSI sidecars, the NVIDIA operands)
// carry no CPU/memory limits and their charts expose no values key for them; admission needs limits.
export const UNLIMITED = 'resource-limits';

/**
 * The exact ReplicaSet and pod names of a Deployment: `<name>-<pod-template-hash>` and `<that>-<5 characters>`.
 * The hash is a number of up to 10 digits written in letters and digits without `-`, so each `?` run is exact.
 */
export function deploymentChildNames(name: string): string[] {
  const hashes = Array.from({ length: 10 }, (_, i) => `${name}-${'?'.repeat(i + 1)}`);
  return [...hashes, ...hashes.map((rs) => `${rs}-?????`)];
}
