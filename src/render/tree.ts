import { InternalError } from '../errors.ts';
import type { KubeObject, Manifest } from '../k8s/object.ts';
import { loadSchemas, validateObject } from '../k8s/validate.ts';
import { toYaml } from '../k8s/yaml.ts';
import type { Plan } from '../plan/types.ts';
import type { ChartSource, Layer } from '../services/types.ts';
import {
  ARGOCD_NAMESPACE,
  layerProject,
  rootObjects,
  serviceApplication,
  type GroupKind,
} from '../build/argocd.ts';
import { crossCutting } from './cross-cutting.ts';
import { observabilityObjects } from './observe/objects.ts';
import { renderReadme } from './readme.ts';
import { remainingWarnings } from './warnings.ts';
import { stampSecretChecksums } from './secret-checksums.ts';
import { stampDeclaredCalls } from './network.ts';

/** The rendered platform: every object with its path, the charts, and the files of the tree. */
export interface RenderedTree {
  manifest: Manifest;
  charts: Map<string, ChartSource>;
  /** Path relative to deploy/ → file content. Sorted by path. */
  files: Map<string, string>;
}

function fileName(o: KubeObject): string {
  return `${o.kind.toLowerCase()}-${o.metadata.name}.yaml`;
}

/** An Argo CD Application a service builds beside its own (e.g. one per extra chart release). */
function isExtraApplication(o: KubeObject): boolean {
  return (
    o.apiVersion === 'argoproj.io/v1alpha1' &&
    o.kind === 'Application' &&
    o.metadata.namespace === ARGOCD_NAMESPACE
  );
}

/** Builds every service and the cross-cutting objects into a Manifest (pure; no validation, no files). */
export function buildManifest(
  plan: Plan,
  /** Services with files render keeps (sealed secrets): their Application must read their folder too. */
  withFiles: ReadonlySet<string> = new Set(),
): { manifest: Manifest; charts: Map<string, ChartSource> } {
  const manifest: Manifest = [];
  const charts = new Map<string, ChartSource>();
  const extraApps: Manifest = [];
  for (const self of plan.services) {
    const out = self.def.build({ plan, self });
    if (out.chart) charts.set(self.name, out.chart);
    for (const object of out.objects) {
      // A further chart release of a service (one Application carries one chart) is synced by the root app.
      if (isExtraApplication(object))
        extraApps.push({ service: self.name, path: `apps/${object.metadata.name}.yaml`, object });
      else manifest.push({ service: self.name, path: `services/${self.name}/${fileName(object)}`, object });
    }
  }
  for (const e of crossCutting(plan))
    manifest.push({ ...e, path: `services/${e.service}/${fileName(e.object)}` });
  const apps: Manifest = [...extraApps];
  const byLayer = new Map<
    Layer,
    { repos: string[]; namespaces: string[]; kinds: GroupKind[]; charts: boolean }
  >();
  for (const self of plan.services) {
    const own = manifest.filter((e) => e.service === self.name);
    const chart = charts.get(self.name);
    apps.push({
      service: self.name,
      path: `apps/${self.name}.yaml`,
      object: serviceApplication(plan, self, chart, own.length > 0 || withFiles.has(self.name)),
    });
    const l = byLayer.get(self.layer) ?? { repos: [], namespaces: [], kinds: [], charts: false };
    if (chart) l.repos.push(chart.repoURL);
    l.charts ||= Boolean(chart);
    l.namespaces.push(self.namespace);
    l.kinds.push(...(self.def.chartClusterKinds ?? []));
    for (const { object } of own) {
      if (object.metadata.namespace) l.namespaces.push(object.metadata.namespace);
      else
        l.kinds.push({
          group: object.apiVersion.includes('/') ? object.apiVersion.split('/')[0]! : '',
          kind: object.kind,
        });
      if (object.kind === 'Namespace') l.namespaces.push(object.metadata.name);
    }
    byLayer.set(self.layer, l);
  }
  for (const [layer, l] of [...byLayer].sort(([a], [b]) => a.localeCompare(b))) {
    apps.push({
      service: 'argocd',
      path: `apps/projects/${layer}.yaml`,
      object: layerProject(plan, layer, l.repos, l.namespaces, l.kinds, l.charts),
    });
  }
  for (const object of rootObjects(plan)) manifest.push({ service: 'argocd', path: 'root.yaml', object });
  const all = [...manifest, ...apps];
  // Alerts and dashboards read the built objects (workloads, ServiceMonitors, Applications), so they come last.
  for (const e of observabilityObjects(plan, all))
    all.push({ ...e, path: `services/${e.service}/${fileName(e.object)}` });
  // After the Applications exist: a caller whose pods are not in the tree declares its calls on its Application.
  stampDeclaredCalls(plan, all);
  return { manifest: all, charts };
}

/** Validates every object strictly; an invalid object is a bug in the service that built it. */
export function validateManifest(manifest: Manifest): void {
  const problems: string[] = [];
  for (const e of manifest) {
    for (const issue of validateObject(e.object)) {
      problems.push(
        `${e.object.kind}/${e.object.metadata.namespace ?? ''}/${e.object.metadata.name} (service ${e.service}, ${e.path}) ${issue.jsonPath}: ${issue.message}`,
      );
    }
  }
  if (problems.length) throw new InternalError(`render produced invalid objects:\n${problems.join('\n')}`);
}

/**
 * Renders the plan into the files of the deploy/ tree, validated. `preserved` files (sealed secrets) are kept.
 * Async only because the schemas of the kinds in use are loaded on demand.
 */
export async function renderTree(
  plan: Plan,
  preserved: Map<string, string> = new Map(),
): Promise<RenderedTree> {
  const withFiles = new Set([...preserved.keys()].map((p) => p.split('/')[1] ?? ''));
  const { manifest, charts } = buildManifest(plan, withFiles);
  stampSecretChecksums(manifest, preserved);
  await loadSchemas(manifest.map((e) => e.object));
  validateManifest(manifest);
  const grouped = new Map<string, KubeObject[]>();
  for (const e of manifest) grouped.set(e.path, [...(grouped.get(e.path) ?? []), e.object]);
  const files = new Map<string, string>();
  for (const [path, objects] of grouped) files.set(path, toYaml(objects));
  for (const [path, content] of preserved) if (!files.has(path)) files.set(path, content);
  files.set('README.md', renderReadme(plan, manifest, charts, remainingWarnings(plan, manifest)));
  return { manifest, charts, files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
}
