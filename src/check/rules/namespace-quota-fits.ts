import { formatQuantity, parseQuantity } from '../../k8s/quantity.ts';
import { cname } from '../each.ts';
import { containersOf, isObject, workloads, type Yaml } from '../../semantics/pods.ts';
import {
  byNamespace,
  containerLimits,
  effectiveResources,
  namespaceUsage,
  type ContainerLimits,
} from '../../semantics/quota.ts';
import { fail, nsOf, pass, where } from '../result.ts';
import type { Rule, RuleContext, RuleResult, SourcedObject } from '../types.ts';

/** The workloads and claims of a namespace fit its ResourceQuota; no container exceeds the LimitRange max. */
export const namespaceQuotaFits: Rule = {
  id: 'namespace-quota-fits',
  title: 'Namespaces fit their ResourceQuota and LimitRange',
  severity: 'error',
  family: 'quotas',
  targets: [
    'ResourceQuota',
    'LimitRange',
    'PersistentVolumeClaim',
    'Deployment',
    'StatefulSet',
    'DaemonSet',
    'Job',
    'CronJob',
    'Pod',
  ],
  fix: 'Raise the quota of the namespace, or lower the replicas, requests, limits or volume sizes of its workloads.',
  docs:
    'Per namespace, sums what its pods ask for after admission (an explicit limit without a request is the request; LimitRange ' +
    '`default` fills missing limits and `defaultRequest`, else `default`, missing requests; init containers count as the larger of ' +
    'the biggest one and the sum of the others) times replicas (Jobs and CronJobs: parallelism; DaemonSets: one per node, or one ' +
    'without a node inventory), the pod count, and the storage of its PersistentVolumeClaims including StatefulSet ' +
    '`volumeClaimTemplates` × replicas, and compares each with the `spec.hard` of every ResourceQuota of the namespace ' +
    '(`pods`, `requests.*`, `limits.*`, `cpu`, `memory`, `requests.storage`, `persistentvolumeclaims`, `requests.nvidia.com/gpu`, ' +
    '`<class>.storageclass.storage.k8s.io/requests.storage`). Quotas with `scopes` or a `scopeSelector` are skipped. A container whose ' +
    'limit exceeds the LimitRange `max` (or that has no limit for a resource with a max) fails too: the API server would reject its pods.',
  check: (ctx) => [...quotaResults(ctx), ...maxResults(ctx)],
};

function quotaResults(ctx: RuleContext): RuleResult[] {
  const out: RuleResult[] = [];
  const quotas = ctx.index.byKind('ResourceQuota');
  const grouped = quotas.length ? byNamespace(ctx.objects) : new Map();
  for (const q of quotas) {
    const spec: Yaml = isObject(q.object.spec) ? q.object.spec : {};
    if (spec.scopes?.length || spec.scopeSelector) {
      out.push({ object: q, status: 'skipped', message: 'quotas with scopes are not evaluated' });
      continue;
    }
    const ns = nsOf(q);
    const usage = namespaceUsage(
      grouped.get(ns) ?? { workloads: [], claims: [] },
      limitsIn(ctx, ns),
      ctx.nodes?.length ?? 1,
    );
    let ok = true;
    for (const [key, hardQ] of Object.entries(isObject(spec.hard) ? spec.hard : {})) {
      const hard = parseQuantity(hardQ);
      const used = usage.totals[key] ?? 0;
      if (hard === undefined || used <= hard + 1e-9) continue;
      ok = false;
      const top = [...(usage.parts[key] ?? [])].sort((a, b) => b.amount - a.amount).slice(0, 3);
      const largest = top.map((p) => `${p.what} ${formatQuantity(key, p.amount)}`).join(', ');
      out.push(
        fail(
          q,
          `${key} ${formatQuantity(key, used)} exceeds quota ${formatQuantity(key, hard)} in namespace ${ns || '(none)'} (largest: ${largest})`,
          `.spec.hard["${key}"]`,
        ),
      );
    }
    if (ok) out.push(pass(q));
  }
  return out;
}

function maxResults(ctx: RuleContext): RuleResult[] {
  const out: RuleResult[] = [];
  const cache = new Map<string, ContainerLimits>();
  for (const w of workloads(ctx.objects)) {
    const ns = nsOf(w.source);
    if (!cache.has(ns)) cache.set(ns, limitsIn(ctx, ns));
    const lr = cache.get(ns)!;
    if (Object.keys(lr.max).length === 0) continue;
    let ok = true;
    for (const c of containersOf(w.template)) {
      const { limits } = effectiveResources(c.container, lr);
      for (const [name, max] of Object.entries(lr.max)) {
        const from = where(lr.maxFrom[name] as SourcedObject);
        const have = limits[name];
        if (have !== undefined && have <= max + 1e-9) continue;
        ok = false;
        const msg =
          have === undefined
            ? `${cname(c)} has no ${name} limit, but LimitRange ${from} sets max ${formatQuantity(name, max)}`
            : `${cname(c)} limits.${name} ${formatQuantity(name, have)} exceeds LimitRange ${from} max ${formatQuantity(name, max)}`;
        out.push(fail(w.source, msg, `${c.jsonPath}.resources.limits`));
      }
    }
    if (ok) out.push(pass(w.source));
  }
  return out;
}

function limitsIn(ctx: RuleContext, ns: string): ContainerLimits {
  return containerLimits(ctx.index.byKind('LimitRange').filter((l) => nsOf(l) === ns));
}
