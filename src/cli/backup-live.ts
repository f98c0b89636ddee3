/*
 * The cluster side of `shai backup`: reads the objects the backup operators record (CloudNativePG, the Barman
 * Cloud plugin, Velero) through the API into a ClusterState, and copies a Secret into a restore's namespace.
 * Raw list calls through install's KubeApi: a kind whose CRD is not installed (404) simply has no objects.
 */
import { makeState, type ClusterState } from '../cluster/state.ts';
import { UserError } from '../errors.ts';
import type { KubeObject } from '../k8s/object.ts';
import { expectOk, statusMessage, type KubeApi } from '../install/api.ts';

/** The kinds `shai backup status` and `restore` read: [apiVersion, kind, plural]. */
export const BACKUP_KINDS: readonly [string, string, string][] = [
  ['postgresql.cnpg.io/v1', 'Cluster', 'clusters'],
  ['postgresql.cnpg.io/v1', 'Backup', 'backups'],
  ['postgresql.cnpg.io/v1', 'ScheduledBackup', 'scheduledbackups'],
  ['barmancloud.cnpg.io/v1', 'ObjectStore', 'objectstores'],
  ['velero.io/v1', 'Backup', 'backups'],
  ['velero.io/v1', 'Schedule', 'schedules'],
  ['velero.io/v1', 'PodVolumeBackup', 'podvolumebackups'],
  ['velero.io/v1', 'Restore', 'restores'],
];

/** Lists every backup kind across namespaces; an uninstalled CRD (404) lists nothing. */
export async function readBackupState(api: KubeApi): Promise<ClusterState> {
  const objects: KubeObject[] = [];
  for (const [apiVersion, kind, plural] of BACKUP_KINDS) {
    const reply = await api.request('GET', `/apis/${apiVersion}/${plural}`);
    if (reply.status === 404) continue;
    const body = expectOk(reply, `listing ${plural}.${apiVersion.split('/')[0]}`);
    for (const item of (body.items ?? []) as KubeObject[]) objects.push({ ...item, apiVersion, kind });
  }
  return makeState(api.server, objects);
}

/**
 * Copies a Secret (its data, type and labels) into another namespace; the S3 keys of a database's archive are
 * needed beside the restored Cluster's ObjectStore.
 */
export async function copySecret(api: KubeApi, from: string, name: string, to: string): Promise<void> {
  const path = (ns: string) =>
    `/api/v1/namespaces/${encodeURIComponent(ns)}/secrets/${encodeURIComponent(name)}`;
  const reply = await api.request('GET', path(from));
  if (reply.status === 404)
    throw new UserError(
      `Secret ${from}/${name} is missing: the database archive's S3 keys (shai secrets seal, then let Argo CD sync)`,
    );
  const secret = expectOk(reply, `reading Secret ${from}/${name}`) as {
    type?: string;
    data?: Record<string, string>;
  };
  const copy = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: to, labels: { 'app.kubernetes.io/managed-by': 'shai' } },
    type: secret.type ?? 'Opaque',
    data: secret.data ?? {},
  };
  const put = await api.request(
    'PATCH',
    `${path(to)}?fieldManager=shai-backup&force=true`,
    copy,
    'application/apply-patch+yaml',
  );
  if (put.status < 200 || put.status >= 300)
    throw new UserError(`copying Secret ${from}/${name} to ${to}: ${statusMessage(put)}`);
}
