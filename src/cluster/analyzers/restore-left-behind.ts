import type { Analyzer, FindingDraft } from '../analyzer.ts';
import { targetOf } from '../analyzer.ts';
import type { ClusterState } from '../state.ts';
import type { KubeObject } from '../../k8s/object.ts';
import { RESTORE_OF_LABEL } from '../../k8s/annotations.ts';
import { formatBytes, formatQuantity, parseQuantity } from '../../k8s/quantity.ts';
import { humanMinutes } from '../../config/cron-gap.ts';
import { readAt } from './backup-clock.ts';

interface Yaml {
  [k: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A drill (restore, probe, promote) takes hours; a restore still there after a week was forgotten. */
export const LEFT_AFTER_DAYS = 7;

/**
 * The label CloudNativePG puts on every object it creates for a Cluster, its PVCs and pods included, with the
 * Cluster's name (cloudnative-pg pkg/reconciler/persistentvolumeclaim/build.go Build → WithClusterInheritance →
 * api/v1/cluster_funcs.go SetInheritedData → utils.LabelClusterName). Doctor does not read Clusters; their
 * claims name them.
 */
const CNPG_CLUSTER_LABEL = 'cnpg.io/cluster';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What the restore holds that costs: databases, claims (and their Longhorn replicas), running pods. */
function contents(state: ClusterState, ns: string): string[] {
  const parts: string[] = [];
  if (state.available('PersistentVolumeClaim')) {
    const claims = (state.objects('PersistentVolumeClaim') as Yaml[]).filter(
      (c) => c.metadata.namespace === ns,
    );
    const clusters = [
      ...new Set(claims.map((c) => c.metadata.labels?.[CNPG_CLUSTER_LABEL]).filter(Boolean)),
    ].sort() as string[];
    if (clusters.length)
      parts.push(`${plural(clusters.length, 'PostgreSQL cluster')} (${clusters.join(', ')})`);
    if (claims.length) parts.push(claimsCost(state, claims));
  }
  if (state.available('Pod')) {
    const pods = (state.objects('Pod') as Yaml[]).filter(
      (p) => p.metadata.namespace === ns && p.status?.phase === 'Running',
    );
    if (pods.length) parts.push(podsCost(pods));
  }
  return parts;
}

/** "2 PVCs requesting 15Gi (45Gi of disk with Longhorn's replicas)". */
function claimsCost(state: ClusterState, claims: Yaml[]): string {
  let requested = 0;
  let disk = 0;
  let replicated = 0;
  const volumes = state.available('Volume') ? (state.objects('Volume') as Yaml[]) : [];
  for (const c of claims) {
    const size = parseQuantity(c.spec?.resources?.requests?.storage) ?? 0;
    requested += size;
    const volume = volumes.find(
      (v) =>
        v.status?.kubernetesStatus?.namespace === c.metadata.namespace &&
        v.status?.kubernetesStatus?.pvcName === c.metadata.name,
    );
    const replicas = volume?.spec?.numberOfReplicas;
    if (typeof replicas === 'number' && replicas > 0) {
      disk += size * replicas;
      replicated++;
    } else disk += size;
  }
  const onDisk = replicated ? ` (${formatBytes(disk)} of disk with Longhorn's replicas)` : '';
  return `${plural(claims.length, 'PVC')} requesting ${formatBytes(requested)}${onDisk}`;
}

/** "3 running pods requesting 300m CPU and 768Mi memory". */
function podsCost(pods: Yaml[]): string {
  const sum = (resource: string) =>
    pods
      .flatMap((p) => (p.spec?.containers ?? []) as Yaml[])
      .reduce((n, c) => n + (parseQuantity(c.resources?.requests?.[resource]) ?? 0), 0);
  const cpu = sum('cpu');
  const memory = sum('memory');
  const asks = [
    cpu ? `${formatQuantity('cpu', cpu)} CPU` : '',
    memory ? `${formatQuantity('memory', memory)} memory` : '',
  ].filter(Boolean);
  return `${plural(pods.length, 'running pod')}${asks.length ? ` requesting ${asks.join(' and ')}` : ''}`;
}

/** The command that made the namespace: `shai backup verify` names its own, every other is a restore's. */
const madeBy = (ns: string) => (ns.startsWith('shai-verify-') ? 'shai backup verify' : 'shai backup restore');

/**
 * Namespaces a `shai backup restore` or `shai backup verify` restored a service into (labelled
 * shai.dev/restore-of by backup/objects.ts restoreObjects) and nobody deleted: a full copy of the service's data
 * that costs disk, memory and CPU, with its secrets, outside the service's own namespace. The namespace carries
 * only the label (shai.dev/restored-at is on the restored Cluster and ObjectStore, which doctor does not read),
 * so its age is the namespace's own. A namespace being deleted is on its way out and not reported.
 */
export const restoreLeftBehind: Analyzer = {
  id: 'restore-left-behind',
  area: 'storage',
  title: 'Restores left running after their drill',
  docs: `Namespaces labelled ${RESTORE_OF_LABEL} (the scratch namespaces \`shai backup restore\` and \`shai backup verify\` restore a service into) created more than ${LEFT_AFTER_DAYS} days before the cluster was read (the newest heartbeat on its Nodes) and not being deleted: each holds a copy of the service's data, secrets included. The warning names the service and what the copy costs, as far as doctor read it: the PostgreSQL clusters (from their claims' cnpg.io/cluster label), the PVCs and the storage they request (times Longhorn's replicas), the running pods and the CPU and memory they request; PersistentVolumeClaims, Pods and Longhorn Volumes are counted only when they could be read. The fix is the \`kubectl delete namespace\` that removes it. A younger one (a drill under way) is not reported.`,
  severity: 'warning',
  needs: ['Node', 'Namespace'],
  analyze(state) {
    const now = readAt(state);
    if (now === undefined) return [];
    const out: FindingDraft[] = [];
    for (const ns of state.objects('Namespace') as (KubeObject & Yaml)[]) {
      const service = ns.metadata.labels?.[RESTORE_OF_LABEL];
      if (!service || ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating') continue;
      const created = Date.parse(String(ns.metadata.creationTimestamp ?? ''));
      if (Number.isNaN(created)) continue;
      const minutes = Math.floor((now - created) / 60_000);
      if (minutes <= LEFT_AFTER_DAYS * 1440) continue;
      const name = ns.metadata.name;
      const held = contents(state, name);
      out.push({
        target: targetOf(ns),
        message: `a copy of ${service}'s data, secrets included, restored ${humanMinutes(minutes)} before the cluster was read (by ${madeBy(name)}; the namespace was created ${ns.metadata.creationTimestamp}) and never deleted${held.length ? `: it holds ${held.join(', ')}` : ''}`,
        fix: `When the drill is done and no promotion from it is pending (shai backup restore --promote reads the scratch copy), delete it with everything in it: kubectl delete namespace ${name}. The backups it came from are not touched; kubectl get namespaces -l ${RESTORE_OF_LABEL} lists every restore still there.`,
      });
    }
    return out;
  },
};
