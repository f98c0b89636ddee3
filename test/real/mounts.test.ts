import { describe, expect, it } from 'vitest';
import { rewritePaths } from './harness/mounts.ts';

describe('rewritePaths (the harness points a command at its mounts)', () => {
  const mounts = new Map([
    ['/run/shai/litellm', '/tmp/B/run/shai/litellm'],
    ['/tmp', '/tmp/B/tmp'],
  ]);

  it('replaces each mount path once, even when its directory lies under another mount path', () => {
    expect(rewritePaths('cat /run/shai/litellm/api-key > /tmp/credentials.json', mounts)).toBe(
      'cat /tmp/B/run/shai/litellm/api-key > /tmp/B/tmp/credentials.json',
    );
  });

  it('leaves paths that only start like a mount path', () => {
    expect(rewritePaths('/tmpx /var/tmp/y', mounts)).toBe('/tmpx /var/tmp/y');
  });
});
