import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { emptyStore, readStore, requireStore, storePath, writeStore } from '../../src/secrets/store.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shai-store-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('store location', () => {
  it('prefers --store, then SHAI_SECRETS_STORE, then XDG_CONFIG_HOME, then ~/.config', () => {
    expect(storePath('home', { SHAI_SECRETS_STORE: '/e.json', HOME: '/h' }, '/flag.json')).toBe('/flag.json');
    expect(storePath('home', { SHAI_SECRETS_STORE: '/e.json', HOME: '/h' })).toBe('/e.json');
    expect(storePath('home', { XDG_CONFIG_HOME: '/x', HOME: '/h' })).toBe('/x/shai/secrets/home.json');
    expect(storePath('home', { HOME: '/h' })).toBe('/h/.config/shai/secrets/home.json');
    expect(() => storePath('home', {})).toThrow(UserError);
  });
});

describe('store file', () => {
  it('is written with mode 0600 in a 0700 directory, atomically (no temp file left)', async () => {
    const file = join(dir, 'cfg', 'shai', 'home.json');
    const store = emptyStore('home');
    store.secrets['ai/x'] = {
      namespace: 'ai',
      name: 'x',
      keys: { k: { value: 'v', createdAt: '2026-01-01T00:00:00.000Z' } },
    };
    await writeStore(file, store);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'cfg', 'shai'))).mode & 0o777).toBe(0o700);
    expect(await readdir(join(dir, 'cfg', 'shai'))).toEqual(['home.json']);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ version: 1, cluster: 'home' });
    expect(await readStore(file)).toEqual(store);
  });

  it('reads a missing file as undefined, and requireStore says how to create it', async () => {
    const file = join(dir, 'none.json');
    expect(await readStore(file)).toBeUndefined();
    await expect(requireStore(file)).rejects.toThrow(
      `${file}: no secret store: run \`shai secrets generate\` first`,
    );
  });

  it('names the file when the JSON is corrupt', async () => {
    const file = join(dir, 'corrupt.json');
    await writeFile(file, '{"version": 1, "secrets": {');
    await expect(readStore(file)).rejects.toThrow(new RegExp(`^${file}: the secret store is not valid JSON`));
  });

  it('refuses a store written by a newer version', async () => {
    const file = join(dir, 'newer.json');
    await writeFile(file, JSON.stringify({ version: 2, cluster: 'home', secrets: {}, extra: true }));
    await expect(readStore(file)).rejects.toThrow(
      `${file}: the secret store has version 2, written by a newer shai; this one reads version 1`,
    );
  });

  it('refuses a file that is not a store', async () => {
    const file = join(dir, 'other.json');
    await writeFile(
      file,
      JSON.stringify({ version: 1, cluster: 'home', secrets: { 'a/b': { namespace: 'a' } } }),
    );
    await expect(readStore(file)).rejects.toThrow(/not a shai secret store: secrets\.a\/b\.name/);
  });
});
