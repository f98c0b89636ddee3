import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendRecovery } from '../../src/config/edit-recoveries.ts';
import { parseConfig } from '../../src/config/load.ts';
import { InternalError } from '../../src/errors.ts';
import { plan as makePlan } from '../../src/plan/plan.ts';
import { registry } from '../../src/services/registry.ts';
import { ROOT } from '../helpers/cli.ts';

const PLATFORMS = [
  'platform.yaml',
  'examples/dual-gpu.yaml',
  'examples/edge-arm64.yaml',
  'examples/offsite-backup.yaml',
  'examples/single-cpu.yaml',
];

/** The lines of `after` that are not those of `before`, in order: `after` must be `before` with lines inserted. */
function inserted(before: string, after: string): string[] {
  const a = before.split('\n');
  const out: string[] = [];
  let i = 0;
  for (const line of after.split('\n')) {
    if (i < a.length && line === a[i]) i++;
    else out.push(line);
  }
  expect(i, 'every line of the original, in order').toBe(a.length);
  return out;
}

describe('appendRecovery', () => {
  it.each(PLATFORMS)(
    '%s: only the entry is added, every other byte kept; it validates and plans generation 1',
    (file) => {
      const text = readFileSync(join(ROOT, file), 'utf8');
      const out = appendRecovery(text, { service: 'keycloak', at: '2026-12-03T14:30:00Z' });
      expect(inserted(text, out)).toEqual([
        '  recoveries:',
        '    - service: keycloak',
        "      at: '2026-12-03T14:30:00Z'",
      ]);
      const plan = makePlan(parseConfig(out, file, registry), registry);
      expect(plan.services.find((s) => s.name === 'keycloak')!.database).toMatchObject({
        cluster: 'keycloak-db-r1',
        generation: 1,
        recovery: { source: 'keycloak-db', at: '2026-12-03T14:30:00Z' },
      });
      // A second promotion goes below the first, at the list's own indentation.
      expect(inserted(out, appendRecovery(out, { service: 'keycloak' }))).toEqual([
        '    - service: keycloak',
      ]);
    },
  );

  it('an empty or flow `recoveries` becomes a block list; comments and quoting elsewhere stay', () => {
    const text = 'a: [x, y]\nbackup:\n  target: x # the NAS\n  recoveries: []   # none yet\nz: { b: 2 }\n';
    expect(appendRecovery(text, { service: 'n8n' })).toBe(
      'a: [x, y]\nbackup:\n  target: x # the NAS\n  recoveries:\n    - service: n8n\nz: { b: 2 }\n',
    );
    expect(appendRecovery('backup:\n  recoveries:\nnext: 1\n', { service: 'n8n' })).toBe(
      'backup:\n  recoveries:\n    - service: n8n\nnext: 1\n',
    );
  });

  it('follows the file: its indentation, a list at the key column, a comment after the last entry, no final newline', () => {
    expect(
      appendRecovery(
        'backup:\n  recoveries:\n  - service: a\n    at: "2026-01-01T00:00:00Z"  # first\n  # later ones below\nnext: 1\n',
        { service: 'k' },
      ),
    ).toBe(
      'backup:\n  recoveries:\n  - service: a\n    at: "2026-01-01T00:00:00Z"  # first\n  - service: k\n  # later ones below\nnext: 1\n',
    );
    expect(
      appendRecovery('backup:\n    target: x\n    schedule: "0 3 * * *" # daily', {
        service: 'k',
        at: '2026-01-01T00:00:00+01:00',
      }),
    ).toBe(
      'backup:\n    target: x\n    schedule: "0 3 * * *" # daily\n    recoveries:\n      - service: k\n        at: \'2026-01-01T00:00:00+01:00\'\n',
    );
  });

  it('a file without a block backup section, or with recoveries that is not a list, is a bug of the caller', () => {
    expect(() => appendRecovery('cluster: {}\n', { service: 'k' })).toThrow(InternalError);
    expect(() => appendRecovery('backup: { target: x }\n', { service: 'k' })).toThrow(InternalError);
    expect(() => appendRecovery('backup:\n  recoveries: nope\n', { service: 'k' })).toThrow(InternalError);
  });
});
