import { whyOff } from '../enabled.ts';
import type { ConfigRule, RuleIssue } from './types.ts';

/** Backups are taken by Velero; an in-cluster target is the minio service. */
export const backupTarget: ConfigRule = {
  id: 'backup-target',
  description: 'A backup section needs velero; a target inside the cluster needs minio.',
  check({ config, enabled, byName }) {
    const backup = config.backup;
    if (!backup) return [];
    const issues: RuleIssue[] = [];
    if (byName.has('velero') && !enabled.has('velero'))
      issues.push({ path: ['backup'], at: 'key', message: `needs velero, ${whyOff(config, 'velero')}` });
    const minio = byName.get('minio');
    const host = new URL(backup.target.endpoint).hostname;
    if (minio && host.startsWith(`minio.${minio.namespace}.svc`) && !enabled.has('minio'))
      issues.push({
        path: ['backup', 'target', 'endpoint'],
        message: `points at the in-cluster MinIO, ${whyOff(config, 'minio')}`,
      });
    return issues;
  },
};
