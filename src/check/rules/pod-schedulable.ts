import { fail, pass } from '../result.ts';
import { simulate } from '../../semantics/scheduler/simulate.ts';
import { standIns } from '../scheduling-stand-ins.ts';
import type { Rule, RuleResult, SourcedObject } from '../types.ts';

/** Every pod of every workload can be placed on the given nodes, as kube-scheduler would judge it. */
export const podSchedulable: Rule = {
  id: 'pod-schedulable',
  title: 'Pods can be scheduled on the nodes',
  severity: 'error',
  family: 'scheduling',
  targets: ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'],
  needsNodes: true,
  fix: 'Match the node selector/affinity to a node label, add the toleration for the node taint, lower the requests, or add capacity (e.g. GPU time-slicing replicas).',
  docs:
    'Simulates the scheduler against the node inventory (`--nodes`, or the nodes of `platform.yaml`). Pods are expanded from ' +
    'the workloads in the tree and from stand-ins for the pods others make from it: the operator-made pods the admission ' +
    'rules judge as stand-ins, and what a run without chart recordings lacks: the resident workloads of each chart ' +
    "Application (their requests as real helm rendered them at the pin), CloudNativePG's database instances and " +
    "kube-prometheus-stack's Prometheus and Alertmanager, with the requests their values set (pods whose makers set none " +
    'reserve nothing). A stand-in that finds no node is named one. Pods come ' +
    'from workloads as the controllers make them (Deployments, StatefulSets and ReplicaSets × replicas, Jobs × parallelism, DaemonSets one per node their ' +
    'selector, affinity and taints admit, bare Pods) and placed greedily in a fixed order: sync wave, then namespace and name. ' +
    'CronJob pods come and go, so they are placed last, each against what the others leave, holding nothing. ' +
    "Among the nodes that pass, the least allocated wins. Each node is judged like kube-scheduler's filters: `spec.unschedulable`, `nodeName`, `NoSchedule`/`NoExecute` " +
    'taints against tolerations (`PreferNoSchedule` is ignored), `nodeSelector` and required node affinity (`In`, `NotIn`, `Exists`, ' +
    '`DoesNotExist`, `Gt`, `Lt`, `matchFields` on `metadata.name`; `kubernetes.io/arch` is a label like any other), then resource fit ' +
    'against `status.allocatable` minus the pods already placed: the pod request is the larger of its biggest init container and the ' +
    'sum of its containers, a limit without a request counts as the request, `nvidia.com/gpu` is counted against allocatable (which ' +
    "already includes time-slicing replicas), and `pods` defaults to 110. A pod that fits nowhere fails with the scheduler's own message, " +
    "e.g. `0/2 nodes are available: 1 Insufficient nvidia.com/gpu, 1 node(s) didn't match Pod's node affinity/selector.`",
  check: (ctx) => {
    const sim = simulate([...ctx.objects, ...standIns(ctx.objects)], ctx.nodes ?? []);
    const failed = new Set<SourcedObject>();
    const out: RuleResult[] = [];
    for (const u of sim.unplaced) {
      failed.add(u.pod.source);
      const which = u.node ? `pod for node ${u.node}` : u.pod.label;
      const by = u.pod.source.standIn;
      const what = by
        ? `${which} of ${u.pod.source.object.kind} ${u.pod.source.object.metadata.name} (stand-in: ${by})`
        : which;
      out.push(
        fail(
          u.pod.source,
          `${what} cannot be scheduled: ${u.message}`,
          by ? undefined : u.pod.template.jsonPathPrefix,
        ),
      );
    }
    for (const p of sim.placed) {
      if (failed.has(p.pod.source)) continue;
      failed.add(p.pod.source); // one pass per object
      out.push(pass(p.pod.source));
    }
    return out;
  },
};
