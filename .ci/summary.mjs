// Prints vitest's JSON results as the closing line CI reads: "N passed, N failed".
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 1;
try {
  const r = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  passed = r.numPassedTests;
  // A suite that fails to load has no failed tests but must still count as a failure.
  const brokenSuites = r.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0).length;
  failed = r.numFailedTests + brokenSuites;
} catch {
  console.error('no vitest results were written');
}
console.log(`${passed} passed, ${failed} failed`);
