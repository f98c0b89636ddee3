import { closest } from '../suggest.ts';
import { whyOff } from '../enabled.ts';
import type { ConfigRule, RuleIssue } from './types.ts';

/** The service running the Barman Cloud plugin (plan/backup.ts BARMAN_SERVICE, which is on a floor above). */
const BARMAN = 'barman-cloud';

/**
 * A promoted recovery names a running service whose database CloudNativePG archives (the plan's
 * archivesDatabase, plan/backup.ts: a database, a `postgres` backup, the plugin running), and a service's
 * recovery times only move forward: generation n is recovered from generation n-1's archive, which starts at
 * n-1's own recovery.
 */
export const backupRecoveries: ConfigRule = {
  id: 'backup-recoveries',
  description:
    'Each backup.recoveries entry names a running service with an archived database, later than its previous recovery.',
  check({ config, registry, enabled, byName }) {
    const issues: RuleIssue[] = [];
    const archived = registry
      .filter((d) => d.database && d.backup.kind === 'postgres' && enabled.has(d.name))
      .map((d) => d.name);
    const last = new Map<string, string | undefined>();
    (config.backup?.recoveries ?? []).forEach((r, i) => {
      const path = ['backup', 'recoveries', i];
      const def = byName.get(r.service);
      const known = `services with an archived database: ${archived.join(', ') || 'none'}`;
      if (!def) {
        const near = closest(r.service, [...byName.keys()]);
        issues.push({
          path: [...path, 'service'],
          message: `${r.service} is not a service${near ? ` (did you mean ${near}?)` : ''}; ${known}`,
        });
        return;
      }
      if (!enabled.has(r.service)) {
        issues.push({ path: [...path, 'service'], message: `${r.service} ${whyOff(config, r.service)}` });
        return;
      }
      if (!archived.includes(r.service)) {
        issues.push({
          path: [...path, 'service'],
          message: `${r.service} has no database archived by CloudNativePG to restore; ${known}`,
        });
        return;
      }
      if (byName.has(BARMAN) && !enabled.has(BARMAN)) {
        issues.push({
          path: [...path, 'service'],
          message: `recovering ${r.service}'s database needs ${BARMAN}, ${whyOff(config, BARMAN)}`,
        });
        return;
      }
      const previous = last.get(r.service);
      if (r.at && previous && Date.parse(r.at) <= Date.parse(previous))
        issues.push({
          path: [...path, 'at'],
          message: `expected a time after ${r.service}'s previous recovery (${previous}): each generation recovers from the archive of the one before`,
        });
      last.set(r.service, r.at ?? previous);
    });
    return issues;
  },
};
