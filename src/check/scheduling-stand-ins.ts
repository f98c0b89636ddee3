import type { KubeObject } from '../k8s/object.ts';
import { sourcesOf } from './gitops.ts';
import { isObject, type Yaml } from '../semantics/pods.ts';
import { standInWorkloads } from './standins/index.ts';
import type { SourcedObject } from './types.ts';
import { CHART_PINS, CHART_WORKLOADS } from './chart-workloads.ts';

const WAVE = 'argocd.argoproj.io/sync-wave';

/**
 * Pods the run brings to the cluster without holding their templates, as workloads the scheduler simulation
 * places beside the others, each named a stand-in (SourcedObject.standIn). The operator-made pods the admission
 * rules judge (standins/: CloudNativePG instances, Prometheus and Alertmanager from their resources, ARC
 * listeners, NVIDIA operands) count as they are, their one-off Jobs aside. What the run lacks, as a tree without
 * chart recordings does, is stood in for here: the resident workloads of each chart Application (the recordings'
 * figures, chart-workloads.ts), the instances CloudNativePG makes from a Cluster, and the Prometheus and
 * Alertmanager the Prometheus operator makes from kube-prometheus-stack's values. Pods whose makers set no
 * requests (Longhorn's instance managers, the NVIDIA operands) reserve nothing.
 */
export function standIns(objects: readonly SourcedObject[]): SourcedObject[] {
  // Applications whose chart output is in the run (recordings): their objects are placed as they are.
  const recorded = new Set(objects.flatMap((o) => (o.application ? [o.application] : [])));
  const operatorMade = standInWorkloads(objects)
    .map((w) => w.source)
    .filter((s) => s.object.kind !== 'Job');
  const made = (namespace: string, prefix: string) =>
    operatorMade.some(
      (s) => s.object.metadata.namespace === namespace && s.object.metadata.name.startsWith(prefix),
    );
  const out: SourcedObject[] = [...operatorMade];
  for (const o of objects) {
    const { name, namespace = '' } = o.object.metadata ?? {};
    if (o.object.kind === 'Application' && String(o.object.apiVersion).startsWith('argoproj.io/'))
      if (!recorded.has(name)) out.push(...chartPods(o));
    if (o.object.kind === 'Cluster' && String(o.object.apiVersion).startsWith('postgresql.cnpg.io/'))
      if (!made(namespace, `${name}-`)) out.push(databasePods(o));
  }
  return out;
}

function chartPods(app: SourcedObject): SourcedObject[] {
  const spec: Yaml = isObject(app.object.spec) ? app.object.spec : {};
  const namespace = String(spec.destination?.namespace ?? app.object.metadata.namespace ?? '');
  const name = app.object.metadata.name;
  const chart = sourcesOf(app).find((s) => typeof s.chart === 'string');
  if (!chart) return [];
  const pin = CHART_PINS[name];
  // The recorded workloads hold for the recorded chart and version only.
  const recorded =
    pin !== undefined && pin.chart === chart.chart && pin.version === String(chart.targetRevision);
  const by = `made by the ${String(chart.chart)} chart of Application ${name}`;
  const pods = CHART_WORKLOADS.filter((w) => recorded && w.application === name).map((w) =>
    standIn(app, w.kind, w.name, namespace, by, {
      replicas: w.replicas ?? 1,
      resources: { requests: w.requests },
      nodeSelector: w.nodeSelector,
      tolerations: w.tolerations,
    }),
  );
  const values: Yaml =
    isObject(chart.helm) && isObject(chart.helm.valuesObject) ? chart.helm.valuesObject : {};
  if (chart.chart === 'kube-prometheus-stack') {
    const operator = `made by the Prometheus operator from the values of Application ${name}`;
    for (const [key, spec, pod] of [
      ['prometheus', 'prometheusSpec', `prometheus-${name}-prometheus`],
      ['alertmanager', 'alertmanagerSpec', `alertmanager-${name}-alertmanager`],
    ] as const) {
      const s: Yaml = values[key]?.[spec];
      if (values[key]?.enabled === false || !isObject(s?.resources)) continue;
      pods.push(
        standIn(app, 'StatefulSet', pod, namespace, operator, {
          replicas: typeof s.replicas === 'number' ? s.replicas : 1,
          resources: s.resources,
          nodeSelector: s.nodeSelector,
          tolerations: s.tolerations,
        }),
      );
    }
  }
  return pods;
}

function databasePods(cluster: SourcedObject): SourcedObject {
  const spec: Yaml = isObject(cluster.object.spec) ? cluster.object.spec : {};
  const { name, namespace = '' } = cluster.object.metadata;
  return standIn(
    cluster,
    'StatefulSet',
    name,
    namespace,
    `made by CloudNativePG from Cluster ${namespace}/${name}`,
    {
      replicas: typeof spec.instances === 'number' ? spec.instances : 1,
      resources: spec.resources,
      nodeSelector: spec.affinity?.nodeSelector,
      tolerations: spec.affinity?.tolerations,
    },
  );
}

/** A workload object standing in for pods made elsewhere, tied to the object that causes them. */
function standIn(
  origin: SourcedObject,
  kind: string,
  name: string,
  namespace: string,
  by: string,
  pod: { replicas: number; resources: unknown; nodeSelector?: unknown; tolerations?: unknown },
): SourcedObject {
  const wave = origin.object.metadata.annotations?.[WAVE];
  const object: KubeObject = {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace, ...(wave ? { annotations: { [WAVE]: wave } } : {}) },
    spec: {
      ...(kind === 'DaemonSet' ? {} : { replicas: pod.replicas }),
      template: {
        spec: {
          ...(isObject(pod.nodeSelector) ? { nodeSelector: pod.nodeSelector } : {}),
          ...(Array.isArray(pod.tolerations) ? { tolerations: pod.tolerations } : {}),
          containers: [{ name: 'main', resources: isObject(pod.resources) ? pod.resources : {} }],
        },
      },
    },
  };
  return { ...origin, object, standIn: by };
}
