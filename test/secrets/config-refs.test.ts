import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/command.ts';
import { loadConfig } from '../../src/config/load.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { plan } from '../../src/plan/plan.ts';
import { runGenerate, runSeal, runSet, type SecretsContext } from '../../src/secrets/actions.ts';
import { parseCert } from '../../src/secrets/cert.ts';
import { sealedSecretPath } from '../../src/secrets/paths.ts';
import { unsealObject } from '../../src/secrets/unseal.ts';
import { registry } from '../../src/services/registry.ts';
import { fixture, testPrivateKey } from './helpers.ts';

let dir: string;
const err: string[] = [];
const clock = new Date('2030-01-01T00:00:00Z');

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shai-config-refs-'));
  err.length = 0;
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('a Secret platform.yaml references (ACME DNS token)', () => {
  it('is asked for by generate, accepted by set, and sealed in the solver namespace under its service', async () => {
    const p = plan(
      await loadConfig(resolve(import.meta.dirname, '../../examples/acme.yaml'), registry),
      registry,
    );
    const ref = p.config.tls.acme!.credentials;
    const io: Io = {
      stdout: () => {},
      stderr: (t) => err.push(t),
      isTTY: false,
      env: {},
      cwd: dir,
      now: () => clock,
    };
    const ctx: SecretsContext = {
      cluster: p.config.cluster.name,
      // The PKI's secrets alone: other services' external values (GitHub App) are not this test's business.
      secrets: p.secrets.filter((s) => s.service === 'pki'),
      deployRoot: join(dir, 'deploy'),
      storeFile: join(dir, 'store.json'),
      io,
      randomBytes,
      loadCert: async () => parseCert(fixture('controller-cert.pem'), 'controller-cert.pem', clock),
    };
    expect(ctx.secrets.map((s) => s.name)).toContain(ref.name);
    await runGenerate(ctx, { force: false });
    expect(err.join('')).toContain(`shai secrets set cert-manager/${ref.name} ${ref.key}`);
    expect(await runSeal(ctx, {})).toBe(1);
    await runSet(ctx, `cert-manager/${ref.name}`, ref.key, 'cf-token-value');
    expect(await runSeal(ctx, {})).toBe(0);
    const planned = ctx.secrets.find((s) => s.name === ref.name)!;
    const file = join(ctx.deployRoot, sealedSecretPath(planned));
    expect(file).toContain(join('services', 'pki'));
    const sealed = parse(await readFile(file, 'utf8')) as KubeObject;
    expect(sealed.metadata.namespace).toBe('cert-manager');
    expect(unsealObject(testPrivateKey(), sealed)).toEqual({ [ref.key]: 'cf-token-value' });
  });
});
