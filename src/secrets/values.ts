import { UserError } from '../errors.ts';
import type { PlannedSecret } from '../plan/types.ts';
import type { SecretFormat } from '../services/types.ts';
import { resolveTemplate } from './compose.ts';
import { generateValue, isGenerated } from './generate.ts';
import { secretId } from './paths.ts';
import type { RandomBytes } from './seal.ts';
import type { Store, StoredSecret } from './store.ts';

/** What changed in the store: `namespace/name/key` entries. */
export interface ValueChanges {
  store: Store;
  created: string[];
  rotated: string[];
  /** External values nobody supplied yet (`shai secrets set`). */
  missing: string[];
}

/** The plan's secrets merged by `namespace/name` (several services may consume one Secret), sorted. */
export function uniqueSecrets(secrets: readonly PlannedSecret[]): PlannedSecret[] {
  const byId = new Map<string, PlannedSecret>();
  for (const s of secrets) {
    const prev = byId.get(secretId(s));
    byId.set(
      secretId(s),
      prev ? { ...prev, keys: { ...prev.keys, ...s.keys }, admin: prev.admin || s.admin } : s,
    );
  }
  return [...byId.keys()].sort().map((id) => byId.get(id)!);
}

function clone(store: Store): Store {
  return structuredClone(store);
}

function entry(store: Store, s: PlannedSecret): StoredSecret {
  const id = secretId(s);
  store.secrets[id] ??= { namespace: s.namespace, name: s.name, keys: {} };
  return store.secrets[id]!;
}

function set(
  stored: StoredSecret,
  key: string,
  value: string,
  now: string,
  out: ValueChanges,
  id: string,
): void {
  const prev = stored.keys[key];
  if (prev?.value === value) return;
  stored.keys[key] = prev ? { ...prev, value, rotatedAt: now, sealed: undefined } : { value, createdAt: now };
  (prev ? out.rotated : out.created).push(`${id}/${key}`);
}

/** Composed values follow what they are made of: recomputed whenever a referenced value exists. */
function recomputeComposed(secrets: PlannedSecret[], out: ValueChanges, now: string): void {
  const lookup = (r: { namespace: string; name: string; key: string }) =>
    out.store.secrets[`${r.namespace}/${r.name}`]?.keys[r.key]?.value;
  // Composed values may reference composed values: iterate until nothing changes (bounded against cycles).
  for (let pass = 0; pass <= secrets.length; pass++) {
    const before = out.created.length + out.rotated.length;
    for (const s of secrets) {
      for (const [key, format] of Object.entries(s.keys)) {
        if (format.kind !== 'composed') continue;
        const value = resolveTemplate(format.template, s, lookup);
        if (value !== undefined) set(entry(out.store, s), key, value, now, out, secretId(s));
      }
    }
    if (out.created.length + out.rotated.length === before) return;
  }
}

function shouldDraw(format: SecretFormat, exists: boolean, force: boolean): boolean {
  if (format.kind === 'fixed') return true;
  return isGenerated(format) && (force || !exists);
}

/** `secrets generate`: fills missing values (all generated ones with `force`); composed values follow. */
export function fillStore(
  store: Store,
  planned: readonly PlannedSecret[],
  opts: { force: boolean; now: Date; randomBytes: RandomBytes },
): ValueChanges {
  const out: ValueChanges = { store: clone(store), created: [], rotated: [], missing: [] };
  const now = opts.now.toISOString();
  const secrets = uniqueSecrets(planned);
  for (const s of secrets) {
    const stored = entry(out.store, s);
    for (const [key, format] of Object.entries(s.keys)) {
      if (shouldDraw(format, key in stored.keys, opts.force)) {
        set(stored, key, generateValue(format, opts.randomBytes), now, out, secretId(s));
      }
    }
  }
  recomputeComposed(secrets, out, now);
  for (const s of secrets) {
    for (const key of Object.keys(s.keys))
      if (!(key in out.store.secrets[secretId(s)]!.keys)) out.missing.push(`${secretId(s)}/${key}`);
  }
  return out;
}

/** `secrets rotate`: new values for the selected secrets' generated keys; composed values anywhere follow. */
export function rotateValues(
  store: Store,
  planned: readonly PlannedSecret[],
  selected: ReadonlySet<string>,
  opts: { now: Date; randomBytes: RandomBytes },
): ValueChanges {
  const out: ValueChanges = { store: clone(store), created: [], rotated: [], missing: [] };
  const now = opts.now.toISOString();
  const secrets = uniqueSecrets(planned);
  for (const s of secrets.filter((x) => selected.has(secretId(x)))) {
    const stored = out.store.secrets[secretId(s)];
    if (!stored) throw new UserError(`${secretId(s)} has no values yet: run \`shai secrets generate\` first`);
    for (const [key, format] of Object.entries(s.keys)) {
      if (isGenerated(format))
        set(stored, key, generateValue(format, opts.randomBytes), now, out, secretId(s));
    }
  }
  recomputeComposed(secrets, out, now);
  return out;
}

/** The latest rotation time among a secret's values, for the rotated-at annotation. */
export function lastRotation(stored: StoredSecret | undefined): string | undefined {
  const times = Object.values(stored?.keys ?? {}).flatMap((k) => (k.rotatedAt ? [k.rotatedAt] : []));
  return times.sort().at(-1);
}
