import { readFile } from 'node:fs/promises';
import { UserError } from '../errors.ts';
import { parseManifests } from '../k8s/yaml.ts';
import { SEALING_KEY_LABEL } from '../secrets/keys.ts';
import { applyAll } from './apply.ts';
import { reportApplied, type InstallContext, type InstallOptions } from './context.ts';

async function readKeyFile(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UserError(`${file}: cannot read the sealing-key backup (${(cause as Error).message})`, {
      cause,
    });
  }
}

/**
 * Restores the sealing keys saved by `shai secrets backup-key` before the controller starts, so the committed
 * SealedSecrets stay valid on a rebuilt cluster. Without a backup the controller makes a new key, and the
 * user must seal again: said here, and again at the end.
 */
export async function runSealingKey(ctx: InstallContext, opts: InstallOptions): Promise<'restored' | 'none'> {
  const { io } = ctx;
  const controller = ctx.plan.services.find((s) => s.name === 'sealed-secrets');
  if (!controller) {
    io.stdout('sealing key: sealed-secrets is not enabled; nothing to restore\n');
    return 'none';
  }
  const text = await readKeyFile(ctx.sealingKey.file);
  if (text === undefined) {
    if (ctx.sealingKey.given) throw new UserError(`${ctx.sealingKey.file}: no such file (--sealing-key)`);
    io.stdout(
      `sealing key: no backup at ${ctx.sealingKey.file}; the controller will create a new key, so after install run ` +
        '`shai secrets seal`, commit and push, then `shai secrets backup-key`\n',
    );
    return 'none';
  }
  const keys = parseManifests(text, ctx.sealingKey.file)
    .objects.map((o) => o.object)
    .filter((o) => o.kind === 'Secret' && o.metadata.labels?.[SEALING_KEY_LABEL] !== undefined)
    .map((o) => ({ ...o, metadata: { ...o.metadata, namespace: controller.namespace } }));
  if (!keys.length)
    throw new UserError(
      `${ctx.sealingKey.file}: no Secret labelled ${SEALING_KEY_LABEL} (write it with shai secrets backup-key)`,
    );
  io.stdout(
    `sealing key: restoring ${keys.length} key(s) from ${ctx.sealingKey.file} into ${controller.namespace}\n`,
  );
  reportApplied(
    io,
    'sealing keys',
    await applyAll(ctx.api, ctx.resolve, keys, {
      dryRun: opts.dryRun,
      ...(ctx.pending ? { pending: ctx.pending } : {}),
    }),
    opts.dryRun,
  );
  return 'restored';
}
