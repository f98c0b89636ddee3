import { isClusterScoped } from '../../k8s/scope.ts';
import {
  DEFAULT_PROJECT,
  destinationPermitted,
  kindRefusal,
  projectOf,
  type Project,
} from '../argo-project.ts';
import { deliveryOf, destinationOf, treeScopes } from '../delivery.ts';
import { isObject } from '../../semantics/pods.ts';
import { fail, pass } from '../result.ts';
import type { Rule, RuleResult, SourcedObject } from '../types.ts';

/** Every object an Application delivers is permitted by its AppProject. */
export const appProjectPermits: Rule = {
  id: 'app-project-permits',
  title: 'Applications deliver only what their AppProject permits',
  severity: 'error',
  family: 'gitops',
  targets: ['Application', '*'],
  fix:
    "Keep the object out of the Application (e.g. turn off the chart's component), or widen the AppProject: add the " +
    'namespace to `destinations`, or the group and kind to `clusterResourceWhitelist` / `namespaceResourceWhitelist`.',
  docs:
    "Before applying anything, Argo CD checks every object of a sync, hooks included, against the Application's " +
    'AppProject, and one refused object fails the whole sync (argo-cd v3.3.9 controller/sync.go): a cluster-scoped kind ' +
    'must be in `clusterResourceWhitelist` (an empty list permits none) and not in `clusterResourceBlacklist`; a namespaced ' +
    'kind must be in `namespaceResourceWhitelist` when one is given and not in `namespaceResourceBlacklist`; and the ' +
    "object's namespace, with the Application's server, must match one of `destinations` (globs, `!` denies). So must " +
    "the Application's own destination. Objects come from the Application's sources and from chart recordings; " +
    'kube-prometheus-stack rendered five Services into kube-system, which project `ops` does not allow. A project missing ' +
    'from the tree fails its Applications, except `default`, which Argo CD creates permitting everything. Objects of a ' +
    'kind whose scope shai cannot tell (no CRD in the tree or vendored) are not judged.',
  check: (ctx) => {
    const d = deliveryOf(ctx.objects);
    if (!d.apps.length) return [];
    const projects = new Map<string, Project>();
    for (const p of ctx.index.byKind('AppProject'))
      projects.set(String(p.object.metadata?.name), projectOf(p));
    const projectFor = (app: SourcedObject): Project | undefined => {
      const spec = isObject(app.object.spec) ? app.object.spec : {};
      const name = typeof spec.project === 'string' && spec.project ? spec.project : 'default';
      return projects.get(name) ?? (name === 'default' ? DEFAULT_PROJECT : undefined);
    };
    const out: RuleResult[] = [];
    for (const app of d.apps) out.push(appResult(app, projectFor(app)));
    const scopes = treeScopes(ctx.objects);
    for (const o of ctx.objects) {
      const apps = d.all(o);
      if (!apps.length) continue;
      const cluster = isClusterScoped(String(o.object.apiVersion), o.object.kind, scopes);
      if (cluster === undefined) continue;
      const problems = apps.flatMap((app) => {
        const p = projectFor(app);
        return p ? objectProblems(o, app, p, !cluster) : [];
      });
      if (!problems.length) out.push(pass(o));
      for (const m of problems) out.push(fail(o, m));
    }
    return out;
  },
};

function appResult(app: SourcedObject, p: Project | undefined): RuleResult {
  const spec = isObject(app.object.spec) ? app.object.spec : {};
  if (!p) return fail(app, `project ${String(spec.project)} is not in the tree`, '.spec.project');
  const dst = destinationOf(app);
  if (destinationPermitted(p, { ...dst, namespace: dst.namespace ?? '' })) return pass(app);
  return fail(
    app,
    `destination ${dst.server ?? dst.name ?? '?'} namespace ${dst.namespace ?? '(none)'} is not permitted in project ${p.name}`,
    '.spec.destination',
  );
}

function objectProblems(o: SourcedObject, app: SourcedObject, p: Project, namespaced: boolean): string[] {
  const by = `(Application ${app.object.metadata?.name}, project ${p.name})`;
  const m = o.object.metadata;
  const kind = kindRefusal(p, String(o.object.apiVersion), o.object.kind, String(m?.name ?? ''), namespaced);
  if (kind) return [`${kind} ${by}`];
  if (!namespaced) return [];
  const dst = destinationOf(app);
  const ns = m?.namespace ?? dst.namespace ?? '';
  return destinationPermitted(p, { ...dst, namespace: ns })
    ? []
    : [`namespace ${ns || '(none)'} is not permitted in project '${p.name}' ${by}`];
}
