import type { KubeObject } from '../k8s/object.ts';
import type { Plan, PlannedService } from '../plan/types.ts';
import type { ChartSource, Layer } from '../services/types.ts';
import {
  INSTALLS_CRDS_ANNOTATION,
  LAYER_LABEL,
  listValue,
  NEEDS_ANNOTATION,
  SERVICE_ANNOTATION,
} from '../k8s/annotations.ts';

/** Namespace Argo CD runs in; Applications and AppProjects live there. */
export const ARGOCD_NAMESPACE = 'argocd';
const IN_CLUSTER = 'https://kubernetes.default.svc';
const RETRY = { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } };

/** Cluster-scoped kinds an upstream operator chart installs; charts are not rendered here, so these are allowed. */
const CHART_KIND_GROUPS: Record<string, string> = {
  CustomResourceDefinition: 'apiextensions.k8s.io',
  ClusterRole: 'rbac.authorization.k8s.io',
  ClusterRoleBinding: 'rbac.authorization.k8s.io',
  MutatingWebhookConfiguration: 'admissionregistration.k8s.io',
  ValidatingWebhookConfiguration: 'admissionregistration.k8s.io',
  PriorityClass: 'scheduling.k8s.io',
  StorageClass: 'storage.k8s.io',
  CSIDriver: 'storage.k8s.io',
  RuntimeClass: 'node.k8s.io',
  APIService: 'apiregistration.k8s.io',
};

/** Path of a service's own manifests inside the GitOps repository. */
export function servicePath(plan: Plan, service: string): string {
  return `${plan.config.gitops.path}/services/${service}`.replace(/^\/+/, '');
}

/** The Argo CD Application of one service: its chart and/or its own manifests, wave, sync options and retry. */
export function serviceApplication(
  plan: Plan,
  svc: PlannedService,
  chart: ChartSource | undefined,
  hasObjects: boolean,
): KubeObject {
  const { repoURL, revision } = plan.config.gitops;
  const own = { repoURL, targetRevision: revision, path: servicePath(plan, svc.name) };
  const chartSource = chart && {
    repoURL: chart.repoURL,
    chart: chart.chart,
    targetRevision: chart.version,
    helm: { releaseName: chart.releaseName ?? svc.name, valuesObject: chart.values },
  };
  const sources = [...(chartSource ? [chartSource] : []), ...(hasObjects || !chartSource ? [own] : [])];
  const annotations: Record<string, string> = { 'argocd.argoproj.io/sync-wave': String(svc.wave) };
  if (svc.needs.length) annotations[NEEDS_ANNOTATION] = listValue(svc.needs);
  if (svc.def.installsCrds?.length) annotations[INSTALLS_CRDS_ANNOTATION] = listValue(svc.def.installsCrds);
  annotations[SERVICE_ANNOTATION] = svc.name;
  const syncOptions = ['CreateNamespace=false', 'PruneLast=true', 'ApplyOutOfSyncOnly=true'];
  // Operator charts ship CRDs larger than the 262 KB last-applied annotation allows.
  if (chartSource) syncOptions.push('ServerSideApply=true');
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: svc.name,
      namespace: ARGOCD_NAMESPACE,
      labels: { 'app.kubernetes.io/part-of': 'shai', [LAYER_LABEL]: svc.layer },
      annotations,
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      project: svc.layer,
      ...(sources.length === 1 ? { source: sources[0] } : { sources }),
      destination: { server: IN_CLUSTER, namespace: svc.namespace },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions, retry: RETRY },
    },
  };
}

/** One AppProject per layer: only its repositories, its namespaces and the cluster-scoped kinds it renders. */
export function layerProject(
  plan: Plan,
  layer: Layer,
  repos: string[],
  namespaces: string[],
  clusterKinds: GroupKind[],
  usesCharts: boolean,
): KubeObject {
  const kinds = new Map(clusterKinds.map((k) => [`${k.group}/${k.kind}`, k]));
  if (usesCharts)
    for (const [kind, group] of Object.entries(CHART_KIND_GROUPS))
      kinds.set(`${group}/${kind}`, { group, kind });
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: {
      name: layer,
      namespace: ARGOCD_NAMESPACE,
      labels: { 'app.kubernetes.io/part-of': 'shai' },
      annotations: { 'argocd.argoproj.io/sync-wave': '-100' },
    },
    spec: {
      description: `shai ${layer} layer`,
      sourceRepos: [...new Set([plan.config.gitops.repoURL, ...repos])].sort(),
      destinations: [...new Set(namespaces)].sort().map((namespace) => ({ server: IN_CLUSTER, namespace })),
      clusterResourceWhitelist: [...kinds].sort(([a], [b]) => a.localeCompare(b)).map(([, k]) => k),
    },
  };
}

/** A Kubernetes API group and kind, as AppProject whitelists name them. */
export interface GroupKind {
  group: string;
  kind: string;
}

/** The root Application (app-of-apps) and its project: it may only manage Applications and AppProjects. */
export function rootObjects(plan: Plan): KubeObject[] {
  const { repoURL, revision, path } = plan.config.gitops;
  return [
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: {
        name: 'root',
        namespace: ARGOCD_NAMESPACE,
        labels: { 'app.kubernetes.io/part-of': 'shai' },
      },
      spec: {
        description: 'shai app-of-apps: Applications and AppProjects only',
        sourceRepos: [repoURL],
        destinations: [{ server: IN_CLUSTER, namespace: ARGOCD_NAMESPACE }],
        clusterResourceWhitelist: [],
        namespaceResourceWhitelist: [
          { group: 'argoproj.io', kind: 'Application' },
          { group: 'argoproj.io', kind: 'AppProject' },
        ],
      },
    },
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: 'root',
        namespace: ARGOCD_NAMESPACE,
        labels: { 'app.kubernetes.io/part-of': 'shai' },
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      },
      spec: {
        project: 'root',
        source: {
          repoURL,
          targetRevision: revision,
          path: `${path}/apps`.replace(/^\/+/, ''),
          directory: { recurse: true },
        },
        destination: { server: IN_CLUSTER, namespace: ARGOCD_NAMESPACE },
        syncPolicy: { automated: { prune: true, selfHeal: true }, retry: RETRY },
      },
    },
  ];
}

/**
 * argocd-cm health check for Applications: Argo CD dropped Application health in 1.8, so without it
 * an app-of-apps does not wait for one wave's children to be healthy before the next.
 */
export const APPLICATION_HEALTH_LUA = `hs = {}
hs.status = "Progressing"
hs.message = ""
if obj.status ~= nil then
  if obj.status.health ~= nil then
    hs.status = obj.status.health.status
    if obj.status.health.message ~= nil then
      hs.message = obj.status.health.message
    end
  end
end
return hs
`;
