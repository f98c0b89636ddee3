import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { UserError } from '../errors.ts';

/** The store format this version of shai reads and writes. */
export const STORE_VERSION = 1;

const StoredKey = z.object({
  value: z.string(),
  createdAt: z.string(),
  rotatedAt: z.string().optional(),
  /** What was last sealed: hashes of the input (value, cert, scope, target) and of the ciphertext written. */
  sealed: z.object({ input: z.string(), output: z.string() }).optional(),
});

const StoredSecret = z.object({
  namespace: z.string(),
  name: z.string(),
  keys: z.record(z.string(), StoredKey),
});

const StoreSchema = z.object({
  version: z.literal(STORE_VERSION),
  cluster: z.string(),
  secrets: z.record(z.string(), StoredSecret),
});

/** One value in the store, with when it was created and last rotated. */
export type StoredKey = z.infer<typeof StoredKey>;
/** A secret's values, keyed by `namespace/name` in the store. */
export type StoredSecret = z.infer<typeof StoredSecret>;
/** The secret store: every generated or supplied value of one cluster. Never inside the repository. */
export type Store = z.infer<typeof StoreSchema>;

/** A new, empty store for a cluster. */
export function emptyStore(cluster: string): Store {
  return { version: STORE_VERSION, cluster, secrets: {} };
}

/** `--store FILE`, else SHAI_SECRETS_STORE, else `$XDG_CONFIG_HOME/shai/secrets/<cluster>.json` (~/.config by default). */
export function storePath(cluster: string, env: Record<string, string | undefined>, flag?: string): string {
  if (flag) return flag;
  if (env.SHAI_SECRETS_STORE) return env.SHAI_SECRETS_STORE;
  const base = env.XDG_CONFIG_HOME || (env.HOME ? join(env.HOME, '.config') : undefined);
  if (!base)
    throw new UserError(
      'cannot place the secret store: set HOME, XDG_CONFIG_HOME or SHAI_SECRETS_STORE, or pass --store FILE',
    );
  return join(base, 'shai', 'secrets', `${cluster}.json`);
}

/** Reads a store; undefined when the file does not exist. Corrupt or newer files are a UserError naming the file. */
export async function readStore(path: string, cluster?: string): Promise<Store | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UserError(`${path}: cannot read the secret store: ${(cause as Error).message}`, { cause });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new UserError(`${path}: the secret store is not valid JSON (${(cause as Error).message})`, {
      cause,
    });
  }
  const version = (data as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > STORE_VERSION) {
    throw new UserError(
      `${path}: the secret store has version ${version}, written by a newer shai; this one reads version ${STORE_VERSION}`,
    );
  }
  const parsed = StoreSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(
      `${path}: not a shai secret store: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    );
  }
  if (cluster !== undefined && parsed.data.cluster !== cluster) {
    throw new UserError(
      `${path}: this secret store belongs to cluster "${parsed.data.cluster}", not "${cluster}"`,
    );
  }
  return parsed.data;
}

/** Reads a store that must exist (seal, rotate, status, export). */
export async function requireStore(path: string, cluster?: string): Promise<Store> {
  const store = await readStore(path, cluster);
  if (!store)
    throw new UserError(
      `${path}: no secret store: run \`shai secrets generate\` first (or pass --store FILE)`,
    );
  return store;
}

function sortedStore(store: Store): Store {
  const secrets = Object.keys(store.secrets)
    .sort()
    .map((id) => {
      const s = store.secrets[id]!;
      const keys = Object.fromEntries(
        Object.keys(s.keys)
          .sort()
          .map((k) => [k, s.keys[k]!]),
      );
      return [id, { namespace: s.namespace, name: s.name, keys }] as const;
    });
  return { version: store.version, cluster: store.cluster, secrets: Object.fromEntries(secrets) };
}

/** Writes a file only its owner may read (mode 0600, directory 0700), atomically: temp file + rename. */
export async function writePrivateFile(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, text, { mode: 0o600, flag: 'wx' });
    await chmod(tmp, 0o600);
    await rename(tmp, path);
  } catch (cause) {
    await rm(tmp, { force: true });
    throw new UserError(`${path}: cannot write: ${(cause as Error).message}`, { cause });
  }
}

/** Writes the store atomically (temp file + rename), file mode 0600 in a 0700 directory. */
export async function writeStore(path: string, store: Store): Promise<void> {
  await writePrivateFile(path, JSON.stringify(sortedStore(store), null, 2) + '\n');
}
