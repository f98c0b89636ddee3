import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, UserError } from '../../src/errors.ts';
import { loadConfig, parseConfig } from '../../src/config/load.ts';
import { PLATFORM_HEAD, fakeRegistry } from './fake-registry.ts';

// One node with four GPUs.
const minimal = PLATFORM_HEAD.replace(
  '      roles: [control-plane, worker]\n      cpu: 4\n      memory: 16Gi\n',
  '      cpu: 4\n      memory: 16Gi\n      gpus: [{ model: RTX 4090, vramGiB: 24, count: 4 }]\n      roles: [control-plane, worker, gpu]\n',
);

function errorLines(text: string): string[] {
  try {
    parseConfig(text, 'platform.yaml', fakeRegistry);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message.split('\n');
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('applies the schema defaults', () => {
    const config = parseConfig(minimal, 'platform.yaml', fakeRegistry);
    expect(config.tls).toEqual({ mode: 'internal-ca' });
    expect(config.sso).toEqual({ realm: 'platform', adminGroup: 'platform-admins' });
    expect(config.gitops).toEqual({
      repoURL: 'https://github.com/example/lab.git',
      revision: 'main',
      path: 'deploy',
    });
    expect(config.cluster.nodes[0]!.arch).toBe('amd64');
    expect(config.cluster.nodes[0]!.gpus[0]).toMatchObject({
      vendor: 'nvidia',
      count: 4,
      driver: 'host',
      sharing: { strategy: 'none', replicas: 1 },
    });
    expect(config.services).toEqual({});
    expect(config.models).toEqual([]);
  });

  it('points at the value of a wrong replicas count, as in the issue', () => {
    const text = `${minimal}services:\n  ollama-gpu:\n    replicas: two\n`;
    const line = text.split('\n').findIndex((l) => l.includes('replicas: two')) + 1;
    expect(errorLines(text)).toEqual([
      `platform.yaml:${line}:15 services.ollama-gpu.replicas: expected a whole number ≥ 1, got "two"`,
    ]);
  });

  it('reports schema errors all at once, sorted by position', () => {
    const text = minimal
      .replace('cpu: 4', 'cpu: -1')
      .replace('memory: 16Gi', 'memory: lots')
      .replace('lab\n', 'Lab\n');
    const lines = errorLines(text);
    expect(lines.map((l) => l.split(' ')[1])).toEqual([
      'cluster.name:',
      'cluster.nodes[0].cpu:',
      'cluster.nodes[0].memory:',
    ]);
  });

  it('points at the key of an unknown key and suggests the closest allowed one', () => {
    expect(errorLines(`${minimal}services:\n  litellm:\n    replcias: 2\n`)).toEqual([
      'platform.yaml:17:5 services.litellm.replcias: unknown key "replcias", did you mean "replicas"?',
    ]);
  });

  it('reports duplicate keys together with schema errors', () => {
    const text = minimal.replace('cpu: 4', 'cpu: 4\n      cpu: 5').replace('memory: 16Gi', 'memory: 16');
    expect(errorLines(text)).toEqual([
      'platform.yaml:9:7 cluster.nodes[0].cpu: duplicate key "cpu"',
      'platform.yaml:10:15 cluster.nodes[0].memory: expected a quantity such as "500m", "4" or "16Gi", got 16',
    ]);
  });

  it('runs the cross-field rules only once the schema passes', () => {
    const text = `${minimal}services:\n  qdrant:\n    replicas: 5\n    colour: red\n`;
    expect(errorLines(text)).toHaveLength(1);
  });
});

describe('loadConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shai-config-'));

  it('reads and parses a file', async () => {
    const file = join(dir, 'platform.yaml');
    writeFileSync(file, minimal);
    await expect(loadConfig(file, fakeRegistry)).resolves.toMatchObject({ domain: 'home.arpa' });
  });

  it('names a missing file in one line', async () => {
    const file = join(dir, 'missing.yaml');
    const err = await loadConfig(file, fakeRegistry).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toBe(
      `${file}: no such file; run shai in the directory that holds platform.yaml, or pass --config FILE`,
    );
  });

  it('names a directory given as the file', async () => {
    const err = await loadConfig(dir, fakeRegistry).catch((e: unknown) => e);
    expect((err as UserError).message).toBe(`${dir}: is a directory, not a platform file`);
  });

  it('names the file as given in every error line', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, minimal.replace('kind: Platform', 'kind: Cluster'));
    await expect(loadConfig(file, fakeRegistry)).rejects.toThrow(
      `${file}:2:7 kind: expected "Platform", got "Cluster"`,
    );
  });
});
