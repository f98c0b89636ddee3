import type { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { UserError } from '../errors.ts';
import type { KubeObject } from '../k8s/object.ts';
import { toYaml } from '../k8s/yaml.ts';
import type { SecretsContext } from './actions.ts';
import { readSealedTree } from './files.ts';
import { keyList, readPrivateKeys } from './keys.ts';
import { secretId } from './paths.ts';
import { requireStore, writePrivateFile } from './store.ts';
import { unsealObject } from './unseal.ts';
import { uniqueSecrets } from './values.ts';

/** Reads `--private-key FILE`: a PEM key, or a key Secret/List as `backup-key` writes it. */
export async function loadPrivateKeys(file: string): Promise<KeyObject[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new UserError(`${file}: cannot read the private key: ${(cause as Error).message}`, { cause });
  }
  return readPrivateKeys(text, file);
}

/** Unseals with the first key that works, as the controller tries every key it holds. */
function unsealWithAny(keys: KeyObject[], sealed: KubeObject): Record<string, string> {
  let last: unknown;
  for (const key of keys) {
    try {
      return unsealObject(key, sealed);
    } catch (e) {
      last = e;
    }
  }
  throw last;
}

/**
 * `secrets verify --private-key FILE`: unseals every planned SealedSecret in the tree as the controller would
 * and compares it with the store (a recovery-style round trip). Prints only names, never values.
 */
export async function runVerify(ctx: SecretsContext, keys: KeyObject[]): Promise<number> {
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
      values = unsealWithAny(keys, sealed.object);
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

/**
 * `secrets backup-key`: saves the controller's key Secrets (fetched by the caller) to a 0600 file outside the
 * tree. Without them, a rebuilt cluster cannot decrypt anything in git; restore with `kubectl apply -f FILE`
 * before the controller starts.
 */
export async function runBackupKey(ctx: SecretsContext, secrets: KubeObject[], out: string): Promise<number> {
  if (!relative(ctx.deployRoot, out).startsWith('..')) {
    throw new UserError(`${out}: refusing to write private keys inside the deploy tree ${ctx.deployRoot}`);
  }
  await writePrivateFile(out, toYaml(keyList(secrets)));
  ctx.io.stdout(
    `${out}: ${secrets.length} sealing keys saved (mode 0600); keep it with the secret store, never in git\n`,
  );
  return 0;
}
