import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCommand } from '../../src/cli/commands/init.ts';
import { main } from '../../src/cli/main.ts';
import { parseNodeFlag } from '../../src/init/answers.ts';
import { captureIo, ROOT } from '../helpers/cli.ts';
import { FIXTURES } from '../secrets/helpers.ts';

function schemaValidator(file: string) {
  const schema = JSON.parse(readFileSyncText(join(ROOT, 'vendor/schemas', file))) as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

import { readFileSync } from 'node:fs';
const readFileSyncText = (p: string) => readFileSync(p, 'utf8');

const FLAGS = [
  '--name',
  'lab',
  '--domain',
  'lab.home.arpa',
  '--repo',
  'https://github.com/me/lab-platform.git',
  '--node',
  'name=box,cpu=16,memory=64Gi,disk=1Ti',
  '--node',
  'name=gpu,cpu=12,memory=32Gi,gpu=RTX 4090:24',
];

async function init(dir: string, ...extra: string[]) {
  const io = captureIo({ cwd: dir });
  const code = await main(['init', ...FLAGS, ...extra], io, [initCommand]);
  return { code, out: io.out(), err: io.err() };
}

function sh(cmd: string, cwd: string, env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((done) =>
    execFile(
      'bash',
      ['-e', '-c', cmd],
      { cwd, env: { ...process.env, ...env }, maxBuffer: 64 << 20 },
      (err, stdout, stderr) =>
        done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    ),
  );
}

describe('shai init', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shai-init-'));
    const r = await init(dir);
    expect(r.code, r.err).toBe(0);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes platform.yaml, the workflow, the pre-commit hook and renovate.json from flags', async () => {
    const platform = parse(await readFile(join(dir, 'platform.yaml'), 'utf8')) as {
      cluster: { nodes: { name: string; roles: string[]; taints?: unknown[]; gpus?: unknown[] }[] };
      gitops: { repoURL: string };
    };
    expect(platform.gitops.repoURL).toBe('https://github.com/me/lab-platform.git');
    expect(platform.cluster.nodes.map((n) => [n.name, n.roles])).toEqual([
      ['box', ['control-plane', 'worker', 'storage']],
      ['gpu', ['worker', 'gpu']],
    ]);
    expect(platform.cluster.nodes[1]!.taints).toEqual([
      { key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' },
    ]);
    for (const f of ['.github/workflows/shai.yml', '.pre-commit-config.yaml', 'renovate.json'])
      expect((await readFile(join(dir, f), 'utf8')).length).toBeGreaterThan(100);
  });

  it('writes a workflow valid under SchemaStore github-workflow.json and a config valid under Renovate 44.121.2', async () => {
    const workflow = schemaValidator('github-workflow.json');
    const doc = parse(await readFile(join(dir, '.github/workflows/shai.yml'), 'utf8')) as unknown;
    expect(workflow(doc), JSON.stringify(workflow.errors)).toBe(true);
    expect(workflow({ on: 'push', jobs: { x: { steps: [{ nope: 1 }] } } })).toBe(false);
    const renovate = schemaValidator('renovate-schema.json');
    const config = JSON.parse(await readFile(join(dir, 'renovate.json'), 'utf8')) as Record<string, unknown>;
    expect(renovate(config), JSON.stringify(renovate.errors)).toBe(true);
    expect(renovate({ ...config, dependencyDashboard: 'sometimes' })).toBe(false);
  });

  it('refuses to overwrite, and refuses a platform shai would reject, writing nothing', async () => {
    const again = await init(dir);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/platform.yaml, .* already exist .*--force/);
    const empty = await mkdtemp(join(tmpdir(), 'shai-init-bad-'));
    const bad = await main(
      ['init', ...FLAGS.slice(0, 6), '--node', 'name=Bad_Name,cpu=4,memory=8Gi'],
      captureIo({ cwd: empty }),
      [initCommand],
    );
    expect(bad).toBe(2);
    expect(() => parseNodeFlag('name=x,cpu=four,memory=8Gi')).toThrow(/cpu \(a whole number\)/);
    await rm(empty, { recursive: true, force: true });
  });

  it("runs the workflow's commands in the scratch repository: render --check, check, and the sealed-secrets gate", async () => {
    // shai on PATH as the workflow's install step would leave it; no network, so the install step is skipped by its own guard.
    const bin = join(dir, '.bin');
    await mkdir(bin, { recursive: true });
    await writeFile(
      join(bin, 'shai'),
      `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'bin/shai.js')}" "$@"\n`,
    );
    await chmod(join(bin, 'shai'), 0o755);
    const env = {
      PATH: `${bin}:${process.env.PATH}`,
      HOME: dir,
      SHAI_SECRETS_STORE: join(dir, '.store.json'),
      NO_COLOR: '1',
    };
    expect((await sh('git init -q && shai render', dir, env)).code).toBe(0);
    const steps = (
      parse(await readFile(join(dir, '.github/workflows/shai.yml'), 'utf8')) as {
        jobs: { shai: { steps: { name?: string; run?: string }[] } };
      }
    ).jobs.shai.steps.filter((s) => s.run);
    const results = [];
    for (const s of steps) results.push({ name: s.name, ...(await sh(s.run!, dir, env)) });
    expect(results.map((r) => [r.name, r.code])).toEqual([
      ['Install shai', 0],
      ['deploy/ is the render of platform.yaml', 0],
      ['Check the platform', 0],
      ['Every planned secret is sealed', 1],
    ]);
    const sarif = JSON.parse(await readFile(join(dir, 'shai.sarif'), 'utf8')) as { version: string };
    expect(sarif.version).toBe('2.1.0');
    expect(results[3]!.out).toMatch(/secret-not-sealed: .* no SealedSecret in the tree/);
    // generate and seal: the gate passes, and the tree is still its render (seal re-renders)
    expect(
      (
        await sh(
          `shai secrets generate && shai secrets seal --cert ${join(FIXTURES, 'controller-cert.pem')}`,
          dir,
          env,
        )
      ).code,
    ).toBe(0);
    for (const s of steps.slice(1)) expect((await sh(s.run!, dir, env)).code, s.name).toBe(0);
  }, 600_000);
});
