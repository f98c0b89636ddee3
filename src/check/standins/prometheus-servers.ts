import type { KubeObject } from '../../k8s/object.ts';
import { isObject, type Yaml } from '../../semantics/pods.ts';
import type { SourcedObject } from '../types.ts';
import type { StandIn } from './types.ts';

/*
 * The StatefulSets the Prometheus operator makes for Prometheus and Alertmanager resources, rebuilt from
 * prometheus-operator/prometheus-operator at tag v0.93.0 (kube-prometheus-stack 88.5.3 runs v0.93.1, which the
 * fetched repository does not have yet; v0.93.0 is the nearest):
 * - pkg/prometheus/server/statefulset.go makeStatefulSetSpec and pkg/alertmanager/statefulset.go: named
 *   `prometheus-<name>` (operator.go statefulSetNameFromPrometheusName, shard 0) and `alertmanager-<name>`
 *   (prefixedName); the main container with spec.resources and allowPrivilegeEscalation: false, a read-only root
 *   and ALL capabilities dropped; the pod securityContext is spec.securityContext as written;
 * - pkg/operator/config_reloader.go CreateConfigReloader: a `config-reloader` sidecar and an `init-config-reloader`
 *   init container with the same container context, the operator's --prometheus-config-reloader image and its
 *   --config-reloader-{cpu,memory}-{request,limit} flags as resources (config.go ResourceRequirements; 0 leaves one out);
 * - spec.containers and spec.initContainers are merged over these by name (k8s.MergePatchContainers);
 * - pod labels: spec.podMetadata.labels, then the selector labels over them (server/operator.go and
 *   alertmanager/operator.go makeSelectorLabels, a Prometheus' shard label "0"), which the chart's Services select.
 */

const SOURCE =
  'prometheus-operator v0.93.0 pkg/prometheus/server/statefulset.go, pkg/alertmanager/statefulset.go, pkg/operator/config_reloader.go';

const KINDS: Readonly<
  Record<string, { prefix: string; main: string; selector: (name: string) => Record<string, string> }>
> = {
  Prometheus: {
    prefix: 'prometheus',
    main: 'prometheus',
    selector: (name) => ({
      ...operatorLabels('prometheus', name),
      'operator.prometheus.io/name': name,
      prometheus: name,
      'operator.prometheus.io/shard': '0',
    }),
  },
  Alertmanager: {
    prefix: 'alertmanager',
    main: 'alertmanager',
    selector: (name) => ({ ...operatorLabels('alertmanager', name), alertmanager: name }),
  },
};

/** The labels every operator-made pod carries (pkg/operator/kubernetes.go). */
function operatorLabels(app: string, name: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': app,
    'app.kubernetes.io/managed-by': 'prometheus-operator',
    'app.kubernetes.io/instance': name,
  };
}

const CONTEXT = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};

/** Stand-in StatefulSets for Prometheus and Alertmanager resources, when the operator that makes them is in the run. */
export const prometheusServers: StandIn = {
  kinds: Object.keys(KINDS),
  build(cr, objects) {
    const kind = KINDS[cr.object.kind];
    if (!kind || !String(cr.object.apiVersion).startsWith('monitoring.coreos.com/')) return [];
    const flags = operatorFlags(objects);
    if (!flags) return [];
    const spec: Yaml = isObject(cr.object.spec) ? cr.object.spec : {};
    // probes only on the sidecar, and only with --enable-config-reloader-probes (CreateConfigReloader, addProbes)
    const probes = flags['enable-config-reloader-probes'] === 'true';
    const reloader = (name: string, init: boolean) => ({
      name,
      image: flags['prometheus-config-reloader'] ?? '',
      resources: reloaderResources(flags),
      securityContext: CONTEXT,
      ...(probes && !init
        ? {
            readinessProbe: { httpGet: { path: '/healthz', port: 8080 } },
            livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
          }
        : {}),
    });
    const main = {
      name: kind.main,
      image: typeof spec.image === 'string' ? spec.image : '',
      ...(isObject(spec.resources) ? { resources: spec.resources } : {}),
      securityContext: CONTEXT,
      readinessProbe: { httpGet: { path: '/-/ready', port: 'web' } },
      livenessProbe: { httpGet: { path: '/-/healthy', port: 'web' } },
    };
    const name = `${kind.prefix}-${cr.object.metadata?.name}`;
    const selector = kind.selector(String(cr.object.metadata?.name));
    const podLabels = isObject(spec.podMetadata?.labels) ? spec.podMetadata.labels : {};
    const set: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name, namespace: String(cr.object.metadata?.namespace ?? '') },
      spec: {
        serviceName: `${kind.prefix}-operated`,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: { ...podLabels, ...selector } },
          spec: {
            ...(isObject(spec.securityContext) ? { securityContext: spec.securityContext } : {}),
            ...(spec.hostNetwork === true ? { hostNetwork: true } : {}),
            ...(typeof spec.serviceAccountName === 'string'
              ? { serviceAccountName: spec.serviceAccountName }
              : {}),
            initContainers: mergeByName([reloader('init-config-reloader', true)], spec.initContainers),
            containers: mergeByName([main, reloader('config-reloader', false)], spec.containers),
            ...(Array.isArray(spec.volumes) ? { volumes: spec.volumes } : {}),
          },
        },
      },
    };
    return [
      {
        object: set,
        ...(cr.file !== undefined ? { file: cr.file } : {}),
        ...(cr.line !== undefined ? { line: cr.line } : {}),
        standIn: `the StatefulSet the Prometheus operator makes for ${cr.object.kind} ${cr.object.metadata?.namespace}/${cr.object.metadata?.name} (${SOURCE})`,
      },
    ];
  },
};

/** `--name=value` flags of the Prometheus operator Deployment in the run, or undefined when there is none. */
function operatorFlags(objects: readonly SourcedObject[]): Record<string, string> | undefined {
  for (const o of objects) {
    if (o.object.kind !== 'Deployment') continue;
    for (const c of (o.object.spec as Yaml)?.template?.spec?.containers ?? []) {
      const args: unknown[] = Array.isArray(c?.args) ? c.args : [];
      if (!args.some((a) => typeof a === 'string' && a.startsWith('--prometheus-config-reloader='))) continue;
      const out: Record<string, string> = {};
      for (const a of args) {
        const m = typeof a === 'string' ? /^--([^=]+)=(.*)$/.exec(a) : null;
        if (m) out[m[1]!] = m[2]!;
      }
      return out;
    }
  }
  return undefined;
}

function reloaderResources(flags: Record<string, string>): Yaml {
  const pick = (which: 'request' | 'limit') => {
    const out: Record<string, string> = {};
    for (const r of ['cpu', 'memory']) {
      const v = flags[`config-reloader-${r}-${which}`];
      if (v !== undefined && v !== '0') out[r] = v;
    }
    return out;
  };
  return { requests: pick('request'), limits: pick('limit') };
}

/** The operator's containers with same-named ones of the resource merged over them, and the others appended. */
function mergeByName(base: Yaml[], extra: unknown): Yaml[] {
  const out = base.map((c) => ({ ...c }));
  for (const c of Array.isArray(extra) ? extra : []) {
    if (!isObject(c)) continue;
    const i = out.findIndex((b) => b.name === c.name);
    if (i >= 0) out[i] = { ...out[i], ...c };
    else out.push(c);
  }
  return out;
}
