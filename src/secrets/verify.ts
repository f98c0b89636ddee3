import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { UserError } from '../errors.ts';
import type { SecretsContext } from './actions.ts';
import { readSealedTree } from './files.ts';
import { secretId } from './paths.ts';
import { requireStore } from './store.ts';
import { unsealObject } from './unseal.ts';
import { uniqueSecrets } from './values.ts';

/** Reads the controller's private key (PKCS#1 or PKCS#8 PEM), as kubeseal's `--recovery-private-key` does. */
export async function readPrivateKey(file: string): Promise<KeyObject> {
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (cause) {
    throw new UserError(`${file}: cannot read the private key: ${(cause as Error).message}`, { cause });
  }
  try {
    return createPrivateKey(pem);
  } catch (cause) {
    throw new UserError(`${file}: not a PEM private key: ${(cause as Error).message}`, { cause });
  }
}

/**
 * `secrets verify --private-key FILE`: unseals every planned SealedSecret in the tree as the controller would
 * and compares it with the store (a recovery-style round trip). Prints only names, never values.
 */
export async function runVerify(ctx: SecretsContext, privateKey: KeyObject): Promise<number> {
  const store = await requireStore(ctx.storeFile, ctx.cluster);
  const tree = await readSealedTree(ctx.deployRoot);
  const byId = new Map(
    tree.sealed.map((t) => [`${t.object.metadata.namespace ?? ''}/${t.object.metadata.name}`, t]),
  );
  const problems: string[] = [];
  let ok = 0;
  for (const s of uniqueSecrets(ctx.secrets)) {
    const id = secretId(s);
    const sealed = byId.get(id);
    if (!sealed) {
      problems.push(`${id}: not in the tree`);
      continue;
    }
    let values: Record<string, string>;
    try {
      values = unsealObject(privateKey, sealed.object);
    } catch (e) {
      problems.push(`${id} (${sealed.path}): ${(e as Error).message}`);
      continue;
    }
    for (const key of Object.keys(s.keys).sort()) {
      if (values[key] === undefined) problems.push(`${id}/${key}: not sealed`);
      else if (values[key] !== store.secrets[id]?.keys[key]?.value)
        problems.push(`${id}/${key}: differs from the store`);
      else ok++;
    }
  }
  for (const p of problems) ctx.io.stdout(`${p}\n`);
  ctx.io.stdout(`${ok} values decrypt to the store's values, ${problems.length} problems\n`);
  return problems.length ? 1 : 0;
}
