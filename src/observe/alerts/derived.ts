import type { PlannedService } from '../../plan/types.ts';
import { anyOf } from '../names.ts';
import type {
  AlertSpec,
  ObserveContext,
  Runbook,
  ServiceObservability,
  TestSeries,
  Workload,
} from '../types.ts';
import { scrapeJobsOf, workloadsOf } from './workloads.ts';

const UNAVAILABLE: Runbook = {
  meaning:
    "Every replica of one of the service's Deployments or StatefulSets is unready, or a DaemonSet of it runs no ready pod on any node: the service is down.",
  confirm:
    'kubectl get deploy,sts,ds -n <namespace>; kubectl describe pod -n <namespace> -l app.kubernetes.io/name=<service>; `shai doctor` lists the pods and why they are not ready.',
  covered: { analyzer: 'workload-replicas' },
  fix: 'Follow the pod findings of `shai doctor` (image pull, crash loop, unschedulable, config error); once a pod is ready the alert resolves.',
};

const TARGET_DOWN: Runbook = {
  meaning:
    "Prometheus has not been able to scrape one of the service's metric endpoints for 10 minutes: the pod is down, the port changed, or a NetworkPolicy blocks monitoring.",
  confirm:
    'Open Prometheus → Status → Targets and read the error of the target; kubectl get endpoints -n <namespace> <job>; `shai doctor --probe` lists the down targets beside the pod findings.',
  covered: { analyzer: 'prometheus-targets' },
  fix: 'If the pod is down, fix it first (ServiceUnavailable). If it runs, compare the ServiceMonitor port with the Service and check that the NetworkPolicy allows monitoring → <namespace>:<port> (`shai check` proves the flows offline).',
};

const SELECTORS = {
  Deployment: {
    ready: 'kube_deployment_status_replicas_available',
    want: 'kube_deployment_spec_replicas',
    label: 'deployment',
  },
  StatefulSet: {
    ready: 'kube_statefulset_status_replicas_ready',
    want: 'kube_statefulset_replicas',
    label: 'statefulset',
  },
  DaemonSet: {
    ready: 'kube_daemonset_status_number_available',
    want: 'kube_daemonset_status_desired_number_scheduled',
    label: 'daemonset',
  },
} as const;

function unavailableExpr(workloads: Workload[]): string {
  const byKind = Object.entries(SELECTORS).flatMap(([kind, s]) => {
    const mine = workloads.filter((w) => w.kind === kind);
    if (!mine.length) return [];
    const match = `{namespace="${mine[0]!.namespace}",${s.label}=~"${anyOf(mine.map((w) => w.name))}"}`;
    return [`(${s.ready}${match} == 0 and on (namespace, ${s.label}) ${s.want}${match} > 0)`];
  });
  return byKind.join(' or ');
}

function workloadSeries(w: Workload, ready: number): TestSeries[] {
  const s = SELECTORS[w.kind];
  const labels = `namespace="${w.namespace}",${s.label}="${w.name}"`;
  return [
    { series: `${s.ready}{${labels}}`, values: `${ready}x60` },
    { series: `${s.want}{${labels}}`, values: '1x60' },
  ];
}

/** Alerts every service gets from its data: no ready replica of a workload; a metric endpoint down. */
export function derivedAlerts(
  ctx: ObserveContext,
  self: PlannedService,
  data?: ServiceObservability,
): AlertSpec[] {
  const out: AlertSpec[] = [];
  const workloads = workloadsOf(ctx, self, data?.workloads);
  const ns = new Set(workloads.map((w) => w.namespace));
  for (const namespace of [...ns].sort()) {
    const mine = workloads.filter((w) => w.namespace === namespace);
    const first = mine[0]!;
    out.push({
      alert: 'ServiceUnavailable',
      ...(ns.size > 1 ? { labels: { namespace } } : {}),
      expr: unavailableExpr(mine),
      for: '5m',
      severity: 'critical',
      service: self.name,
      summary: `${self.def.title} has no ready pod`,
      description: `{{ $labels.namespace }}: a workload of ${self.name} has no ready replica.`,
      runbook: UNAVAILABLE,
      test: {
        fire: mine.flatMap((w) => workloadSeries(w, w === first ? 0 : 1)),
        quiet: mine.flatMap((w) => workloadSeries(w, 1)),
        labels: { namespace, [SELECTORS[first.kind].label]: first.name },
      },
    });
  }
  const jobs = scrapeJobsOf(ctx, self, data?.scrapeJobs);
  if (jobs.length) {
    const up = (job: string, v: number) => ({
      series: `up{namespace="${self.namespace}",job="${job}",instance="10.42.0.9:9090"}`,
      values: `${v}x60`,
    });
    out.push({
      alert: 'ServiceTargetDown',
      expr: `up{namespace="${self.namespace}",job=~"${anyOf(jobs)}"} == 0`,
      for: '10m',
      severity: 'warning',
      service: self.name,
      summary: `Prometheus cannot scrape ${self.def.title}`,
      description: 'Target {{ $labels.instance }} of job {{ $labels.job }} is down.',
      runbook: TARGET_DOWN,
      test: {
        fire: [up(jobs[0]!, 0)],
        quiet: jobs.map((j) => up(j, 1)),
        labels: { namespace: self.namespace, job: jobs[0]!, instance: '10.42.0.9:9090' },
      },
    });
  }
  return [...out, ...applicationAlerts(ctx, self)];
}

const APP_DEGRADED: Runbook = {
  meaning:
    "Argo CD reports a resource of the service's Application as Degraded: a Deployment without available replicas, a failed Job, a PVC not bound.",
  confirm:
    '`argocd app get <name>` or the Argo CD UI; `shai doctor` reads the Application status and the objects behind it.',
  covered: { analyzer: 'argocd-app' },
  fix: 'Follow the unhealthy resource in `shai doctor`; the Application recovers on its own once the resource is healthy.',
};

const APP_OUT_OF_SYNC: Runbook = {
  meaning:
    "The service's Application has not matched the rendered tree in git for 30 minutes: a sync error (admission denied, invalid object, missing CRD) or a controller that rewrites a field Argo CD owns.",
  confirm:
    '`argocd app diff <name>`; the sync result in the UI; `shai doctor` shows the Application conditions.',
  covered: { analyzer: 'argocd-app' },
  fix: 'Read the sync error; `shai check deploy` proves the tree offline (admission, schemas, ordering). A field another controller owns needs an ignoreDifferences entry.',
};

/** The Argo CD Applications of a service: its own and any further chart release it adds. */
function applicationsOf(ctx: ObserveContext, self: PlannedService): string[] {
  const apps = ctx.manifest
    .filter(
      (e) =>
        e.service === self.name &&
        e.object.kind === 'Application' &&
        e.object.apiVersion.startsWith('argoproj.io/'),
    )
    .map((e) => e.object.metadata.name);
  return [...new Set([self.name, ...apps])].sort();
}

/** Every service's Applications: degraded for 15 minutes, or out of sync for 30 (when Argo CD is planned). */
export function applicationAlerts(ctx: ObserveContext, self: PlannedService): AlertSpec[] {
  if (!ctx.plan.services.some((s) => s.name === 'argocd')) return [];
  const names = applicationsOf(ctx, self);
  const sel = `name=~"${anyOf(names)}"`;
  const app = (labels: string) => ({
    series: `argocd_app_info{namespace="argocd",job="argocd-application-controller-metrics",name="${names[0]}",project="${self.layer}",${labels}}`,
    values: '1x60',
  });
  const expr = (status: string) => `max by (name, project) (argocd_app_info{${sel},${status}}) == 1`;
  const test = (fire: string) => ({
    fire: [app(fire)],
    quiet: [app('health_status="Healthy",sync_status="Synced"')],
    labels: { name: names[0]!, project: self.layer },
  });
  const warning = { severity: 'warning', service: self.name } as const;
  return [
    {
      alert: 'ArgoCdAppDegraded',
      expr: expr('health_status="Degraded"'),
      for: '15m',
      ...warning,
      summary: 'Argo CD Application {{ $labels.name }} is degraded',
      description: 'One of its resources has been unhealthy for 15 minutes.',
      runbook: APP_DEGRADED,
      test: test('health_status="Degraded",sync_status="Synced"'),
    },
    {
      alert: 'ArgoCdAppOutOfSync',
      expr: expr('sync_status!="Synced"'),
      for: '30m',
      ...warning,
      summary: 'Argo CD Application {{ $labels.name }} has been out of sync for 30 minutes',
      description:
        'What is in git is not what runs: a sync fails, or something in the cluster changes it back.',
      runbook: APP_OUT_OF_SYNC,
      test: { ...test('health_status="Healthy",sync_status="OutOfSync"'), evalTime: '50m' },
    },
  ];
}
