/*
 * `shai backup restore --service X --promote`, the database half (the CLI's edge): reads the restored Cluster in
 * the scratch namespace, records its promotion in platform.yaml (one `backup.recoveries` entry) and renders the
 * tree, the next generation's Cluster with it. Nothing on the cluster changes: the user commits and pushes, and
 * Argo CD swaps it in. The decisions are backup/promote-database.ts. Nothing is written unless the new
 * platform.yaml validates and its tree renders; platform.yaml is written first, so a tree that then fails to
 * write is only stale (`shai render` writes it).
 */
import { relative } from 'node:path';
import { databasePromotion, databasePromotionSteps } from '../backup/promote-database.ts';
import { restoreCommand } from '../backup/restore.ts';
import type { BackupUnit } from '../backup/units.ts';
import { appendRecovery } from '../config/edit-recoveries.ts';
import { parseConfig } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import { ConfigError, InternalError, UserError } from '../errors.ts';
import { replaceFile } from '../fs-tree.ts';
import { expectOk } from '../install/api.ts';
import type { KubeObject } from '../k8s/object.ts';
import { plan as makePlan } from '../plan/plan.ts';
import type { Plan } from '../plan/types.ts';
import { renderPlatformTree } from '../render/platform-tree.ts';
import { writeTree } from '../render/write.ts';
import { registry } from '../services/registry.ts';
import type { BackupIo } from './backup-actions.ts';
import { proveScratch } from './backup-probe.ts';

/** The platform file as read, and where its tree is. */
export interface PlatformFiles {
  /** platform.yaml as the user named it, for messages. */
  name: string;
  /** Its path. */
  path: string;
  text: string;
  config: Config;
  /** The tree's directory (gitops.path resolved). */
  treeRoot: string;
  /** The directory paths are printed relative to (the working directory). */
  cwd: string;
}

/** Promotes the database of the unit's proven scratch restore (see the file comment); `dryRun` writes nothing. */
export async function promoteDatabase(
  plan: Plan,
  unit: BackupUnit,
  io: BackupIo,
  files: PlatformFiles,
  opts: { scratchNamespace: string; at?: string; dryRun: boolean },
): Promise<void> {
  const db = plan.services.find((s) => s.name === unit.service)?.database;
  if (!db) throw new InternalError(`${unit.service}: a database unit of a service without a database`);
  const reply = await io.api.request(
    'GET',
    `/apis/postgresql.cnpg.io/v1/namespaces/${encodeURIComponent(opts.scratchNamespace)}/clusters`,
  );
  if (reply.status === 404)
    throw new UserError(
      `${unit.service}: the cluster does not serve CloudNativePG's Clusters (is its operator installed?)`,
    );
  const clusters = (expectOk(reply, `listing clusters in ${opts.scratchNamespace}`).items ??
    []) as KubeObject[];
  const p = databasePromotion(
    unit,
    db,
    files.config.backup?.recoveries ?? [],
    clusters.map((c) => ({ ...c, kind: 'Cluster' })),
    opts.scratchNamespace,
    opts.at,
  );
  const shown = {
    config: relative(files.cwd, files.path) || files.name,
    tree: relative(files.cwd, files.treeRoot) || '.',
  };
  const steps = databasePromotionSteps(unit, p, shown, opts);
  if (p.recorded || opts.dryRun) {
    // A dry run still proves the edit: the new platform.yaml validates and its tree renders.
    if (!p.recorded) await renderPlatformTree(promotedPlan(files, p.entry), files.treeRoot);
    for (const line of steps) io.print(`${opts.dryRun ? '(dry run) ' : ''}${line}`);
    return;
  }
  const text = appendRecovery(files.text, p.entry);
  const rendered = await renderPlatformTree(promotedPlan(files, p.entry, text), files.treeRoot);
  // The operator's "healthy" is not the data: the restored primary must hold the service's tables.
  await proveScratch(
    io,
    unit,
    opts.scratchNamespace,
    'database',
    restoreCommand(unit.service, opts.scratchNamespace, opts.at),
  );
  await replaceFile(files.path, text);
  try {
    await writeTree(files.treeRoot, rendered.tree.files);
  } catch (err) {
    throw new UserError(
      `${shown.config} records the promotion, but the tree was not written: ${(err as Error).message}; fix that and run shai render`,
      { cause: err },
    );
  }
  for (const line of steps) io.print(line);
}

/** The plan of platform.yaml with the entry added; a user error saying so when that would not validate. */
function promotedPlan(
  files: PlatformFiles,
  entry: NonNullable<Config['backup']>['recoveries'][number],
  text = appendRecovery(files.text, entry),
): Plan {
  try {
    return makePlan(parseConfig(text, files.name, registry), registry);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    throw new UserError(
      `${entry.service}: the promotion was not recorded: ${files.name} with it would not validate (nothing was written):\n${err.message}`,
      { cause: err },
    );
  }
}
