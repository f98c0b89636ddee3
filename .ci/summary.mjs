// Prints vitest's JSON results as the closing line CI reads: "N passed, N failed".
import console from 'node:console';
import { readFileSync } from 'node:fs';
import process from 'node:process';

let passed = 0;
let failed = 1;
try {
  const r = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  passed = r.numPassedTests;
  // A suite that fails to load, or whose beforeAll throws (its tests are then skipped, not failed), has no failed
  // test but must still count as a failure.
  const brokenSuites = r.testResults.filter(
    (s) => s.status === 'failed' && !s.assertionResults.some((a) => a.status === 'failed'),
  ).length;
  failed = r.numFailedTests + brokenSuites;
} catch {
  console.error('no vitest results were written');
}
console.log(`${passed} passed, ${failed} failed`);
