import type { Analyzer, FindingDraft } from '../analyzer.ts';
import { targetOf } from '../analyzer.ts';
import { nodesOf } from '../k8s.ts';

const PRESSURE: Record<string, { what: string; fix: string }> = {
  MemoryPressure: {
    what: 'memory',
    fix: 'Lower memory requests/limits of pods on it or add memory; the kubelet evicts pods until it recovers.',
  },
  DiskPressure: {
    what: 'disk',
    fix: 'Free disk space on the node (images: crictl rmi --prune; logs; Longhorn replicas) or grow the disk.',
  },
  PIDPressure: {
    what: 'process ids',
    fix: 'Find the pod forking processes (a crash-looping shell or runaway workers) and limit it.',
  },
};

/** Nodes that are not Ready, under memory/disk/PID pressure, or cordoned. */
export const nodeConditions: Analyzer = {
  id: 'node-conditions',
  area: 'nodes',
  title: 'Nodes not ready or under pressure',
  docs: 'A node whose Ready condition is not True (the kubelet stopped reporting: machine down, network cut, k3s agent stopped), a node under memory, disk or PID pressure (the kubelet evicts pods until it recovers), and cordoned nodes (warning).',
  severity: 'error',
  needs: ['Node'],
  analyze(state) {
    const out: FindingDraft[] = [];
    for (const node of nodesOf(state)) {
      const name = node.metadata.name;
      for (const c of node.status?.conditions ?? []) {
        if (c.type === 'Ready' && c.status !== 'True') {
          const why =
            c.status === 'Unknown'
              ? 'the kubelet stopped reporting (node down, network cut, or k3s agent stopped)'
              : c.message;
          out.push({
            target: targetOf(node),
            message: `NotReady${c.lastTransitionTime ? ` since ${c.lastTransitionTime}` : ''}: ${why ?? 'no message'} (${c.reason ?? 'no reason'})`,
            fix: `Check the machine and the k3s service on it (systemctl status k3s or k3s-agent; journalctl -u k3s-agent) on ${name}.`,
          });
        }
        const p = PRESSURE[c.type];
        if (p && c.status === 'True') {
          out.push({
            target: targetOf(node),
            message: `under ${p.what} pressure: ${c.message ?? c.reason}`,
            fix: p.fix,
          });
        }
      }
      if (node.spec?.unschedulable) {
        out.push({
          target: targetOf(node),
          severity: 'warning',
          message: 'cordoned: no new pods are scheduled on it',
          fix: `kubectl uncordon ${name} when the maintenance is over.`,
        });
      }
    }
    return out;
  },
};
