/*
 * `.ci/summary.mjs` prints the line CI reads ("N passed, N failed") from vitest's JSON report. A suite whose
 * beforeAll throws has only skipped tests; stop 23's CI printed "2050 passed, 0 failed" for such a run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'shai-summary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function summary(report: unknown): string {
  const file = join(dir, `${Math.random()}.json`);
  writeFileSync(file, typeof report === 'string' ? report : JSON.stringify(report));
  return execFileSync(process.execPath, [resolve(ROOT, '.ci/summary.mjs'), file], {
    encoding: 'utf8',
  }).trim();
}

const suite = (status: string, tests: string[]) => ({
  status,
  assertionResults: tests.map((t) => ({ status: t })),
});

describe('.ci/summary.mjs', () => {
  it('counts failed tests', () => {
    const r = {
      numPassedTests: 2,
      numFailedTests: 1,
      testResults: [suite('failed', ['passed', 'failed', 'passed'])],
    };
    expect(summary(r)).toBe('2 passed, 1 failed');
  });

  it('counts a suite whose beforeAll threw (every test skipped) as a failure', () => {
    const r = {
      numPassedTests: 3,
      numFailedTests: 0,
      testResults: [suite('passed', ['passed', 'passed', 'passed']), suite('failed', ['skipped', 'skipped'])],
    };
    expect(summary(r)).toBe('3 passed, 1 failed');
  });

  it('counts a suite that failed to load (no tests) as a failure', () => {
    const r = { numPassedTests: 0, numFailedTests: 0, testResults: [suite('failed', [])] };
    expect(summary(r)).toBe('0 passed, 1 failed');
  });

  it('says so when no report was written', () => {
    expect(summary('{ not a report')).toBe('0 passed, 1 failed');
  });
});
