import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/command.ts';
import { UserError } from '../../src/errors.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { readTree } from '../../src/render/write.ts';
import {
  runExport,
  runGenerate,
  runRotate,
  runSeal,
  runSet,
  runStatus,
  type SecretsContext,
} from '../../src/secrets/actions.ts';
import { parseCert } from '../../src/secrets/cert.ts';
import { secretChecksum } from '../../src/secrets/checksum.ts';
import { sealedSecretPath } from '../../src/secrets/paths.ts';
import { readStore, requireStore } from '../../src/secrets/store.ts';
import { unsealObject } from '../../src/secrets/unseal.ts';
import { runVerify } from '../../src/secrets/verify.ts';
import { fixture, sampleSecrets, sampleWithExternal, testPrivateKey } from './helpers.ts';

let dir: string;
let out: string[];
let err: string[];
let clock: Date;

function context(overrides: Partial<SecretsContext> = {}): SecretsContext {
  const io: Io = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    isTTY: false,
    env: {},
    cwd: dir,
    now: () => clock,
  };
  return {
    cluster: 'home',
    secrets: sampleSecrets(),
    deployRoot: join(dir, 'deploy'),
    storeFile: join(dir, 'cfg', 'home.json'),
    io,
    randomBytes,
    loadCert: async () => parseCert(fixture('controller-cert.pem'), 'controller-cert.pem', clock),
    ...overrides,
  };
}

async function snapshot(): Promise<Map<string, string>> {
  return readTree(dir);
}

async function sealedObject(ctx: SecretsContext, name: string): Promise<KubeObject> {
  const s = ctx.secrets.find((x) => x.name === name)!;
  return parse(await readFile(join(ctx.deployRoot, sealedSecretPath(s)), 'utf8')) as KubeObject;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shai-secrets-'));
  out = [];
  err = [];
  clock = new Date('2030-01-01T00:00:00Z');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('generate and seal', () => {
  it('seals every secret where the plan puts it, unsealable to the stored values, with no value in the tree', async () => {
    const ctx = context();
    expect(await runGenerate(ctx, { force: false })).toBe(0);
    expect(await runSeal(ctx, {})).toBe(0);
    const store = await requireStore(ctx.storeFile);
    for (const s of ctx.secrets) {
      const obj = await sealedObject(ctx, s.name);
      expect(obj.metadata.namespace).toBe(s.namespace);
      const values = Object.fromEntries(
        Object.entries(store.secrets[`${s.namespace}/${s.name}`]!.keys).map(([k, v]) => [k, v.value]),
      );
      expect(unsealObject(testPrivateKey(), obj)).toEqual(values);
    }
    const tree = await readTree(ctx.deployRoot);
    const values = Object.values(store.secrets).flatMap((s) => Object.values(s.keys).map((k) => k.value));
    // fixed values such as user names are not secret; every generated one must be absent from every file
    for (const value of values.filter((v) => v.length >= 16)) {
      for (const [path, text] of tree)
        expect(text.includes(value), `${path} contains a store value`).toBe(false);
    }
  });

  it('does not reseal unchanged values, so a second run writes nothing', async () => {
    const ctx = context();
    await runGenerate(ctx, { force: false });
    await runSeal(ctx, {});
    const before = await readTree(ctx.deployRoot);
    out = [];
    await runSeal(ctx, {});
    expect(out[0]).toBe(`sealed 0 values; 0 files written under ${ctx.deployRoot}\n`);
    expect(await readTree(ctx.deployRoot)).toEqual(before);
  });

  it('reseals when the scope changes, writing the scope annotation', async () => {
    const ctx = context();
    await runGenerate(ctx, { force: false });
    await runSeal(ctx, {});
    await runSeal(ctx, { scope: 'namespace-wide' });
    const obj = await sealedObject(ctx, 'keycloak-admin');
    expect(obj.metadata.annotations?.['sealedsecrets.bitnami.com/namespace-wide']).toBe('true');
    expect(unsealObject(testPrivateKey(), obj).username).toBe('admin');
  });

  it('skips a secret whose external value is missing until the user sets it', async () => {
    const ctx = context({ secrets: sampleWithExternal() });
    await runGenerate(ctx, { force: false });
    expect(err.join('')).toContain('shai secrets set arc-runners/github-app privateKey');
    expect(await runSeal(ctx, {})).toBe(1);
    expect(err.join('')).toContain('not sealed: arc-runners/github-app has missing values');
    await runSet(ctx, 'arc-runners/github-app', 'privateKey', '-----BEGIN RSA PRIVATE KEY-----\nabc\n');
    expect(await runSeal(ctx, {})).toBe(0);
    expect(unsealObject(testPrivateKey(), await sealedObject(ctx, 'github-app'))).toEqual({
      privateKey: '-----BEGIN RSA PRIVATE KEY-----\nabc',
    });
  });
});

describe('rotate', () => {
  it('rotates one service, composed values follow, and only their files and checksums change', async () => {
    const ctx = context();
    await runGenerate(ctx, { force: false });
    await runSeal(ctx, {});
    const before = await readTree(ctx.deployRoot);
    const storeBefore = await requireStore(ctx.storeFile);
    clock = new Date('2030-02-01T00:00:00Z');
    expect(await runRotate(ctx, { service: 'litellm', all: false })).toBe(0);
    const after = await readTree(ctx.deployRoot);
    const changed = [...after.keys()].filter((p) => after.get(p) !== before.get(p)).sort();
    expect(changed).toEqual([
      'services/litellm/sealedsecret-litellm-db.yaml',
      'services/litellm/sealedsecret-litellm-master-key.yaml',
      'services/oauth2-proxy/sealedsecret-oauth2-proxy.yaml',
    ]);
    const obj = await sealedObject(ctx, 'litellm-master-key');
    expect(
      (obj.spec as { template: { metadata: { annotations: Record<string, string> } } }).template.metadata
        .annotations['shai.dev/rotated-at'],
    ).toBe('2030-02-01T00:00:00.000Z');
    const store = await requireStore(ctx.storeFile);
    expect(unsealObject(testPrivateKey(), obj).masterKey).toBe(
      store.secrets['ai/litellm-master-key']!.keys.masterKey!.value,
    );
    const plan = { secrets: ctx.secrets };
    expect(secretChecksum(plan, 'litellm', store)).not.toBe(secretChecksum(plan, 'litellm', storeBefore));
    expect(secretChecksum(plan, 'oauth2-proxy', store)).not.toBe(
      secretChecksum(plan, 'oauth2-proxy', storeBefore),
    );
    expect(secretChecksum(plan, 'keycloak', store)).toBe(secretChecksum(plan, 'keycloak', storeBefore));
    expect(secretChecksum(plan, 'ollama-gpu', store)).toBeUndefined();
  });
});

describe('bad input: one clear error, nothing written', () => {
  async function expectUnchanged(run: () => Promise<unknown>, message: RegExp | string) {
    const before = await snapshot();
    await expect(run()).rejects.toThrow(UserError);
    await expect(run()).rejects.toThrow(message);
    expect(await snapshot()).toEqual(before);
  }

  it('refuses to seal without a store', async () => {
    const ctx = context();
    await expectUnchanged(() => runSeal(ctx, {}), 'no secret store: run `shai secrets generate` first');
  });

  it('refuses an expired certificate', async () => {
    const ctx = context({
      loadCert: async () => parseCert(fixture('cert-expired-fails.pem'), 'expired.pem', clock),
    });
    await runGenerate(ctx, { force: false });
    await expectUnchanged(() => runSeal(ctx, {}), /expired.pem: certificate expired on 2021-01-01/);
    await expectUnchanged(() => runRotate(ctx, { all: true }), /certificate expired/);
  });

  it('refuses a missing certificate file', async () => {
    const ctx = context({
      loadCert: async () => {
        throw new UserError('missing.pem: cannot read the certificate');
      },
    });
    await runGenerate(ctx, { force: false });
    await expectUnchanged(() => runSeal(ctx, {}), 'missing.pem: cannot read the certificate');
  });

  it('refuses an unknown service and a rotate without a selection', async () => {
    const ctx = context();
    await runGenerate(ctx, { force: false });
    await runSeal(ctx, {});
    await expectUnchanged(
      () => runRotate(ctx, { service: 'nope', all: false }),
      'unknown service "nope" (services with secrets: keycloak, litellm, oauth2-proxy, searxng)',
    );
    await expectUnchanged(() => runRotate(ctx, { all: false }), 'pass --service NAME or --all');
  });

  it('refuses a store written by a newer version', async () => {
    const ctx = context();
    await mkdir(join(dir, 'cfg'));
    await writeFile(ctx.storeFile, JSON.stringify({ version: 7, cluster: 'home', secrets: {} }));
    await expectUnchanged(() => runGenerate(ctx, { force: false }), /has version 7, written by a newer shai/);
    await expectUnchanged(() => runSeal(ctx, {}), /has version 7/);
  });

  it('refuses the store of another cluster', async () => {
    await runGenerate(context(), { force: false });
    await expectUnchanged(
      () => runSeal(context({ cluster: 'lab' }), {}),
      /belongs to cluster "home", not "lab"/,
    );
  });

  it('refuses to set a value for an unknown secret or of the wrong format', async () => {
    const ctx = context();
    await expectUnchanged(() => runSet(ctx, 'ai/nope', 'k', 'v'), /unknown secret "ai\/nope"/);
    await expectUnchanged(
      () => runSet(ctx, 'ai/litellm-master-key', 'masterKey', 'not-a-key'),
      /does not match its format \(api-key\)/,
    );
  });
});

describe('status', () => {
  it('passes a freshly sealed platform and flags old, unsealed and unconsumed secrets', async () => {
    const ctx = context();
    await runGenerate(ctx, { force: false });
    await runSeal(ctx, {});
    out = [];
    expect(
      await runStatus(ctx, { maxAgeDays: 30, failOn: 'warning', format: 'text', version: '0.0.0' }),
    ).toBe(0);
    expect(out.join('')).toMatch(/^auth\/keycloak-admin +password,username +strict +0d +keycloak$/m);
    expect(out.join('')).toMatch(/^5 secrets, 0 problems$/m);
    await rm(join(ctx.deployRoot, 'services/searxng/sealedsecret-searxng.yaml'));
    await mkdir(join(ctx.deployRoot, 'services/old'), { recursive: true });
    await writeFile(
      join(ctx.deployRoot, 'services/old/sealedsecret-gone.yaml'),
      'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: gone\n  namespace: ai\nspec:\n  encryptedData: {}\n',
    );
    clock = new Date('2030-03-01T00:00:00Z');
    out = [];
    expect(await runStatus(ctx, { maxAgeDays: 30, failOn: 'error', format: 'json', version: '0.0.0' })).toBe(
      1,
    );
    const report = JSON.parse(out.join(''));
    const failed = report.findings
      .filter((f: { status: string }) => f.status === 'fail')
      .map((f: { rule: string; target: { name: string } }) => `${f.rule} ${f.target.name}`);
    expect(failed.sort()).toEqual([
      'sealed-secret-unused gone',
      'secret-not-sealed searxng',
      'secret-too-old keycloak-admin',
      'secret-too-old litellm-db',
      'secret-too-old litellm-master-key',
      'secret-too-old oauth2-proxy',
      'secret-too-old searxng',
    ]);
    expect(
      await runStatus(ctx, { maxAgeDays: 365, failOn: 'warning', format: 'text', version: '0.0.0' }),
    ).toBe(1);
    // rotating resets the age even though fixed values (user names) keep their creation time
    await runRotate(ctx, { all: true });
    out = [];
    await runStatus(ctx, { maxAgeDays: 30, failOn: 'warning', format: 'json', version: '0.0.0' });
    const tooOld = JSON.parse(out.join('')).findings.filter(
      (f: { rule: string; status: string }) => f.rule === 'secret-too-old' && f.status === 'fail',
    );
    expect(tooOld).toEqual([]);
  });
});

describe('export', () => {
  it('prints the admin credentials only', async () => {
    const ctx = context();
    await runGenerate(ctx, { force: false });
    out = [];
    await runExport(ctx);
    const store = await readStore(ctx.storeFile);
    const pw = store!.secrets['auth/keycloak-admin']!.keys.password!.value;
    expect(out.join('')).toBe(`# auth/keycloak-admin (keycloak)\npassword: "${pw}"\nusername: "admin"\n`);
  });
});

describe('verify (recovery round trip)', () => {
  it('decrypts every sealed value to the store value, and reports a tampered or foreign file', async () => {
    const ctx = context();
    await runGenerate(ctx, { force: false });
    await runSeal(ctx, {});
    out = [];
    expect(await runVerify(ctx, [testPrivateKey()])).toBe(0);
    const total = ctx.secrets.reduce((n, s) => n + Object.keys(s.keys).length, 0);
    expect(out.join('')).toBe(`${total} values decrypt to the store's values, 0 problems\n`);
    // a strict SealedSecret copied under another name must not decrypt
    const file = join(ctx.deployRoot, 'services/searxng/sealedsecret-searxng.yaml');
    const other = await readFile(
      join(ctx.deployRoot, 'services/keycloak/sealedsecret-keycloak-admin.yaml'),
      'utf8',
    );
    await writeFile(
      file,
      other.replaceAll('keycloak-admin', 'searxng').replaceAll('namespace: auth', 'namespace: ai'),
    );
    out = [];
    expect(await runVerify(ctx, [testPrivateKey()])).toBe(1);
    expect(out.join('')).toContain(
      'ai/searxng (services/searxng/sealedsecret-searxng.yaml): cannot decrypt the session key',
    );
  });
});

describe('seal never writes what it does not own, nor half of what it does', () => {
  /** Every entry under `dir` (files with content, symlinks as such), to show nothing changed. */
  async function everything(): Promise<string[]> {
    const { readdir, lstat, readlink } = await import('node:fs/promises');
    const outAll: string[] = [];
    const walk = async (d: string, rel: string) => {
      for (const name of (await readdir(d)).sort()) {
        const p = join(d, name);
        const r = rel ? `${rel}/${name}` : name;
        const info = await lstat(p);
        if (info.isSymbolicLink()) outAll.push(`${r} -> ${await readlink(p)}`);
        else if (info.isDirectory()) await walk(p, r);
        else outAll.push(`${r}: ${await readFile(p, 'utf8')}`);
      }
    };
    await walk(dir, '');
    return outAll;
  }

  it('refuses a file of the user at a path it would seal to, before writing any file or the store', async () => {
    const ctx = context();
    await runGenerate(ctx, { force: false });
    const [, second] = ctx.secrets;
    await mkdir(join(ctx.deployRoot, sealedSecretPath(second!), '..'), { recursive: true });
    await writeFile(join(ctx.deployRoot, sealedSecretPath(second!)), 'my notes\n');
    const before = await everything();
    await expect(runSeal(ctx, {})).rejects.toThrow(
      `${join(ctx.deployRoot, sealedSecretPath(second!))}: holds something other than a SealedSecret`,
    );
    expect(await everything()).toEqual(before);
  });

  it('never writes through a symlink inside the tree (it could lead out of the repository)', async () => {
    const ctx = context();
    await runGenerate(ctx, { force: false });
    const outside = join(dir, 'outside');
    await mkdir(outside);
    await mkdir(ctx.deployRoot);
    const { symlink } = await import('node:fs/promises');
    await symlink(outside, join(ctx.deployRoot, 'services'));
    await expect(runSeal(ctx, {})).rejects.toThrow(
      /services: is a symlink; shai secrets seal writes no file/,
    );
    expect(await readTree(outside)).toEqual(new Map());
  });

  it('staged files replace nothing until commit; abort removes them and the directories made for them', async () => {
    const { stageSealedFiles } = await import('../../src/secrets/files.ts');
    const { sealSecrets } = await import('../../src/secrets/seal-tree.ts');
    const ctx = context();
    await runGenerate(ctx, { force: false });
    const result = sealSecrets({
      secrets: ctx.secrets,
      store: await requireStore(ctx.storeFile),
      cert: await ctx.loadCert(),
      existing: new Map(),
      randomBytes,
    });
    const before = await everything();
    const staged = await stageSealedFiles(ctx.deployRoot, result.files, new Map(), new Set());
    expect(staged.paths.length).toBe(result.files.length);
    expect(
      await readTree(ctx.deployRoot).then((t) => [...t.keys()].filter((p) => !p.endsWith('.tmp'))),
    ).toEqual([]);
    await staged.abort();
    expect(await everything()).toEqual(before);
    const again = await stageSealedFiles(ctx.deployRoot, result.files, new Map(), new Set());
    await again.commit();
    expect([...(await readTree(ctx.deployRoot)).keys()].sort()).toEqual(
      result.files.map((f) => f.path).sort(),
    );
  });
});
