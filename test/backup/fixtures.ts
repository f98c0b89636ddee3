/*
 * Backup objects as the operators write them (statuses included), for the status and restore tests. The field
 * names and values are those of the operators' types at the pinned versions: CloudNativePG v1.29.0
 * api/v1/backup_types.go (phase "completed"/"failed", startedAt, stoppedAt, destinationPath, serverName, error)
 * and cluster_types.go (condition ContinuousArchiving); plugin-barman-cloud v0.13.0's ObjectStore
 * status.serverRecoveryWindow; Velero v1.18.1 backup_types.go (phase Completed/PartiallyFailed/Failed,
 * completionTimestamp, errors) and pod_volume_backup_type.go (status.progress.totalBytes). They are written
 * here, not captured from a running cluster (there is none): test/apiserver/backup.test.ts has the real
 * kube-apiserver accept them under the operators' CRDs.
 */
import type { KubeObject } from '../../src/k8s/object.ts';

export const cnpgBackup = (
  ns: string,
  name: string,
  cluster: string,
  status: Record<string, unknown>,
): KubeObject =>
  ({
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Backup',
    metadata: { name, namespace: ns },
    spec: {
      cluster: { name: cluster },
      method: 'plugin',
      pluginConfiguration: { name: 'barman-cloud.cloudnative-pg.io' },
    },
    status,
  }) as KubeObject;

export const cnpgCluster = (
  ns: string,
  name: string,
  archiving: 'True' | 'False',
  message = '',
): KubeObject =>
  ({
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    metadata: { name, namespace: ns },
    spec: { instances: 1, storage: { size: '5Gi' } },
    status: {
      phase: 'Cluster in healthy state',
      conditions: [
        {
          type: 'ContinuousArchiving',
          status: archiving,
          reason: archiving === 'True' ? 'ContinuousArchivingSuccess' : 'ContinuousArchivingFailing',
          message,
          lastTransitionTime: '2026-12-03T02:00:00Z',
        },
      ],
    },
  }) as KubeObject;

export const veleroBackup = (
  name: string,
  namespaces: string[],
  status: Record<string, unknown>,
  labels: Record<string, string> = { 'velero.io/schedule-name': 'velero-daily' },
): KubeObject =>
  ({
    apiVersion: 'velero.io/v1',
    kind: 'Backup',
    metadata: { name, namespace: 'backup', labels },
    spec: { includedNamespaces: namespaces, storageLocation: 'default', ttl: '336h0m0s' },
    status,
  }) as KubeObject;

export const podVolumeBackup = (
  backup: string,
  ns: string,
  pod: string,
  volume: string,
  totalBytes: number,
): KubeObject =>
  ({
    apiVersion: 'velero.io/v1',
    kind: 'PodVolumeBackup',
    metadata: {
      name: `${backup}-${volume}-x1`,
      namespace: 'backup',
      labels: { 'velero.io/backup-name': backup },
    },
    spec: {
      backupStorageLocation: 'default',
      node: 'homelab',
      pod: { kind: 'Pod', name: pod, namespace: ns },
      repoIdentifier: '',
      tags: {},
      volume,
      uploaderType: 'kopia',
    },
    status: { phase: 'Completed', progress: { totalBytes, bytesDone: totalBytes } },
  }) as KubeObject;
