import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe as suite, expect, it } from 'vitest';
import { FLOORS, describe, floorKey, upwardImports } from '../scripts/floors.ts';

/**
 * Type-only imports that run against the floors today (README.md, "Floors"): they cost nothing at run time
 * (the build erases them), but they are still the floors leaning on each other. Most are the ServiceDef type of
 * services/types.ts, which the plan and the config schema are built from; the list only shrinks (a new one fails
 * the test, and one that is gone must be struck). Runtime imports have no such list: none may run upward.
 */
const KNOWN_TYPE_ONLY: readonly string[] = [
  'build/argocd.ts → services/types.ts (type only)',
  'build/ingress.ts → services/types.ts (type only)',
  'build/workload.ts → services/types.ts (type only)',
  'config/enabled.ts → services/types.ts (type only)',
  'config/json-schema.ts → services/types.ts (type only)',
  'config/load.ts → services/types.ts (type only)',
  'config/requires.ts → services/types.ts (type only)',
  'config/rules.ts → services/types.ts (type only)',
  'config/rules/types.ts → services/types.ts (type only)',
  'config/selection.ts → services/types.ts (type only)',
  'init/init.ts → services/types.ts (type only)',
  'plan/durable.ts → services/types.ts (type only)',
  'plan/placement.ts → services/types.ts (type only)',
  'plan/plan.ts → services/types.ts (type only)',
  'plan/resources.ts → services/types.ts (type only)',
  'plan/service.ts → services/types.ts (type only)',
  'plan/storage.ts → services/types.ts (type only)',
  'plan/types.ts → services/types.ts (type only)',
  'plan/waves.ts → services/types.ts (type only)',
  'secrets/generate.ts → services/types.ts (type only)',
  'secrets/values.ts → services/types.ts (type only)',
];

suite('floors', () => {
  const found = upwardImports(resolve(import.meta.dirname, '../src'));
  const typeOnly = found.filter((i) => i.typeOnly).map(describe);

  it('no runtime import runs against the floor order: none is allowed', () => {
    expect(found.filter((i) => !i.typeOnly).map((i) => `src/${i.from}:${i.line} → src/${i.to}`)).toEqual([]);
  });

  it('no type-only import runs against the floors beyond the known ones', () => {
    expect(typeOnly.filter((i) => !KNOWN_TYPE_ONLY.includes(i))).toEqual([]);
  });

  it('every known type-only upward import still exists (strike the ones that are gone)', () => {
    expect(KNOWN_TYPE_ONLY.filter((i) => !typeOnly.includes(i))).toEqual([]);
  });

  it('finds runtime, dynamic and type-only imports upward or sideways, and refuses a folder without a floor', () => {
    const src = mkdtempSync(join(tmpdir(), 'floors-'));
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(src, path)), { recursive: true });
      writeFileSync(join(src, path), text);
    };
    write('k8s/a.ts', "import { b } from '../check/b.ts';\nimport { e } from '../errors.ts';\n");
    write(
      'check/b.ts',
      "import type { C } from '../cli/c.ts';\nexport const b = () => import('../cluster/d.ts');\n",
    );
    write('check/rules/r.ts', "import { b } from '../b.ts';\nimport { p } from '../../semantics/p.ts';\n");
    write('cluster/d.ts', "import { x } from '../errors.ts';\n");
    expect(upwardImports(src).map(describe)).toEqual([
      'check/b.ts → cli/c.ts (type only)',
      'check/b.ts → cluster/d.ts',
      'k8s/a.ts → check/b.ts',
    ]);
    write('nowhere/x.ts', "import { b } from '../check/b.ts';\n");
    expect(() => upwardImports(src)).toThrow(/folder "nowhere" has no floor/);
    expect(floorKey('errors.ts')).toBe('errors');
    expect(FLOORS.flat()).toContain('semantics');
    rmSync(src, { recursive: true });
  });
});
