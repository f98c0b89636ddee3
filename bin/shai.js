#!/usr/bin/env node
// The `shai` command: runs the CLI built from src/ into dist/ (`npm run build`, run by `npm ci` through
// `prepare`, before `npm start` and before every vitest run). Plain JavaScript starts in a fraction of the time
// TypeScript through tsx took, and each command loads only its own modules. README.md ("The build step").
import process from 'node:process';

try {
  await import('../dist/cli/bin.js');
} catch (err) {
  // Only a missing build lands here: the CLI maps its own errors to exit codes and exits itself.
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes('dist/cli/bin.js')) throw err;
  process.stderr.write('shai is not built: run `npm ci` (or `npm run build`) in its folder first\n');
  process.exit(3);
}
