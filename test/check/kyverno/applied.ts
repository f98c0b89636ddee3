/*
 * Every workload Argo CD applies: the rendered tree (deploy/) and the recorded output of every chart Application
 * (test/fixtures/charts/<application>.yaml), the latter placed in its Application's destination namespace as Argo
 * CD does for objects that name none. Hooks Argo CD never runs during a sync are marked, not dropped.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseObjects } from '../../../src/check/read.ts';
import { standInWorkloads as buildStandIns } from '../../../src/check/standins/index.ts';
import { podSpecOf } from '../../../src/semantics/pods.ts';
import type { SourcedObject } from '../../../src/check/types.ts';
import type { KubeObject } from '../../../src/k8s/object.ts';
import { loadTree } from '../tree.ts';

/** A workload with where it comes from; `hook` says when Argo CD runs it if that is not during a sync. */
export interface Applied {
  source: SourcedObject;
  /** `deploy/<file>` or `chart <application>`. */
  origin: string;
  hook?: string;
}

/** Every workload (object with a pod template) of `deploy/` and of the chart recordings under `root`. */
export function appliedWorkloads(root: string): Applied[] {
  return appliedObjects(root)
    .filter((a) => podSpecOf(a.source.object))
    .map((a) => {
      const hook = hookFate(a.source.object);
      return hook ? { ...a, hook } : a;
    });
}

/**
 * The stand-in workloads `shai check` builds for what operators and controllers create from the custom
 * resources of `deploy/` and the recordings (check/standins/: ARC listeners, CloudNativePG instances, GPU
 * operands, Prometheus and Alertmanager servers), so Kyverno judges them as it would the real ones.
 */
export function standInWorkloads(root: string): Applied[] {
  return buildStandIns(appliedObjects(root).map((a) => a.source)).map((w) => ({
    source: w.source,
    origin: `stand-in (${w.source.standIn})`,
  }));
}

/** Every object of `deploy/` and of the chart recordings, with where it comes from. */
function appliedObjects(root: string): Applied[] {
  const tree = loadTree(join(root, 'deploy'));
  const out: Applied[] = tree.map((source) => ({ source, origin: `deploy/${source.file}` }));
  const charts = join(root, 'test/fixtures/charts');
  if (!existsSync(charts)) return out;
  const destinations = applicationNamespaces(tree);
  for (const file of readdirSync(charts)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const app = file.replace(/\.yaml$/, '');
    const ns = destinations.get(app);
    for (const source of parseObjects(
      readFileSync(join(charts, file), 'utf8'),
      `test/fixtures/charts/${file}`,
    )) {
      const o = source.object;
      if (ns && o.metadata && !o.metadata.namespace && podSpecOf(o)) o.metadata.namespace = ns;
      out.push({ source, origin: `chart ${app}` });
    }
  }
  return out;
}

/** The objects of the chart recording of `application`, or undefined when there is none. */
export function chartRecording(root: string, application: string): KubeObject[] | undefined {
  const file = join(root, 'test/fixtures/charts', `${application}.yaml`);
  if (!existsSync(file)) return undefined;
  return parseObjects(readFileSync(file, 'utf8'), file).map((s) => s.object);
}

/** Each Application's destination namespace, by Application name. */
function applicationNamespaces(tree: readonly SourcedObject[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const { object } of tree) {
    const ns = (object.spec as { destination?: { namespace?: string } } | undefined)?.destination?.namespace;
    if (object.kind === 'Application' && ns) out.set(object.metadata.name, ns);
  }
  return out;
}

/**
 * When Argo CD runs a hook that is not part of a sync, or undefined for everything a sync applies. Argo CD's
 * documented Helm mapping: `test`/`test-success`/`test-failure`, `pre-delete`, `pre-rollback` and
 * `post-rollback` are not supported (never run); `post-delete` runs as PostDelete; an Argo CD hook annotation,
 * when present, replaces the Helm one.
 */
export function hookFate(o: KubeObject): string | undefined {
  const a = o.metadata?.annotations ?? {};
  const list = (v: string | undefined) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const argo = list(a['argocd.argoproj.io/hook']);
  if (argo.length) {
    if (argo.some((h) => ['PreSync', 'Sync', 'PostSync', 'SyncFail'].includes(h))) return undefined;
    if (argo.includes('Skip')) return 'never (argocd.argoproj.io/hook: Skip)';
    return `only when the Application is deleted (argocd.argoproj.io/hook: ${argo.join(',')})`;
  }
  const helm = list(a['helm.sh/hook']);
  if (!helm.length) return undefined;
  if (
    helm.some((h) =>
      ['pre-install', 'pre-upgrade', 'post-install', 'post-upgrade', 'crd-install'].includes(h),
    )
  )
    return undefined;
  if (helm.includes('post-delete')) return 'only when the Application is deleted (helm.sh/hook: post-delete)';
  return `never: Argo CD does not run helm.sh/hook ${helm.join(',')}`;
}
