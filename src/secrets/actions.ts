import type { Io } from '../io.ts';
import { UserError } from '../errors.ts';
import type { PlannedSecret } from '../plan/types.ts';
import { formatReport } from '../report/formats/index.ts';
import { atOrAbove, type Severity } from '../report/types.ts';
import type { ControllerCert } from './cert.ts';
import { readSealedTree, stageSealedFiles } from './files.ts';
import { matchesFormat } from './generate.ts';
import { secretId } from './paths.ts';
import { sealSecrets } from './seal-tree.ts';
import type { RandomBytes, SealScope } from './seal.ts';
import { formatStatusTable, secretsStatus } from './status.ts';
import { emptyStore, readStore, requireStore, writeStore, type Store } from './store.ts';
import { rotateValues, fillStore, uniqueSecrets } from './values.ts';

/** What every `secrets` subcommand works on; built by the CLI from platform.yaml and flags. */
export interface SecretsContext {
  cluster: string;
  secrets: readonly PlannedSecret[];
  /** Absolute path of the deploy tree (`gitops.path`). */
  deployRoot: string;
  storeFile: string;
  io: Io;
  randomBytes: RandomBytes;
  /** Reads `--cert FILE` or fetches the certificate from the cluster; only called by commands that seal. */
  loadCert(): Promise<ControllerCert>;
  /**
   * Renders the deploy tree again after sealing, so the `shai.dev/secrets-checksum` of every consumer follows
   * its new SealedSecrets; returns the paths it changed. Without it the command says to run `shai render`.
   */
  rerender?(): Promise<string[]>;
}

/** `secrets generate [--force]`: fills the store. */
export async function runGenerate(ctx: SecretsContext, opts: { force: boolean }): Promise<number> {
  const store = (await readStore(ctx.storeFile, ctx.cluster)) ?? emptyStore(ctx.cluster);
  const out = fillStore(store, ctx.secrets, {
    force: opts.force,
    now: ctx.io.now(),
    randomBytes: ctx.randomBytes,
  });
  await writeStore(ctx.storeFile, out.store);
  ctx.io.stdout(`${ctx.storeFile}: ${out.created.length} values created, ${out.rotated.length} replaced\n`);
  for (const m of out.missing)
    ctx.io.stderr(
      `missing external value ${m}: supply it with \`shai secrets set ${m.replace(/\/([^/]+)$/, ' $1')}\`\n`,
    );
  return 0;
}

/** Seals the store into the tree and saves the new fingerprints; nothing is written when anything fails first. */
async function sealInto(
  ctx: SecretsContext,
  store: Store,
  cert: ControllerCert,
  scope?: SealScope,
): Promise<number> {
  const tree = await readSealedTree(ctx.deployRoot);
  const existing = new Map(tree.sealed.map((t) => [t.path, t.object]));
  const result = sealSecrets({
    secrets: ctx.secrets,
    store,
    cert,
    existing,
    randomBytes: ctx.randomBytes,
    ...(scope ? { scope } : {}),
  });
  const staged = await stageSealedFiles(
    ctx.deployRoot,
    result.files,
    tree.files,
    new Set(tree.sealed.map((t) => t.path)),
  );
  // The store's fingerprints and the tree change together: a store that cannot be written replaces no file.
  try {
    await writeStore(ctx.storeFile, result.store);
  } catch (e) {
    await staged.abort();
    throw e;
  }
  await staged.commit();
  const written = staged.paths;
  ctx.io.stdout(
    `sealed ${result.resealed.length} values; ${written.length} files written under ${ctx.deployRoot}\n`,
  );
  for (const p of written) ctx.io.stdout(`  ${p}\n`);
  for (const id of result.incomplete)
    ctx.io.stderr(`not sealed: ${id} has missing values (see \`shai secrets status\`)\n`);
  await rerenderAfterSeal(ctx);
  return result.incomplete.length ? 1 : 0;
}

/** The last line of seal and rotate: the tree is consistent again, or what to run to make it so. */
async function rerenderAfterSeal(ctx: SecretsContext): Promise<void> {
  if (!ctx.rerender) {
    ctx.io.stdout(
      `next: run \`shai render\` so the consumers' shai.dev/secrets-checksum follows the sealed values\n`,
    );
    return;
  }
  const changed = await ctx.rerender();
  for (const p of changed) ctx.io.stdout(`  ${p}\n`);
  ctx.io.stdout(
    changed.length
      ? `re-rendered ${ctx.deployRoot}: ${changed.length} more files changed (their workloads restart on the next sync); commit them with the sealed files\n`
      : `re-rendered ${ctx.deployRoot}: nothing else changed\n`,
  );
}

/** `secrets seal [--scope]`: one SealedSecret per secret; unchanged values keep their ciphertext. */
export async function runSeal(ctx: SecretsContext, opts: { scope?: SealScope }): Promise<number> {
  const store = await requireStore(ctx.storeFile, ctx.cluster);
  const cert = await ctx.loadCert();
  return sealInto(ctx, store, cert, opts.scope);
}

/** `secrets rotate --service NAME | --all`: new values, composed ones follow, resealed. */
export async function runRotate(
  ctx: SecretsContext,
  opts: { service?: string; all: boolean; scope?: SealScope },
): Promise<number> {
  if (!opts.all && !opts.service) throw new UserError('secrets rotate: pass --service NAME or --all');
  const owners = [...new Set(ctx.secrets.map((s) => s.service))].sort();
  if (opts.service && !owners.includes(opts.service)) {
    throw new UserError(
      `secrets rotate: unknown service "${opts.service}" (services with secrets: ${owners.join(', ')})`,
    );
  }
  const selected = new Set(ctx.secrets.filter((s) => opts.all || s.service === opts.service).map(secretId));
  const store = await requireStore(ctx.storeFile, ctx.cluster);
  const cert = await ctx.loadCert();
  const out = rotateValues(store, ctx.secrets, selected, { now: ctx.io.now(), randomBytes: ctx.randomBytes });
  for (const s of ctx.secrets.filter((x) => selected.has(secretId(x)))) {
    for (const [key, format] of Object.entries(s.keys)) {
      if (format.kind === 'external')
        ctx.io.stderr(
          `${secretId(s)}/${key} is supplied by you: rotate it with \`shai secrets set ${secretId(s)} ${key}\`\n`,
        );
    }
  }
  ctx.io.stdout(`rotated ${out.rotated.length} values:\n${out.rotated.map((r) => `  ${r}\n`).join('')}`);
  return sealInto(ctx, out.store, cert, opts.scope);
}

/** `secrets set NAMESPACE/NAME KEY`: stores a value the user supplies (external formats). */
export async function runSet(ctx: SecretsContext, id: string, key: string, value: string): Promise<number> {
  const secret = uniqueSecrets(ctx.secrets).find((s) => secretId(s) === id);
  if (!secret)
    throw new UserError(
      `secrets set: unknown secret "${id}" (known: ${uniqueSecrets(ctx.secrets).map(secretId).join(', ')})`,
    );
  const format = secret.keys[key];
  if (!format)
    throw new UserError(
      `secrets set: ${id} has no key "${key}" (keys: ${Object.keys(secret.keys).join(', ')})`,
    );
  const trimmed = value.replace(/\r?\n$/, '');
  if (trimmed === '')
    throw new UserError(
      `secrets set: the value for ${id}/${key} is empty (nothing came on stdin); pipe it in, e.g. printf '%s' "$VALUE" | shai secrets set ${id} ${key}`,
    );
  if (!matchesFormat(trimmed, format))
    throw new UserError(`secrets set: the value for ${id}/${key} does not match its format (${format.kind})`);
  const store = (await readStore(ctx.storeFile, ctx.cluster)) ?? emptyStore(ctx.cluster);
  const now = ctx.io.now().toISOString();
  store.secrets[id] ??= { namespace: secret.namespace, name: secret.name, keys: {} };
  const prev = store.secrets[id].keys[key];
  store.secrets[id].keys[key] = prev
    ? { ...prev, value: trimmed, rotatedAt: now, sealed: undefined }
    : { value: trimmed, createdAt: now };
  const out = fillStore(store, ctx.secrets, {
    force: false,
    now: ctx.io.now(),
    randomBytes: ctx.randomBytes,
  });
  await writeStore(ctx.storeFile, out.store);
  ctx.io.stdout(`${ctx.storeFile}: ${id}/${key} stored; run \`shai secrets seal\`\n`);
  return 0;
}

/** `secrets export`: the admin credentials, the only values shai ever prints, to stdout only. */
export async function runExport(ctx: SecretsContext): Promise<number> {
  const store = await requireStore(ctx.storeFile, ctx.cluster);
  const admins = uniqueSecrets(ctx.secrets).filter((s) => s.admin);
  for (const s of admins) {
    ctx.io.stdout(`# ${secretId(s)} (${s.service})\n`);
    for (const key of Object.keys(s.keys).sort()) {
      const value = store.secrets[secretId(s)]?.keys[key]?.value;
      ctx.io.stdout(`${key}: ${value === undefined ? '<missing>' : JSON.stringify(value)}\n`);
    }
  }
  if (!admins.length) ctx.io.stderr('no admin credentials in this platform\n');
  return 0;
}

/** `secrets status [--max-age DAYS]`: the table, then failures; exit 1 when a finding reaches `failOn`. */
export async function runStatus(
  ctx: SecretsContext,
  opts: { maxAgeDays: number; failOn: Severity; format: string; version: string; treeOnly?: boolean },
): Promise<number> {
  const store = opts.treeOnly ? undefined : await requireStore(ctx.storeFile, ctx.cluster);
  const tree = await readSealedTree(ctx.deployRoot);
  const { rows, report } = secretsStatus({
    secrets: ctx.secrets,
    ...(store ? { store } : {}),
    tree: tree.sealed,
    now: ctx.io.now(),
    maxAgeDays: opts.maxAgeDays,
  });
  if (opts.format !== 'text') {
    // machine formats (json, sarif, junit, md) come from the shared report formatters
    ctx.io.stdout(formatReport(report, opts.format, { color: false, version: opts.version }));
  } else {
    ctx.io.stdout(formatStatusTable(rows));
    const failed = report.findings.filter((f) => f.status !== 'pass');
    for (const f of failed) ctx.io.stdout(`${f.severity.padEnd(7)} ${f.rule}: ${f.message}\n`);
    ctx.io.stdout(`${rows.length} secrets, ${failed.length} problems\n`);
  }
  return report.findings.some((f) => atOrAbove(f, opts.failOn)) ? 1 : 0;
}
