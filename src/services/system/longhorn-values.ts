import type { NodeConfig } from '../../config/schema.ts';
import type { KubeObject } from '../../k8s/object.ts';
import { ingressRoute } from '../../build/ingress.ts';
import { objectMeta } from '../../k8s/meta.ts';
import type { BuildContext } from '../types.ts';

/** Service and port of the chart's UI: `longhorn-frontend` listens on 80 and forwards to the UI's 8000. */
const FRONTEND = { name: 'longhorn-frontend', port: 80 };

/** Nodes that hold Longhorn disks: the storage role, or any node with storage paths. */
export function storageNodes(nodes: readonly NodeConfig[]): NodeConfig[] {
  return nodes.filter((n) => n.roles.includes('storage') || n.storage.length > 0);
}

/** Volume replicas: one per storage node, at most three (more only costs disk). */
export function replicaCount(nodes: readonly NodeConfig[]): number {
  return Math.max(1, Math.min(3, storageNodes(nodes).length));
}

/**
 * Longhorn's default disk path. The setting is one path for every node, so it is the first storage
 * path of the first storage node; a node with another path needs its disk added in the Longhorn UI.
 */
export function dataPath(nodes: readonly NodeConfig[]): string | undefined {
  return storageNodes(nodes).flatMap((n) => n.storage.map((s) => s.path))[0];
}

/** Chart values (longhorn 1.12): disks, the replica count of the `longhorn` class the plan names, taints. */
export function longhornValues({ plan, self }: BuildContext): Record<string, unknown> {
  const nodes = plan.config.cluster.nodes;
  const path = dataPath(nodes);
  const tolerations = self.placement.tolerations;
  // Longhorn's own setting syntax for tolerations of the pods it creates (instance managers, CSI): key=value:Effect;...
  const taintToleration = tolerations
    .map((t) => `${t.key}${t.value !== undefined ? `=${t.value}` : ''}:${t.effect}`)
    .join(';');
  return {
    // The managers' /metrics (volume robustness and usage) for the alerts and the Longhorn dashboard.
    metrics: { serviceMonitor: { enabled: true } },
    defaultSettings: {
      ...(path ? { defaultDataPath: path } : {}),
      ...(taintToleration ? { taintToleration } : {}),
    },
    // The chart creates the `longhorn` StorageClass itself (from its longhorn-storageclass ConfigMap, which the
    // manager reconciles); rendering our own object of that name would fight the manager, so it is configured here.
    persistence: {
      defaultClassReplicaCount: replicaCount(nodes),
      // Pruning a claim by mistake must not destroy model or database data.
      reclaimPolicy: 'Retain',
    },
    // The pre-upgrade checker is a pre-upgrade hook, which Argo CD runs as PreSync on every sync, the first
    // included: its Job runs as longhorn-service-account, which that same sync creates later, so the pod is
    // never created and the sync fails until the Job's deadline, every retry (chart values.yaml: "Disable this
    // setting when installing Longhorn using Argo CD"). The manager still checks upgrade versions itself.
    preUpgradeChecker: { jobEnabled: false },
    // Volumes attach on every node that runs a pod with a claim, tainted GPU nodes included.
    ...(tolerations.length ? { longhornManager: { tolerations }, longhornDriver: { tolerations } } : {}),
  };
}

/** The recurring snapshot job and the UI's IngressRoute (pointed at the chart's frontend Service). */
export function longhornObjects(ctx: BuildContext): KubeObject[] {
  const { self } = ctx;
  const snapshots: KubeObject = {
    apiVersion: 'longhorn.io/v1beta2',
    kind: 'RecurringJob',
    metadata: objectMeta(self, 'snapshot-daily'),
    spec: {
      name: 'snapshot-daily',
      // Group `default` applies to every volume without its own recurring-job labels.
      groups: ['default'],
      task: 'snapshot',
      // Daily, before the default 03:00 Velero backup: a local restore point even when a backup fails.
      cron: '0 2 * * *',
      retain: 7,
      concurrency: 2,
    },
  };
  // Off-cluster copies are Velero's job (backup.target); Longhorn `backup` tasks would need their own target.
  const routes = self.hosts.map((h) => {
    const route = ingressRoute(ctx.plan, self, h);
    const spec = route.spec as { routes: { services: { name: string; port: number }[] }[] };
    const main = spec.routes[spec.routes.length - 1]!;
    main.services = main.services.map((s) => ({ ...s, ...FRONTEND }));
    return route;
  });
  return [snapshots, ...routes];
}
