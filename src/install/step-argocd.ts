import { UserError } from '../errors.ts';
import type { KubeObject } from '../k8s/object.ts';
import { applyAll, type Applied } from './apply.ts';
import { chartSource } from './chart.ts';
import { reportApplied, treeObjects, type InstallContext, type InstallOptions } from './context.ts';

const ARGOCD_APP = 'apps/argocd.yaml';

/** Namespaces first, then CRDs, then the rest: each kind exists before the objects of it. */
function order(objects: KubeObject[]): KubeObject[] {
  const rank = (o: KubeObject) =>
    o.kind === 'Namespace' ? 0 : o.kind === 'CustomResourceDefinition' ? 1 : 2;
  return [...objects].sort((a, b) => rank(a) - rank(b));
}

async function waitEstablished(ctx: InstallContext, crds: KubeObject[]): Promise<void> {
  for (const crd of crds) {
    for (let i = 0; i < 100; i++) {
      const r = await ctx.api.request(
        'GET',
        `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`,
      );
      const conditions = (r.body.status as { conditions?: { type: string; status: string }[] } | undefined)
        ?.conditions;
      if (conditions?.some((c) => c.type === 'Established' && c.status === 'True')) break;
      await ctx.sleep(200);
    }
  }
}

/**
 * Installs Argo CD once, from the chart and values of the rendered `argocd` Application (helm template, as Argo
 * CD renders it), so the Application it syncs next finds its own objects unchanged and manages itself from then
 * on. Skipped when the cluster already has that Application: Argo CD is running and owns its install.
 */
export async function runArgoCd(ctx: InstallContext, opts: InstallOptions): Promise<Applied[]> {
  const { io } = ctx;
  const [app] = treeObjects(ctx.tree, ARGOCD_APP);
  if (!app)
    throw new UserError(
      `deploy/${ARGOCD_APP} is missing: enable argocd in platform.yaml and run shai render`,
    );
  const existing = await ctx.api.request(
    'GET',
    `/apis/argoproj.io/v1alpha1/namespaces/${app.metadata.namespace}/applications/${app.metadata.name}`,
  );
  if (existing.status === 200) {
    io.stdout(
      `argo cd: already manages itself (Application ${app.metadata.namespace}/${app.metadata.name}); not reinstalled\n`,
    );
    return [];
  }
  const source = chartSource(app);
  io.stdout(
    `argo cd: ${source.chart} ${source.targetRevision} from ${source.repoURL}, with the values of deploy/${ARGOCD_APP}, into ${source.namespace}\n`,
  );
  const namespace = treeObjects(ctx.tree, 'services/namespaces/').filter(
    (o) => o.kind === 'Namespace' && o.metadata.name === source.namespace,
  );
  // helm template leaves the release namespace out of most objects; helm install would put them there.
  const rendered = await Promise.all(
    (await ctx.renderChart(source)).map(async (o) => {
      if (o.metadata.namespace) return o;
      const r = await ctx.resolve(o.apiVersion, o.kind);
      return r?.namespaced === false ? o : { ...o, metadata: { ...o.metadata, namespace: source.namespace } };
    }),
  );
  const objects = order([
    ...namespace,
    ...rendered.filter((o) => !(o.kind === 'Namespace' && namespace.length)),
  ]);
  const crds = objects.filter((o) => o.kind === 'CustomResourceDefinition');
  const how = { dryRun: opts.dryRun, ...(ctx.pending ? { pending: ctx.pending } : {}) };
  const first = await applyAll(
    ctx.api,
    ctx.resolve,
    objects.filter((o) => o.kind === 'Namespace' || crds.includes(o)),
    how,
  );
  if (!opts.dryRun) await waitEstablished(ctx, crds);
  const rest = await applyAll(
    ctx.api,
    ctx.resolve,
    objects.filter((o) => o.kind !== 'Namespace' && !crds.includes(o)),
    how,
  );
  const applied = [...first, ...rest];
  reportApplied(io, 'argo cd', applied, opts.dryRun);
  if (applied.some((a) => a.outcome === 'rejected'))
    throw new UserError('the API server rejected part of Argo CD: install stopped');
  return applied;
}
