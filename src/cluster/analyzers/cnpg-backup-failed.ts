import type { Analyzer, FindingDraft } from '../analyzer.ts';
import { targetOf } from '../analyzer.ts';
import type { KubeObject } from '../../k8s/object.ts';
import { newestPerGroup } from './backup-objects.ts';

/** The fields of CloudNativePG's Backup and ScheduledBackup read here (cloudnative-pg v1.30.0 config/crd/bases). */
interface CnpgBackup extends KubeObject {
  spec?: { cluster?: { name?: string } };
  status?: { phase?: string; error?: string; startedAt?: string };
}
interface CnpgScheduledBackup extends KubeObject {
  spec?: { cluster?: { name?: string }; suspend?: boolean };
}

/** CloudNativePG's Backup phases that mean no base backup was stored (api/v1/backup_types.go). */
const FAILED = new Set(['failed', 'walArchivingFailing']);

/**
 * The newest CloudNativePG Backup of each database cluster when it failed (with the operator's error), and
 * ScheduledBackups that are suspended: the database then gets no new base backup, and point-in-time recovery
 * reaches back only to the last one.
 */
export const cnpgBackupFailed: Analyzer = {
  id: 'cnpg-backup-failed',
  area: 'storage',
  title: 'PostgreSQL base backups that failed or are suspended',
  docs: "The newest CloudNativePG Backup of each database cluster whose phase is failed or walArchivingFailing, naming the operator's error (the S3 target refusing the keys, an unreachable endpoint, WAL archiving not working), and ScheduledBackups with suspend set, which take no base backups.",
  severity: 'error',
  needs: ['Backup.postgresql.cnpg.io', 'ScheduledBackup'],
  analyze(state) {
    const out: FindingDraft[] = [];
    const backups = (state.objects('Backup') as CnpgBackup[]).filter((b) =>
      b.apiVersion.startsWith('postgresql.cnpg.io/'),
    );
    const newest = newestPerGroup(
      backups,
      (b) => `${b.metadata.namespace}/${b.spec?.cluster?.name ?? ''}`,
      (b) => String(b.status?.startedAt ?? b.metadata.creationTimestamp ?? ''),
    );
    for (const b of newest) {
      if (!FAILED.has(b.status?.phase ?? '')) continue;
      const cluster = b.spec?.cluster?.name ?? 'its cluster';
      out.push({
        target: targetOf(b),
        message: `the base backup of ${cluster} ${b.status!.phase === 'failed' ? 'failed' : 'cannot run: WAL archiving is failing'}: ${b.status?.error ?? 'no error recorded'}`,
        fix: `Check the S3 target and its keys (the ObjectStore of ${cluster} and its Secret; kubectl -n ${b.metadata.namespace} describe backup.postgresql.cnpg.io ${b.metadata.name}), then shai backup run --service NAME; shai backup status shows each database's last good backup and WAL archiving.`,
      });
    }
    for (const s of state.objects('ScheduledBackup') as CnpgScheduledBackup[]) {
      if (!s.apiVersion.startsWith('postgresql.cnpg.io/') || !s.spec?.suspend) continue;
      out.push({
        target: targetOf(s),
        severity: 'warning',
        message: `suspended: ${s.spec.cluster?.name ?? 'its cluster'} gets no new base backups, so a point-in-time restore reaches back only to the last one`,
        fix: 'Set suspend back to false (it is not in the rendered tree: someone changed it in the cluster; Argo CD self-heal restores it).',
      });
    }
    return out;
  },
};
