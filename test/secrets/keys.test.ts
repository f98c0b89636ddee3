import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/command.ts';
import { runGenerate, runSeal, type SecretsContext } from '../../src/secrets/actions.ts';
import { parseCert } from '../../src/secrets/cert.ts';
import { fetchSealingKeys, readPrivateKeys, SEALING_KEY_LABEL } from '../../src/secrets/keys.ts';
import { loadPrivateKeys, runBackupKey, runVerify } from '../../src/secrets/verify.ts';
import { fixture, sampleSecrets } from './helpers.ts';

// The shape `GET /api/v1/namespaces/kube-system/secrets?labelSelector=...` returns (kubectl get secret -o json).
const keySecretList = {
  kind: 'SecretList',
  apiVersion: 'v1',
  metadata: { resourceVersion: '4711' },
  items: [
    {
      metadata: {
        name: 'sealed-secrets-keyx7k2p',
        generateName: 'sealed-secrets-key',
        namespace: 'kube-system',
        uid: '5d0f3c1e-8a4b-4d2e-9b7a-2f1e0c9d8b7a',
        resourceVersion: '812',
        creationTimestamp: '2026-01-01T00:00:00Z',
        labels: { [SEALING_KEY_LABEL]: 'active' },
        managedFields: [{ manager: 'controller', operation: 'Update', apiVersion: 'v1' }],
      },
      data: {
        'tls.crt': Buffer.from(fixture('controller-cert.pem')).toString('base64'),
        'tls.key': Buffer.from(fixture('controller-key.pem')).toString('base64'),
      },
      type: 'kubernetes.io/tls',
    },
  ],
};

let server: Server;
let kc: KubeConfig;
const seen: string[] = [];
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shai-keys-'));
  server = createServer((req, res) => {
    seen.push(req.url ?? '');
    const ok = req.url?.startsWith('/api/v1/namespaces/kube-system/secrets?');
    const empty = req.url?.startsWith('/api/v1/namespaces/empty/secrets?');
    res.writeHead(ok || empty ? 200 : 403, { 'Content-Type': 'application/json' });
    const list = { kind: 'SecretList', apiVersion: 'v1', metadata: {}, items: [] };
    const denied = { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403 };
    res.end(JSON.stringify(ok ? keySecretList : empty ? list : denied));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  kc = new KubeConfig();
  kc.loadFromClusterAndUser(
    {
      name: 'test',
      server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      skipTLSVerify: true,
    },
    { name: 'u', token: 't' },
  );
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await rm(dir, { recursive: true, force: true });
});

function context(): SecretsContext {
  const io: Io = {
    stdout: () => {},
    stderr: () => {},
    isTTY: false,
    env: {},
    cwd: dir,
    now: () => new Date('2030-01-01T00:00:00Z'),
  };
  return {
    cluster: 'home',
    secrets: sampleSecrets(),
    deployRoot: join(dir, 'deploy'),
    storeFile: join(dir, 'cfg', 'home.json'),
    io,
    randomBytes: (n) => Buffer.alloc(n, 7),
    loadCert: async () => parseCert(fixture('controller-cert.pem'), 'cert', new Date('2030-01-01T00:00:00Z')),
  };
}

describe('sealing key backup', () => {
  it('lists the labelled key Secrets and keeps only what a restore needs', async () => {
    const keys = await fetchSealingKeys(kc, 'kube-system');
    expect(seen.at(-1)).toBe(
      `/api/v1/namespaces/kube-system/secrets?labelSelector=${encodeURIComponent(SEALING_KEY_LABEL)}`,
    );
    expect(keys).toHaveLength(1);
    expect(keys[0]!.metadata).toEqual({
      name: 'sealed-secrets-keyx7k2p',
      namespace: 'kube-system',
      labels: { [SEALING_KEY_LABEL]: 'active' },
    });
  });

  it('says so when the namespace holds no key or access is denied', async () => {
    await expect(fetchSealingKeys(kc, 'empty')).rejects.toThrow(
      `no Secret labelled ${SEALING_KEY_LABEL} in namespace empty`,
    );
    await expect(fetchSealingKeys(kc, 'other')).rejects.toThrow(
      /^cannot list the sealing keys in namespace other: /,
    );
  });

  it('writes a 0600 file outside the tree that verify reads back as a key', async () => {
    const ctx = context();
    await runGenerate(ctx, { force: false });
    await runSeal(ctx, {});
    const out = join(dir, 'cfg', 'home-sealing-keys.yaml');
    await runBackupKey(ctx, await fetchSealingKeys(kc, 'kube-system'), out);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    expect(await readFile(out, 'utf8')).toMatch(/^apiVersion: v1\nkind: List\n/);
    expect(await runVerify(ctx, await loadPrivateKeys(out))).toBe(0);
    await expect(runBackupKey(ctx, [], join(ctx.deployRoot, 'keys.yaml'))).rejects.toThrow(
      /refusing to write private keys inside the deploy tree/,
    );
  });

  it('reads a bare PEM key too, and refuses a file without one', () => {
    expect(readPrivateKeys(fixture('controller-key.pem'), 'key.pem')).toHaveLength(1);
    expect(() => readPrivateKeys('kind: ConfigMap\n', 'cm.yaml')).toThrow('cm.yaml: no private key');
  });
});
