import { describe, expect, it } from 'vitest';
import { Backup, ServiceOverride } from '../../src/config/schema.ts';

describe('ServiceOverride.image', () => {
  const ok = (image: string) => ServiceOverride.safeParse({ image }).success;

  it.each([
    'ghcr.io/open-webui/open-webui:v0.6.5',
    'registry.local:5000/team/app:1.2.3',
    'ollama/ollama:0.12.3',
    `ghcr.io/org/app@sha256:${'a'.repeat(64)}`,
  ])('accepts the pinned image %s', (image) => expect(ok(image)).toBe(true));

  it.each(['ollama/ollama', 'ollama/ollama:latest', 'registry.local:5000/app', 'Ollama/Ollama:1.0', 'a b:1'])(
    'refuses %s',
    (image) => expect(ok(image)).toBe(false),
  );
});

describe('Backup', () => {
  const target = { bucket: 'velero', credentials: { name: 's3', key: 'cloud' } };

  it('applies schedule, region and retention defaults', () => {
    const backup = Backup.parse({ target: { ...target, endpoint: 'https://s3.example.net' } });
    expect(backup).toMatchObject({
      schedule: '0 3 * * *',
      retention: { days: 14 },
      target: { region: 'us-east-1' },
    });
  });

  it('wants an http(s) endpoint', () => {
    expect(Backup.safeParse({ target: { ...target, endpoint: 'minio:9000' } }).success).toBe(false);
    expect(Backup.safeParse({ target: { ...target, endpoint: 's3://bucket' } }).success).toBe(false);
  });
});
