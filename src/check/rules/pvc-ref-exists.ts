import { workloads } from '../../semantics/pods.ts';
import { elsewhere, notFound } from '../../semantics/refs.ts';
import { fail, nsOf, pass } from '../result.ts';
import type { Rule, RuleResult } from '../types.ts';
import { maybeFromChart } from '../charts.ts';

/** PersistentVolumeClaims mounted by pods exist in the pod's namespace. */
export const pvcRefExists: Rule = {
  id: 'pvc-ref-exists',
  title: 'Mounted PersistentVolumeClaims exist',
  severity: 'error',
  family: 'references',
  targets: ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'],
  fix: 'Create the PersistentVolumeClaim in the namespace of the workload, or use a StatefulSet volumeClaimTemplate.',
  docs:
    "A pod whose `persistentVolumeClaim.claimName` does not exist stays Pending forever. Claims created by a StatefulSet's " +
    '`volumeClaimTemplates` are mounted by volume name and need no PVC object.',
  check: (ctx) => {
    const out: RuleResult[] = [];
    for (const w of workloads(ctx.objects)) {
      const ns = nsOf(w.source);
      const volumes = Array.isArray(w.template.spec.volumes) ? w.template.spec.volumes : [];
      let ok = true;
      volumes.forEach((v, i) => {
        const claim = v?.persistentVolumeClaim?.claimName;
        if (typeof claim !== 'string' || ctx.index.get('PersistentVolumeClaim', ns, claim)) return;
        ok = false;
        const others = elsewhere(ctx.index, ['PersistentVolumeClaim'], claim, ns);
        const msg = `volume ${v.name}: ${notFound('persistentvolumeclaim', claim, ns, others)}`;
        const path = `${w.template.jsonPathPrefix}.volumes[${i}].persistentVolumeClaim.claimName`;
        const what = `volume ${v.name}: persistentvolumeclaim "${claim}"`;
        out.push(
          (others.length ? undefined : maybeFromChart(ctx.index, w.source, what, ns, path)) ??
            fail(w.source, msg, path),
        );
      });
      if (ok) out.push(pass(w.source));
    }
    return out;
  },
};
