import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors.ts';
import { describeErrno, errnoCode } from '../fs-errors.ts';

/** Where render was told to write: the value as written, what it is relative to, and how to name it. */
export interface OutDirRequest {
  /** The path as the user wrote it (`gitops.path` or `--out`). */
  value: string;
  /** The directory a relative value is resolved from. */
  base: string;
  /** The repository: the directory that holds platform.yaml. Render writes only below it. */
  repo: string;
  /** How messages name the setting, e.g. `--out` or `platform.yaml:57:9 gitops.path`. */
  key: string;
}

/** The deepest existing ancestor of `path` (symlinks resolved) and the components below it that do not exist yet. */
async function realPrefix(
  path: string,
  fail: (why: string) => never,
): Promise<{ real: string; rest: string[] }> {
  const rest: string[] = [];
  for (let p = path; ; p = dirname(p)) {
    try {
      return { real: await realpath(p), rest };
    } catch (e) {
      const code = errnoCode(e);
      if (code === 'ENOTDIR') fail(`${p} is a file, not a directory`);
      if (code !== 'ENOENT' || dirname(p) === p) fail(`${p}: ${describeErrno(code ?? 'EIO')}`);
      rest.unshift(basename(p));
    }
  }
}

function inside(child: string, parent: string): boolean {
  return child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

/**
 * Resolves the output directory of render and refuses (exit 2, naming the setting) anything that is not
 * a directory strictly inside the repository: the repository itself or an ancestor, a path that leaves it
 * with `..`, an absolute path elsewhere, a path that leaves it through a symlink, a path inside `.git`,
 * or a file. Returns the real (symlink-free) absolute path to write to.
 */
export async function resolveOutDir(req: OutDirRequest): Promise<string> {
  const fail = (why: string): never => {
    throw new UserError(`${req.key}: ${JSON.stringify(req.value)}: ${why}`);
  };
  if (req.value.trim() === '')
    fail('is empty; name a directory of its own inside the repository, such as deploy');
  const repo = await realpath(req.repo).catch((e: unknown) =>
    fail(`${req.repo}: ${describeErrno(errnoCode(e) ?? 'EIO')}`),
  );
  const target = resolve(req.base, req.value);
  const { real: existing, rest } = await realPrefix(target, fail);
  const real = join(existing, ...rest);
  const shown = real === target ? real : `${real} (through a symlink)`;
  const where = `the repository ${repo} (the directory that holds platform.yaml)`;
  if (real === repo)
    fail(
      `is the directory that holds platform.yaml; render needs a directory of its own inside it, such as deploy`,
    );
  if (inside(repo, real))
    fail(`is ${shown}, which contains ${where}; render needs a directory inside it, such as deploy`);
  if (!inside(real, repo)) fail(`is ${shown}, outside ${where}; render writes only inside it`);
  if (relative(repo, real).split(sep).includes('.git')) fail(`is inside .git, which belongs to git`);
  if (rest.length === 0) {
    const info = await stat(real).catch((e: unknown) =>
      fail(`${real}: ${describeErrno(errnoCode(e) ?? 'EIO')}`),
    );
    if (!info.isDirectory()) fail(`${real} is a file, not a directory`);
  }
  return real;
}
