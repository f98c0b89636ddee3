/*
 * Real kubeseal (built from github.com/bitnami-labs/sealed-secrets at v0.32.1, the controller version of the
 * sealed-secrets chart pin) against shai's sealing, both ways: what `shai secrets seal` writes, kubeseal
 * --recovery-unseal decrypts to the stored plaintext; what kubeseal seals, `shai secrets verify` accepts.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { secretsCommand } from '../../src/cli/commands/secrets.ts';
import { main } from '../../src/cli/main.ts';
import { loadPlatform } from '../../src/cli/platform.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { sealedSecretPath, secretId } from '../../src/secrets/paths.ts';
import { requireStore } from '../../src/secrets/store.ts';
import { uniqueSecrets } from '../../src/secrets/values.ts';
import { captureIo, ROOT } from '../helpers/cli.ts';
import { describeWithTools } from '../helpers/tools.ts';
import { FIXTURES } from './helpers.ts';

const CERT = join(FIXTURES, 'controller-cert.pem');
const KEY = join(FIXTURES, 'controller-key.pem');

function run(
  bin: string,
  args: string[],
  stdin: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = execFile(bin, args, (err, stdout, stderr) =>
      done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin);
  });
}

describeWithTools('kubeseal and shai seal the same way', ['kubeseal'], 'bash .ci/tools.sh', (tools) => {
  let dir: string;
  const shai = async (...argv: string[]) => {
    const io = captureIo({
      cwd: dir,
      now: () => new Date('2030-01-01T00:00:00Z'),
      env: { SHAI_SECRETS_STORE: join(dir, 'store.json') },
    });
    const code = await main(argv, io, [secretsCommand]);
    return { code, out: io.out(), err: io.err() };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shai-kubeseal-'));
    await cp(join(ROOT, 'platform.yaml'), join(dir, 'platform.yaml'));
    await cp(join(ROOT, 'deploy'), join(dir, 'deploy'), { recursive: true });
    expect((await shai('secrets', 'generate')).code).toBe(0);
    await shai('secrets', 'seal', '--cert', CERT);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('kubeseal --recovery-unseal decrypts what shai sealed to the stored plaintext', async () => {
    const { plan } = await loadPlatform({ config: 'platform.yaml' }, { cwd: dir });
    const store = await requireStore(join(dir, 'store.json'));
    let checked = 0;
    for (const s of uniqueSecrets(plan.secrets)) {
      if (Object.values(s.keys).some((f) => f.kind === 'external')) continue;
      const sealed = await readFile(join(dir, 'deploy', sealedSecretPath(s)), 'utf8');
      const r = await run(
        tools.kubeseal!,
        ['--recovery-unseal', '--recovery-private-key', KEY, '-o', 'yaml'],
        sealed,
      );
      expect(r.code, r.stderr).toBe(0);
      const secret = parse(r.stdout) as {
        metadata: { name: string; namespace: string };
        data: Record<string, string>;
      };
      expect(`${secret.metadata.namespace}/${secret.metadata.name}`).toBe(secretId(s));
      for (const key of Object.keys(s.keys)) {
        expect(Buffer.from(secret.data[key]!, 'base64').toString('utf8'), `${secretId(s)}/${key}`).toBe(
          store.secrets[secretId(s)]!.keys[key]!.value,
        );
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('shai secrets verify accepts what kubeseal sealed, and names a value kubeseal sealed differently', async () => {
    const { plan } = await loadPlatform({ config: 'platform.yaml' }, { cwd: dir });
    const store = await requireStore(join(dir, 'store.json'));
    const s =
      uniqueSecrets(plan.secrets).find((x) => x.name === 'litellm-master-key') ??
      uniqueSecrets(plan.secrets)[0]!;
    const values = store.secrets[secretId(s)]!.keys;
    const path = join(dir, 'deploy', sealedSecretPath(s));
    const shaiSealed = parse(await readFile(path, 'utf8')) as KubeObject;
    const secret = (data: Record<string, string>) =>
      stringify({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: s.name, namespace: s.namespace, labels: shaiSealed.metadata.labels ?? {} },
        data: Object.fromEntries(
          Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
        ),
      });
    const sealWithKubeseal = async (data: Record<string, string>) => {
      const r = await run(tools.kubeseal!, ['--cert', CERT, '--format', 'yaml'], secret(data));
      expect(r.code, r.stderr).toBe(0);
      expect((parse(r.stdout) as KubeObject).kind).toBe('SealedSecret');
      await writeFile(path, r.stdout);
    };
    const verifyLine = async () => {
      const v = await shai('secrets', 'verify', '--private-key', KEY);
      return v.out.split('\n').filter((l) => l.startsWith(secretId(s)));
    };
    await sealWithKubeseal(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.value])));
    expect(await verifyLine()).toEqual([]);
    const [first] = Object.keys(values);
    await sealWithKubeseal({
      ...Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.value])),
      [first!]: 'not-the-stored-value',
    });
    expect(await verifyLine()).toEqual([`${secretId(s)}/${first}: differs from the store`]);
  });
});
