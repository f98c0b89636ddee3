import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/k8s/object.ts';
import { DASHBOARD_LABEL, FOLDER_ANNOTATION } from '../../src/observe/grafana.ts';
import { SERVICE_OBSERVABILITY } from '../../src/services/observe/index.ts';
import { recordedObjects } from '../helpers/charts.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- helm output, read field by field
type Obj = Record<string, any>;

/** Does a label selector select these labels? */
function selects(selector: Obj | undefined, labels: Record<string, string> = {}): boolean {
  const exact = Object.entries((selector?.matchLabels ?? {}) as Record<string, string>).every(
    ([k, v]) => labels[k] === v,
  );
  const exprs = ((selector?.matchExpressions ?? []) as Obj[]).every((e) => {
    const has = e.key in labels;
    const among = has && ((e.values ?? []) as string[]).includes(labels[e.key]!);
    return { In: among, NotIn: !among, Exists: has, DoesNotExist: !has }[e.operator as string] ?? false;
  });
  return exact && exprs;
}

/**
 * The Prometheus jobs a chart's monitors produce, as the operator names them: a ServiceMonitor's job is the
 * Service's name (or the value of its jobLabel) for each Service it selects that has the endpoint's port; a
 * PodMonitor's is `<namespace>/<name>`. A `job` relabeling of the endpoint then applies.
 */
function recordedJobs(application: string): string[] {
  const objects = recordedObjects(application) as Obj[];
  const services = objects.filter((o) => o.kind === 'Service');
  const podMonitors = objects
    .filter((o) => o.kind === 'PodMonitor')
    .map((pm) => `${pm.metadata.namespace}/${pm.metadata.name}`);
  const serviceMonitors = objects
    .filter((o) => o.kind === 'ServiceMonitor')
    .flatMap((sm) => {
      const endpoints = sm.spec.endpoints as Obj[];
      // A targetPort names the pod's port: the Service port leads to it by its own targetPort, else by its name.
      const hasPort = (p: Obj) =>
        endpoints.some(
          (e) => (e.port && e.port === p.name) || (e.targetPort && e.targetPort === (p.targetPort ?? p.name)),
        );
      // A relabeling of `job` (Loki's chart prefixes the namespace) replaces the operator's name.
      const rename = (job: string) =>
        endpoints
          .flatMap((e) => (e.relabelings ?? []) as Obj[])
          .filter(
            (r) =>
              r.action === 'replace' &&
              r.targetLabel === 'job' &&
              (r.sourceLabels as string[] | undefined)?.join() === 'job',
          )
          .reduce((j, r) => (r.replacement as string).replace('$1', j), job);
      return services
        .filter((s) => selects(sm.spec.selector, s.metadata.labels))
        .filter((s) => (s.spec.ports as Obj[]).some(hasPort))
        .map((s) =>
          rename((sm.spec.jobLabel ? s.metadata.labels?.[sm.spec.jobLabel] : s.metadata.name) as string),
        );
    });
  return [...serviceMonitors, ...podMonitors];
}

describe('what observability assumes of the chart recordings (real helm at the pins)', () => {
  it.each(
    SERVICE_OBSERVABILITY.filter((o) => o.scrapeJobs?.length).map((o) => [o.service, o.scrapeJobs!] as const),
  )(
    '%s: every declared scrape job is a Service its chart ServiceMonitors select on their port',
    (service, jobs) => {
      const recorded = recordedJobs(service);
      for (const job of jobs) expect(recorded, job).toContain(job);
    },
  );

  it("kube-prometheus-stack: Grafana's sidecar loads ConfigMaps with shai's label and reads the folder annotation", () => {
    const grafana = (recordedObjects('kube-prometheus-stack') as Obj[]).find(
      (o) => o.kind === 'Deployment' && o.metadata.name === 'kube-prometheus-stack-grafana',
    )!;
    const sidecar = (grafana.spec.template.spec.containers as Obj[]).find(
      (c) => c.name === 'grafana-sc-dashboard',
    )!;
    const env = Object.fromEntries(
      (sidecar.env as Obj[]).filter((e) => 'value' in e).map((e) => [e.name, e.value]),
    );
    expect([env.LABEL, env.LABEL_VALUE]).toEqual(Object.entries(DASHBOARD_LABEL)[0]);
    expect(env.FOLDER_ANNOTATION).toBe(FOLDER_ANNOTATION);
    expect(env.NAMESPACE).toBe('ALL');
    const provider = (recordedObjects('kube-prometheus-stack') as KubeObject[]).find(
      (o) => o.kind === 'ConfigMap' && o.metadata.name === 'kube-prometheus-stack-grafana-config-dashboards',
    ) as Obj;
    expect(provider.data['provider.yaml']).toContain('foldersFromFilesStructure: true');
  });

  it('kube-prometheus-stack: the chart rules shai replaces are gone, the Loki data source has the uid the dashboards use', () => {
    const objects = recordedObjects('kube-prometheus-stack') as Obj[];
    const alerts = objects
      .filter((o) => o.kind === 'PrometheusRule')
      .flatMap((r) => (r.spec.groups as Obj[]).flatMap((g) => (g.rules as Obj[]).map((x) => x.alert)));
    for (const gone of [
      'TargetDown',
      'KubePodCrashLooping',
      'KubeNodeNotReady',
      'KubeJobFailed',
      'KubePersistentVolumeFillingUp',
    ])
      expect(alerts).not.toContain(gone);
    expect(alerts).toContain('KubeDeploymentReplicasMismatch');
    const datasources = objects.find(
      (o) => o.kind === 'ConfigMap' && o.metadata.name === 'kube-prometheus-stack-grafana-datasource',
    ) as Obj;
    expect(Object.values(datasources.data as Record<string, string>).join('\n')).toMatch(
      /name: Loki[\s\S]*uid: loki/,
    );
  });
});
