import { CALLS_ANNOTATION } from '../../k8s/annotations.ts';
import {
  blockedBy,
  calleePods,
  defaultDeny,
  isPlatformPod,
  NAME_LABEL,
  parseCalls,
  standInCallers,
  worldOf,
  type NetPod,
} from '../../semantics/netpol/index.ts';
import { fail, pass } from '../result.ts';
import type { Rule, RuleResult } from '../types.ts';

const annPath = (pod: NetPod) => `${pod.metadataPath ?? '.metadata'}.annotations["${CALLS_ANNOTATION}"]`;

/** Declared flows are open through the NetworkPolicies, and no undeclared flow between platform pods is. */
export const networkFlows: Rule = {
  id: 'network-flows',
  title: 'NetworkPolicies open exactly the declared flows',
  severity: 'error',
  family: 'network',
  targets: [
    'NetworkPolicy',
    'Deployment',
    'StatefulSet',
    'DaemonSet',
    'Job',
    'CronJob',
    'Namespace',
    'Application',
  ],
  fix: "Add the missing allow on both ends (the caller's egress and the callee's ingress), or declare the flow in the service's `needs` so render writes it; narrow a policy that opens more than declared.",
  docs:
    `Each workload declares the calls it makes in its pod template annotation \`${CALLS_ANNOTATION}\` ` +
    "(`<namespace>/<service>:<port>,...`; render writes it from the plan's flows); a caller whose pods are not in the tree " +
    "(an upstream chart, k3s's Traefik) declares them on its Application, judged as a stand-in pod of the destination " +
    'namespace with the labels of `shai.dev/pod-labels` (none when absent). Reachability is computed from the NetworkPolicies ' +
    'with their real semantics: the policies that select a pod (podSelector with matchLabels/matchExpressions, same namespace), ' +
    'policyTypes (explicit, or Ingress plus Egress when egress rules exist), peers by podSelector, namespaceSelector (namespace ' +
    "labels from the Namespace objects plus `kubernetes.io/metadata.name`), both, or ipBlock with except (pods live in k3s's " +
    "10.42.0.0/16), ports by number, range (endPort), name (resolved against the target pod's container ports) and protocol. " +
    "A connection is open when the caller's egress and the callee's ingress both admit it (no policy in a direction = open). " +
    "Fails when a declared call is blocked (the callee is found by `app.kubernetes.io/name`; a chart's pods, not in the tree, " +
    'stand in as a pod of its namespace with the labels its Application declares, or none), and when a platform pod ' +
    "(`app.kubernetes.io/part-of: shai`) or a chart's stand-in caller can open a container port of another platform service it " +
    'does not declare, where either namespace has a default-deny policy.',
  check: (ctx) => {
    const world = worldOf(ctx.objects);
    const out: RuleResult[] = [];
    // Asked once per pair of pods: compute each namespace's default deny once.
    const denies = new Map<string, ReturnType<typeof defaultDeny>>();
    const deny = (ns: string) => denies.get(ns) ?? denies.set(ns, defaultDeny(world, ns)).get(ns)!;
    for (const from of [...world.pods, ...standInCallers(ctx.objects)]) {
      const src = from.source!;
      const { calls, invalid } = parseCalls(from.annotations?.[CALLS_ANNOTATION]);
      const problems: string[] = invalid.map(
        (e) => `${CALLS_ANNOTATION} entry "${e}" does not read <namespace>/<service>:<port>`,
      );
      for (const c of calls)
        for (const to of calleePods(world, c.namespace, c.service)) {
          const side = blockedBy(world, from, to, { port: c.port });
          if (side)
            problems.push(
              `declared flow to ${c.namespace}/${c.service}:${c.port} is blocked by the ${side === 'egress' ? `egress policies of ${from.namespace}` : `ingress policies of ${to.id}`}`,
            );
        }
      // A platform pod, or the stand-in of a chart's pods, must open nothing it does not declare.
      if (isPlatformPod(from) || from.source?.object.kind === 'Application') {
        const declared = new Set(calls.map((c) => `${c.namespace}/${c.service}:${c.port}`));
        for (const to of world.pods) {
          if (!isPlatformPod(to) || to.labels[NAME_LABEL] === from.labels[NAME_LABEL]) continue;
          const guarded = deny(from.namespace).egress || deny(to.namespace).ingress;
          if (!guarded) continue;
          for (const p of to.ports) {
            if (declared.has(`${to.namespace}/${to.labels[NAME_LABEL]}:${p.port}`)) continue;
            if (!blockedBy(world, from, to, { port: p.port, protocol: p.protocol }))
              problems.push(`undeclared flow to ${to.id}:${p.port}/${p.protocol} is open`);
          }
        }
      }
      if (problems.length === 0) out.push(pass(src));
      for (const m of [...new Set(problems)]) out.push(fail(src, m, annPath(from)));
    }
    return out;
  },
};
