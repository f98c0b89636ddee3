/*
 * The pure side of `shai backup restore --service X --promote` for a service's database. A database is not
 * swapped in on the cluster: its Cluster is rendered from platform.yaml, so promoting the proven scratch restore
 * is one `backup.recoveries` entry (plan/storage.ts planDatabase): the next generation `<base>-r<n>` is
 * bootstrapped from the running generation's archive up to the same time the scratch Cluster was, and
 * everything that names the cluster (the service's host, NetworkPolicies, backups, monitoring) follows. Git is
 * the swap: Argo CD creates the new Cluster once the change is pushed.
 */
import { UserError } from '../errors.ts';
import type { KubeObject } from '../k8s/object.ts';
import type { RecoveryConfig } from '../config/schema.ts';
import { generationCluster } from '../plan/storage.ts';
import type { PlannedDatabase } from '../plan/types.ts';
import { RECOVERY_SOURCE } from './archive.ts';
import { probeCommands, restoreCommand } from './restore.ts';
import type { BackupUnit } from './units.ts';

interface Yaml {
  [k: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** What the scratch Cluster proves: the archive (server name) it recovered from and the time it recovered to. */
interface Recovered {
  name: string;
  server?: string;
  at?: string;
}

function recoveredFrom(cluster: KubeObject): Recovered {
  const spec = (cluster.spec ?? {}) as Yaml;
  const recovery = spec.bootstrap?.recovery as Yaml | undefined;
  const origin = ((spec.externalClusters ?? []) as Yaml[]).find((c) => c.name === recovery?.source);
  const at = recovery?.recoveryTarget?.targetTime;
  return {
    name: cluster.metadata.name,
    ...(typeof origin?.plugin?.parameters?.serverName === 'string'
      ? { server: origin.plugin.parameters.serverName as string }
      : {}),
    ...(typeof at === 'string' ? { at } : {}),
  };
}

/** What promoting the database does: the entry platform.yaml gets, or that it already has it. */
export type DatabasePromotion =
  | { recorded: false; entry: RecoveryConfig; cluster: string; source: string }
  | { recorded: true; index: number; cluster: string };

const sameTime = (a?: string, b?: string) =>
  a === undefined || b === undefined ? a === b : Date.parse(a) === Date.parse(b);

/**
 * The promotion of the newest recovered Cluster in the scratch namespace. Refused unless CloudNativePG reports
 * it healthy (the copy whose probe passed), it recovered from the archive of the generation platform.yaml runs,
 * and `--at`, when given, is the time it recovered to. A promotion already recorded (the previous generation's
 * archive, the last entry's time) is reported as such, so running the command again does not add a generation.
 */
export function databasePromotion(
  unit: BackupUnit,
  db: PlannedDatabase,
  recoveries: readonly RecoveryConfig[],
  scratchClusters: readonly KubeObject[],
  scratch: string,
  at?: string,
): DatabasePromotion {
  const again = restoreCommand(unit.service, scratch, at);
  const restored = scratchClusters
    .filter((c) => c.kind === 'Cluster' && (c.spec as Yaml | undefined)?.bootstrap?.recovery)
    .sort((a, b) =>
      String(b.metadata.creationTimestamp ?? '').localeCompare(String(a.metadata.creationTimestamp ?? '')),
    )[0];
  if (!restored)
    throw new UserError(
      `${unit.service}: no restored database Cluster in ${scratch} to promote; restore there first and prove it (${again} --probe), then promote`,
    );
  const phase = (restored as Yaml).status?.phase as string | undefined;
  if (phase !== 'Cluster in healthy state')
    throw new UserError(
      `${unit.service}: the restored Cluster ${scratch}/${restored.metadata.name} is ${phase ? `"${phase}"` : 'not started'}, not healthy; promote only a restore that is up and passed its probe`,
    );
  const got = recoveredFrom(restored);
  if (at !== undefined && !sameTime(at, got.at))
    throw new UserError(
      `${unit.service}: --at ${at}, but the restore in ${scratch} recovered to ${got.at ?? 'the end of the archive'}; promote what was proven, or restore again (${again}) and prove that`,
    );
  if (got.server === db.cluster)
    return {
      recorded: false,
      entry: { service: unit.service, ...(got.at ? { at: got.at } : {}) },
      cluster: generationCluster(db.base, db.generation + 1),
      source: db.cluster,
    };
  const mine = recoveries.map((r, i) => ({ r, i })).filter(({ r }) => r.service === unit.service);
  const last = mine.at(-1);
  if (
    last &&
    db.generation > 0 &&
    got.server === generationCluster(db.base, db.generation - 1) &&
    sameTime(last.r.at, got.at)
  )
    return { recorded: true, index: last.i, cluster: db.cluster };
  throw new UserError(
    `${unit.service}: the restore in ${scratch} recovered from the archive of ${got.server ?? `an unnamed ${RECOVERY_SOURCE}`}, but platform.yaml runs ${db.cluster}; restore again (${again}) and prove that`,
  );
}

/** What happens once platform.yaml and the tree record the promotion: the lines the command prints. */
export function databasePromotionSteps(
  unit: BackupUnit,
  p: DatabasePromotion,
  files: { config: string; tree: string },
  opts: { at?: string; dryRun: boolean },
): string[] {
  if (p.recorded)
    return [
      `${unit.service}: the database promotion is already recorded in ${files.config} (backup.recoveries[${p.index}]): Argo CD runs ${p.cluster} once it is committed and pushed`,
    ];
  const to = p.entry.at ? `up to ${p.entry.at}` : 'to the end of the archive';
  return [
    `${opts.dryRun ? 'would add' : 'added'} to ${files.config}: backup.recoveries: - service: ${unit.service}${p.entry.at ? `, at: '${p.entry.at}'` : ''}`,
    `${opts.dryRun ? 'would render' : 'rendered'} ${files.tree}: CloudNativePG Cluster ${unit.namespace}/${p.cluster}, recovered from ${p.source}'s archive ${to}, and ${unit.service} pointed at it (host ${p.cluster}-rw); the sync prunes ${p.source}, its archive stays in the bucket`,
    `swap it in: git add ${files.config} ${files.tree} && git commit -m "${unit.service}: promote the database restore" && git push`,
    ...probeCommands(
      { ...unit, volumes: [], database: { ...unit.database!, cluster: p.cluster } },
      unit.namespace,
    ),
    `then take the new generation's first base backup: shai backup run --service ${unit.service}`,
  ];
}
