import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // bin/shai.js runs the built CLI: build it first, so no test can drive a stale dist/.
    globalSetup: ['test/helpers/build-cli.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary'],
      // The issue asks for at least 85% of lines in src/; the suite is at 96% (2026-11-28).
      thresholds: { lines: 85 },
    },
  },
});
