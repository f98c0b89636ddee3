import { cname, eachContainer } from '../each.ts';
import { everyContainer, podPolicyRule, type KyvernoRule } from '../kyverno.ts';
import { workloads } from '../pods.ts';
import type { Rule, RuleResult } from '../types.ts';

/** Pod-template annotation with which shai's own renderer states why an image must run as root. */
export const RUNS_AS_ROOT_ANNOTATION = 'shai.dev/runs-as-root';

/** Every container runs as a non-root user. */
export const runAsNonRoot: Rule = {
  id: 'run-as-non-root',
  title: 'Containers run as non-root',
  severity: 'error',
  family: 'security',
  targets: ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'],
  fix: 'Set securityContext.runAsNonRoot: true (pod or container) and a non-zero runAsUser if the image defaults to root.',
  docs:
    'Without runAsNonRoot the kubelet starts an image that defaults to root as root. A container passes when its effective ' +
    "securityContext (its own, else the pod's) has runAsNonRoot: true or a runAsUser above 0, and never runAsUser: 0. " +
    'Chart workloads that need it by design (Longhorn, the GPU operator, node agents) have a PolicyException each and are reported skipped with its reason. A pod template annotated `shai.dev/runs-as-root: <reason>` (written by shai for images ' +
    'that cannot run otherwise) is reported `skipped` with that reason.',
  check: (ctx) => {
    const stated: RuleResult[] = [];
    for (const w of workloads(ctx.objects)) {
      const reason = w.template.annotations[RUNS_AS_ROOT_ANNOTATION];
      if (reason)
        stated.push({
          object: w.source,
          status: 'skipped',
          message: `runs as root: ${reason}`,
          jsonPath: w.template.jsonPathPrefix,
        });
    }
    const statedSet = new Set(stated.map((r) => r.object));
    const rest = eachContainer(ctx, { exceptedFor: runAsNonRoot.id }, (c, w) => {
      if (statedSet.has(w.source)) return undefined;
      const pod = w.template.spec.securityContext ?? {};
      const own = c.container.securityContext ?? {};
      const nonRoot = own.runAsNonRoot ?? pod.runAsNonRoot;
      const user = own.runAsUser ?? pod.runAsUser;
      if (user === 0)
        return {
          message: `${cname(c)} runs as root (runAsUser: 0)`,
          jsonPath: `${c.jsonPath}.securityContext.runAsUser`,
        };
      if (nonRoot === true || (typeof user === 'number' && user > 0)) return undefined;
      return {
        message: `${cname(c)} may run as root: runAsNonRoot is not true`,
        jsonPath: `${c.jsonPath}.securityContext.runAsNonRoot`,
      };
    }).filter((r) => !statedSet.has(r.object));
    return [...stated, ...rest];
  },
};

/** The same rule at admission: runAsNonRoot on the pod (containers may not unset it) or on every container. */
export function kyvernoPolicy(): KyvernoRule {
  return podPolicyRule(
    runAsNonRoot.id,
    {
      message: 'Containers must set runAsNonRoot: true.',
      anyPattern: [
        everyContainer(
          { '=(securityContext)': { '=(runAsNonRoot)': 'true', '=(runAsUser)': '>0' } },
          { securityContext: { runAsNonRoot: 'true' } },
        ),
        everyContainer({ securityContext: { runAsNonRoot: 'true', '=(runAsUser)': '>0' } }),
      ],
    },
    // No annotation exclude (any pod author could add one): kyverno-policies writes a PolicyException per
    // workload shai itself renders with the annotation.
  );
}
