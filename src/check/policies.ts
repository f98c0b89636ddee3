import type { KubeObject } from '../k8s/object.ts';
import type { KyvernoRule } from '../semantics/kyverno.ts';
import * as dropCapabilities from './rules/drop-capabilities.ts';
import * as imagePinned from './rules/image-pinned.ts';
import * as noHostNamespaces from './rules/no-host-namespaces.ts';
import * as noHostPath from './rules/no-host-path.ts';
import * as noPrivilegeEscalation from './rules/no-privilege-escalation.ts';
import * as noPrivileged from './rules/no-privileged.ts';
import * as probesPresent from './rules/probes-present.ts';
import * as readOnlyRootFs from './rules/read-only-root-fs.ts';
import * as resourceLimits from './rules/resource-limits.ts';
import * as runAsNonRoot from './rules/run-as-non-root.ts';

/**
 * Check rules that also apply at admission: each module exports its Kyverno rule beside the offline rule, and
 * the controllers Kyverno's autogen extends it to when not all of them (default: every pod controller).
 */
export const ADMISSION_RULES: readonly {
  id: string;
  kyvernoPolicy(): KyvernoRule;
  autogenControllers?: readonly string[];
}[] = [
  { id: dropCapabilities.dropCapabilities.id, kyvernoPolicy: dropCapabilities.kyvernoPolicy },
  { id: imagePinned.imagePinned.id, kyvernoPolicy: imagePinned.kyvernoPolicy },
  { id: noHostNamespaces.noHostNamespaces.id, kyvernoPolicy: noHostNamespaces.kyvernoPolicy },
  { id: noHostPath.noHostPath.id, kyvernoPolicy: noHostPath.kyvernoPolicy },
  { id: noPrivilegeEscalation.noPrivilegeEscalation.id, kyvernoPolicy: noPrivilegeEscalation.kyvernoPolicy },
  { id: noPrivileged.noPrivileged.id, kyvernoPolicy: noPrivileged.kyvernoPolicy },
  {
    id: probesPresent.probesPresent.id,
    kyvernoPolicy: probesPresent.kyvernoPolicy,
    autogenControllers: probesPresent.AUTOGEN_CONTROLLERS,
  },
  { id: readOnlyRootFs.readOnlyRootFs.id, kyvernoPolicy: readOnlyRootFs.kyvernoPolicy },
  { id: resourceLimits.resourceLimits.id, kyvernoPolicy: resourceLimits.kyvernoPolicy },
  { id: runAsNonRoot.runAsNonRoot.id, kyvernoPolicy: runAsNonRoot.kyvernoPolicy },
];

/** Kyverno's policy annotation naming the pod controllers its autogen rules cover. */
export const AUTOGEN_ANNOTATION = 'pod-policies.kyverno.io/autogen-controllers';

/**
 * One ClusterPolicy per admission rule, named `shai-<rule-id>`: CEL and pattern rules stay in separate
 * policies, and a PolicyException can name exactly one. Rules without their own `failureAction`
 * enforce; warning-level ones audit. `background: true` also reports objects that predate the policy.
 */
export function kyvernoClusterPolicies(): KubeObject[] {
  return ADMISSION_RULES.map((r) => {
    const rule = r.kyvernoPolicy();
    const validate = rule.validate as Record<string, unknown>;
    return {
      apiVersion: 'kyverno.io/v1',
      kind: 'ClusterPolicy',
      metadata: {
        name: `shai-${r.id}`,
        annotations: {
          'policies.kyverno.io/description': `Admission-time twin of the shai check rule ${r.id} (docs/rules.md).`,
          ...(r.autogenControllers ? { [AUTOGEN_ANNOTATION]: r.autogenControllers.join(',') } : {}),
        },
      },
      spec: { background: true, rules: [{ ...rule, validate: { failureAction: 'Enforce', ...validate } }] },
    };
  });
}
