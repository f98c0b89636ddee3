import { cname, eachWorkload, type Problem } from '../each.ts';
import { everyContainer, podPolicyRule, type KyvernoRule } from '../../semantics/kyverno.ts';
import { containersOf, workloads, type Workload } from '../../semantics/pods.ts';
import type { Rule, RuleResult } from '../types.ts';
import { RUNS_AS_ROOT_ANNOTATION } from '../../k8s/annotations.ts';

/** Every container runs as a non-root user. */
export const runAsNonRoot: Rule = {
  id: 'run-as-non-root',
  title: 'Containers run as non-root',
  severity: 'error',
  family: 'security',
  targets: ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'],
  fix: 'Set securityContext.runAsNonRoot: true (pod or container) and a non-zero runAsUser if the image defaults to root.',
  docs:
    'Without runAsNonRoot the kubelet starts an image that defaults to root as root. Exactly as the ClusterPolicy: a pod ' +
    'passes when it sets runAsNonRoot: true and no container sets runAsNonRoot: false, or when every container sets ' +
    'runAsNonRoot: true; in both cases no container may set runAsUser to 0. A runAsUser above 0 without runAsNonRoot does not pass. ' +
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
    const rest = eachWorkload(ctx, { exceptedFor: runAsNonRoot.id }, (w) =>
      statedSet.has(w.source) ? [] : nonRootProblems(w),
    ).filter((r) => !statedSet.has(r.object));
    return [...stated, ...rest];
  },
};

/**
 * The policy below, evaluated: its first pattern holds when the pod sets runAsNonRoot: true and no container
 * sets runAsNonRoot other than true or a runAsUser of 0 or less; its second when every container sets
 * runAsNonRoot: true itself (and no runAsUser of 0 or less). A runAsUser above 0 alone satisfies neither: the
 * policy asks for runAsNonRoot. The pod's own runAsUser is not looked at, as in the policy.
 */
function nonRootProblems(w: Workload): Problem[] {
  const podSet = w.template.spec.securityContext?.runAsNonRoot === true;
  const out: Problem[] = [];
  for (const c of containersOf(w.template)) {
    const sc = c.container.securityContext ?? {};
    if (sc.runAsUser !== undefined && !(typeof sc.runAsUser === 'number' && sc.runAsUser > 0)) {
      out.push({
        message: `${cname(c)} runs as root (runAsUser: ${String(sc.runAsUser)})`,
        jsonPath: `${c.jsonPath}.securityContext.runAsUser`,
      });
      continue;
    }
    const own = sc.runAsNonRoot;
    if (own === true || (podSet && own === undefined)) continue;
    const why =
      own !== undefined
        ? `sets runAsNonRoot: ${String(own)}`
        : 'does not set runAsNonRoot: true, and neither does the pod';
    out.push({
      message: `${cname(c)} may run as root: it ${why}`,
      jsonPath: `${c.jsonPath}.securityContext.runAsNonRoot`,
    });
  }
  return out;
}

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
