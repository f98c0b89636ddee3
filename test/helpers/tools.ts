/*
 * Real tools in the tests (helm, the Kyverno CLI, kubeseal, kube-apiserver, servers, ...). `.ci/run` installs or
 * builds each into $SHAI_TOOLS/bin (see .ci/tools.sh and .ci/tools.d/). A suite that needs a tool fails in CI when
 * the tool is missing, and elsewhere is skipped with a line saying how to install it.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, it } from 'vitest';

/** The cache folder `.ci/tools.sh` fills; binaries are in its `bin/`. */
export const TOOLS_DIR = process.env.SHAI_TOOLS ?? join(homedir(), '.cache/shai-tools');

/** True in CI (`.ci/run` exports CI=true), where a missing tool is a failure, not a skip. */
export const IN_CI = Boolean(process.env.CI) && process.env.CI !== 'false';

/** The path of an executable named `name` in $SHAI_TOOLS/bin or on PATH, or undefined. */
export function findTool(name: string): string | undefined {
  const dirs = [join(TOOLS_DIR, 'bin'), ...(process.env.PATH ?? '').split(delimiter).filter(Boolean)];
  for (const dir of dirs) {
    const path = join(dir, name);
    if (existsSync(path)) return path;
  }
  return undefined;
}

/**
 * A describe block that runs only when every tool in `names` is found; `fn` receives their paths.
 * `how` says how to get them (usually `bash .ci/tools.sh`).
 */
export function describeWithTools(
  title: string,
  names: string[],
  how: string,
  fn: (paths: Record<string, string>) => void,
): void {
  const paths: Record<string, string> = {};
  const missing: string[] = [];
  for (const name of names) {
    const path = findTool(name);
    if (path) paths[name] = path;
    else missing.push(name);
  }
  if (missing.length === 0) {
    describe(title, () => fn(paths));
    return;
  }
  const note = `${missing.join(', ')} not found in ${join(TOOLS_DIR, 'bin')} or on PATH; install with: ${how}`;
  if (IN_CI) {
    describe(title, () => {
      it(`has ${missing.join(', ')}`, () => {
        throw new Error(note);
      });
    });
    return;
  }
  console.warn(`skipping "${title}": ${note}`);
  describe.skip(`${title} (skipped: ${note})`, () => {
    it('needs real tools', () => {});
  });
}
