import { cp, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderCommand } from '../../../src/cli/commands/render.ts';
import { secretsCommand } from '../../../src/cli/commands/secrets.ts';
import { main } from '../../../src/cli/main.ts';
import { loadPlatform } from '../../../src/cli/platform.ts';
import type { KubeObject } from '../../../src/k8s/object.ts';
import { readTree } from '../../../src/render/write.ts';
import { matchesFormat } from '../../../src/secrets/generate.ts';
import { sealedSecretPath, secretId } from '../../../src/secrets/paths.ts';
import { requireStore } from '../../../src/secrets/store.ts';
import { unsealObject } from '../../../src/secrets/unseal.ts';
import { uniqueSecrets } from '../../../src/secrets/values.ts';
import { ROOT, captureIo } from '../../helpers/cli.ts';
import { FIXTURES, testPrivateKey } from '../../secrets/helpers.ts';

const CERT = join(FIXTURES, 'controller-cert.pem');
const NOW = new Date('2030-01-01T00:00:00Z');
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shai-secrets-cli-'));
  await cp(join(ROOT, 'platform.yaml'), join(dir, 'platform.yaml'));
  // start from the repository's committed tree when there is one, so the search below covers it too
  await cp(join(ROOT, 'deploy'), join(dir, 'deploy'), { recursive: true }).catch(() => undefined);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function shai(...argv: string[]) {
  const io = captureIo({
    cwd: dir,
    now: () => NOW,
    env: { SHAI_SECRETS_STORE: join(dir, 'store', 'home.json') },
  });
  const code = await main(argv, io, [secretsCommand]);
  return { code, out: io.out(), err: io.err() };
}

describe('shai secrets on the default platform', () => {
  it('generates every value to its format in a 0600 store, seals them, and leaves no value in deploy/', async () => {
    expect((await shai('secrets', 'generate')).code).toBe(0);
    const { plan } = await loadPlatform({ config: 'platform.yaml' }, { cwd: dir });
    const storeFile = join(dir, 'store', 'home.json');
    expect((await stat(storeFile)).mode & 0o777).toBe(0o600);
    const store = await requireStore(storeFile);
    for (const s of uniqueSecrets(plan.secrets)) {
      for (const [key, format] of Object.entries(s.keys)) {
        const value = store.secrets[secretId(s)]?.keys[key]?.value;
        if (format.kind === 'external') continue;
        expect(value !== undefined && matchesFormat(value, format), `${secretId(s)}/${key}`).toBe(true);
      }
    }
    const sealed = await shai('secrets', 'seal', '--cert', CERT);
    expect(sealed.code, sealed.err).toBe(
      plan.secrets.some((s) => Object.values(s.keys).some((f) => f.kind === 'external')) ? 1 : 0,
    );
    for (const s of uniqueSecrets(plan.secrets)) {
      if (Object.values(s.keys).some((f) => f.kind === 'external')) continue;
      const obj = parse(await readFile(join(dir, 'deploy', sealedSecretPath(s)), 'utf8')) as KubeObject;
      expect(obj.metadata.namespace).toBe(s.namespace);
      const values = unsealObject(testPrivateKey(), obj);
      for (const key of Object.keys(s.keys))
        expect(values[key]).toBe(store.secrets[secretId(s)]!.keys[key]!.value);
    }
    const tree = await readTree(join(dir, 'deploy'));
    const generated = uniqueSecrets(plan.secrets).flatMap((s) =>
      Object.entries(s.keys)
        .filter(([, f]) => f.kind !== 'fixed')
        .flatMap(([k]) => store.secrets[secretId(s)]?.keys[k]?.value ?? []),
    );
    expect(generated.length).toBeGreaterThan(0);
    for (const value of generated) {
      for (const [path, text] of tree)
        expect(text.includes(value), `${path} holds a store value`).toBe(false);
    }
  });

  it('prints only admin credentials on export', async () => {
    await shai('secrets', 'generate');
    const { plan } = await loadPlatform({ config: 'platform.yaml' }, { cwd: dir });
    const run = await shai('secrets', 'export');
    const admins = uniqueSecrets(plan.secrets)
      .filter((s) => s.admin)
      .map(secretId);
    expect(run.out.match(/^# \S+/gm)?.map((l) => l.slice(2))).toEqual(admins);
  });

  it('refuses bad input with one line and exit 2', async () => {
    const noStore = await shai('secrets', 'seal', '--cert', CERT);
    expect(noStore).toMatchObject({ code: 2 });
    expect(noStore.err).toMatch(
      /home.json: no secret store: run `shai secrets generate` first \(or pass --store FILE\)\n$/,
    );
    await shai('secrets', 'generate');
    for (const argv of [
      ['secrets', 'seal', '--cert', join(FIXTURES, 'cert-expired-fails.pem')],
      ['secrets', 'seal', '--cert', join(dir, 'missing.pem')],
      ['secrets', 'seal', '--cert', CERT, '--scope', 'galaxy'],
      ['secrets', 'rotate', '--service', 'nope', '--cert', CERT],
      ['secrets', 'status', '--max-age', 'soon'],
    ]) {
      const before = await readTree(dir);
      const run = await shai(...argv);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.err.split('\n'), argv.join(' ')).toHaveLength(2);
      expect(await readTree(dir), argv.join(' ')).toEqual(before);
    }
  });

  it('status is a CI gate: exit 1 at --fail-on error while nothing is sealed', async () => {
    await shai('secrets', 'generate');
    expect((await shai('secrets', 'status')).code).toBe(1);
    await shai('secrets', 'seal', '--cert', CERT);
    const { plan } = await loadPlatform({ config: 'platform.yaml' }, { cwd: dir });
    const external = plan.secrets.some((s) => Object.values(s.keys).some((f) => f.kind === 'external'));
    expect((await shai('secrets', 'status', '--fail-on', 'error')).code).toBe(external ? 1 : 0);
  });

  it('leaves the tree consistent after seal and rotate: render --check passes without a manual render', async () => {
    const render = async () => {
      const io = captureIo({ cwd: dir, now: () => NOW });
      const code = await main(['render', '--check'], io, [renderCommand]);
      return { code, out: io.out() };
    };
    expect((await render()).code).toBe(0);
    await shai('secrets', 'generate');
    const sealed = await shai('secrets', 'seal', '--cert', CERT);
    expect(sealed.out.trim().split('\n').at(-1)).toMatch(/^re-rendered .*deploy: \d+ more files changed/);
    expect(sealed.out).toMatch(/services\/litellm\/deployment-litellm\.yaml/);
    expect(await render()).toMatchObject({ code: 0 });
    const rotated = await shai('secrets', 'rotate', '--service', 'litellm', '--cert', CERT);
    expect(rotated.out).toMatch(/services\/litellm\/deployment-litellm\.yaml/);
    expect(await render()).toMatchObject({ code: 0 });
    const again = await shai('secrets', 'seal', '--cert', CERT);
    expect(again.out.trim().split('\n').at(-1)).toMatch(/^re-rendered .*deploy: nothing else changed$/);
  });
});
