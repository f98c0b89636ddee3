// `npm run build`: bundles the CLI into dist/ with esbuild, so a command runs JavaScript and loads only the
// modules it needs (each lazily imported command is a chunk; dependencies stay in node_modules and load
// with the chunk that imports them). `npm ci` runs it through `prepare`, `npm start` before it starts, and
// vitest before any test (vitest.config.ts globalSetup), so the CLI the tests drive is the one built from
// src/ (test/cli/build.test.ts fails when dist/ is older than src/).
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/**
 * Dependencies bundled into the chunks instead of loaded from node_modules: CommonJS packages of many small
 * files that nearly every command loads (the CLI parser, the YAML reader), where Node's loader spends more
 * time finding and wrapping files than running them.
 */
const BUNDLED = new Set(['commander', 'yaml']);

/** Every other dependency (and its subpaths) stays in node_modules and loads with the chunk that imports it. */
function externals(root: string): string[] {
  const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  return Object.keys(pkg.dependencies)
    .filter((d) => !BUNDLED.has(d))
    .flatMap((d) => [d, `${d}/*`]);
}

/** Builds src/cli/bin.ts and what it imports into `<root>/dist`, replacing what was there. */
export async function buildCli(root: string): Promise<void> {
  const dist = resolve(root, 'dist');
  // Built beside and swapped in, so a run that starts meanwhile never meets half a dist/.
  const next = resolve(root, `dist.${process.pid}`);
  rmSync(next, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: ['src/cli/bin.ts'],
    outdir: next,
    // Every file two folders below the repository, as in src/: code that reads a file relative to
    // itself (package.json, vendor/crds) finds it at the same path.
    entryNames: 'cli/[name]',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: externals(root),
    // The bundled CommonJS packages require Node's built-ins; an ES module has no `require` of its own
    // (createRequire under a name of its own: a chunk may import createRequire itself).
    banner: {
      js: "import { createRequire as __shaiCreateRequire } from 'node:module'; const require = __shaiCreateRequire(import.meta.url);",
    },
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  rmSync(dist, { recursive: true, force: true });
  renameSync(next, dist);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await buildCli(resolve(import.meta.dirname, '..'));
}
