import { workloads } from '../pods.ts';
import { notFound, podRefs } from '../refs.ts';
import { secretElsewhere, secretKeys } from '../provided.ts';
import { fail, nsOf, pass } from '../result.ts';
import type { Rule, RuleResult } from '../types.ts';
import { maybeFromChart } from '../charts.ts';

/** Secrets referenced by pods exist in the pod's namespace and hold the keys asked for. */
export const secretRefExists: Rule = {
  id: 'secret-ref-exists',
  title: 'Referenced Secrets exist with their keys',
  severity: 'error',
  family: 'references',
  targets: ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'],
  fix: 'Create the Secret (as a SealedSecret) in the namespace of the workload with the key asked for, or fix the reference.',
  docs:
    'Checks `secretKeyRef`, `envFrom.secretRef`, `secret` and projected volumes (their `items` keys) and `imagePullSecrets`. ' +
    'A Secret is provided by a Secret, a SealedSecret (keys: `spec.encryptedData` plus `spec.template.data`), a cert-manager ' +
    'Certificate (`spec.secretName`) or a CloudNativePG Cluster (`<name>-app`). References marked `optional: true` pass. ' +
    'When the Secret exists in another namespace, the message says where: pods can only read Secrets of their own namespace.',
  check: (ctx) => {
    const out: RuleResult[] = [];
    for (const w of workloads(ctx.objects)) {
      const ns = nsOf(w.source);
      let ok = true;
      for (const ref of podRefs(w.template, 'secret')) {
        if (ref.optional) continue;
        const keys = secretKeys(ctx.index, ns, ref.name);
        if (!keys) {
          ok = false;
          const others = secretElsewhere(ctx.index, ref.name, ns);
          const what = `${ref.via}: secret "${ref.name}"`;
          out.push(
            (others.length ? undefined : maybeFromChart(ctx.index, w.source, what, ns, ref.jsonPath)) ??
              fail(w.source, `${ref.via}: ${notFound('secret', ref.name, ns, others)}`, ref.jsonPath),
          );
          continue;
        }
        for (const key of ref.keys.filter((k) => !keys.includes(k))) {
          ok = false;
          out.push(
            fail(
              w.source,
              `${ref.via}: secret "${ref.name}" in namespace ${ns || '(none)'} has no key "${key}" (keys: ${[...keys].sort().join(', ') || 'none'})`,
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
