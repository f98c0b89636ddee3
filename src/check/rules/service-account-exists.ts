import { workloads } from '../../semantics/pods.ts';
import { elsewhere, notFound } from '../../semantics/refs.ts';
import { fail, nsOf, pass } from '../result.ts';
import type { Rule, RuleResult } from '../types.ts';
import { maybeFromChart } from '../charts.ts';

/** The ServiceAccount a pod runs as exists in its namespace (`default` always does). */
export const serviceAccountExists: Rule = {
  id: 'service-account-exists',
  title: 'Pod ServiceAccounts exist',
  severity: 'error',
  family: 'references',
  targets: ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'],
  fix: 'Create the ServiceAccount in the namespace of the workload, or fix serviceAccountName.',
  docs:
    'The ReplicaSet controller refuses to create pods whose ServiceAccount is missing (`error looking up service account`); ' +
    'the Deployment then shows no pods at all. The `default` ServiceAccount exists in every namespace.',
  check: (ctx) => {
    const out: RuleResult[] = [];
    for (const w of workloads(ctx.objects)) {
      const spec = w.template.spec;
      const field = spec.serviceAccountName !== undefined ? 'serviceAccountName' : 'serviceAccount';
      const name = spec[field];
      const ns = nsOf(w.source);
      if (typeof name !== 'string' || name === 'default' || ctx.index.get('ServiceAccount', ns, name)) {
        out.push(pass(w.source));
        continue;
      }
      const others = elsewhere(ctx.index, ['ServiceAccount'], name, ns);
      const path = `${w.template.jsonPathPrefix}.${field}`;
      out.push(
        (others.length
          ? undefined
          : maybeFromChart(ctx.index, w.source, `serviceaccount "${name}"`, ns, path)) ??
          fail(w.source, notFound('serviceaccount', name, ns, others), path),
      );
    }
    return out;
  },
};
