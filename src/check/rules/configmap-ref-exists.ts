import { workloads } from '../pods.ts';
import { elsewhere, notFound, podRefs } from '../refs.ts';
import { configMapKeys } from '../provided.ts';
import { fail, nsOf, pass } from '../result.ts';
import type { Rule, RuleResult } from '../types.ts';
import { maybeFromChart } from '../charts.ts';

/** ConfigMaps referenced by pods exist in the pod's namespace and hold the keys asked for. */
export const configMapRefExists: Rule = {
  id: 'configmap-ref-exists',
  title: 'Referenced ConfigMaps exist with their keys',
  severity: 'error',
  family: 'references',
  targets: ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'],
  fix: 'Create the ConfigMap in the namespace of the workload with the key asked for, or fix the reference.',
  docs:
    'Checks `configMapKeyRef`, `envFrom.configMapRef`, `configMap` and projected volumes (their `items` keys); keys are ' +
    '`data` plus `binaryData`. `kube-root-ca.crt` exists in every namespace. References marked `optional: true` pass.',
  check: (ctx) => {
    const out: RuleResult[] = [];
    for (const w of workloads(ctx.objects)) {
      const ns = nsOf(w.source);
      let ok = true;
      for (const ref of podRefs(w.template, 'configMap')) {
        if (ref.optional) continue;
        const keys = configMapKeys(ctx.index, ns, ref.name);
        if (!keys) {
          ok = false;
          const others = elsewhere(ctx.index, ['ConfigMap'], ref.name, ns);
          const what = `${ref.via}: configmap "${ref.name}"`;
          out.push(
            (others.length ? undefined : maybeFromChart(ctx.index, w.source, what, ns, ref.jsonPath)) ??
              fail(w.source, `${ref.via}: ${notFound('configmap', ref.name, ns, others)}`, ref.jsonPath),
          );
          continue;
        }
        for (const key of ref.keys.filter((k) => !keys.includes(k))) {
          ok = false;
          out.push(
            fail(
              w.source,
              `${ref.via}: configmap "${ref.name}" in namespace ${ns || '(none)'} has no key "${key}" (keys: ${[...keys].sort().join(', ') || 'none'})`,
              ref.jsonPath,
            ),
          );
        }
      }
      if (ok) out.push(pass(w.source));
    }
    return out;
  },
};
