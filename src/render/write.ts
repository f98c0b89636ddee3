import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readFile, rename, rm, rmdir, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UserError } from '../errors.ts';
import { errnoCode, fsUserError } from '../fs-errors.ts';
import { readBytes, readTree as readTreeFiles, scanTree } from '../fs-tree.ts';
import { isOwnedPath, MARKER, parseMarker, sha256 } from './marker.ts';
import { describePlan, planWrite, type DiskState, type WritePlan } from './ownership.ts';

/** Entries of the output tree, without the marker. */
const scan = (root: string) => scanTree(root, MARKER);

/** Reads a whole tree into memory (path → content), without the marker. A missing tree is empty. */
export function readTree(root: string): Promise<Map<string, string>> {
  return readTreeFiles(root, MARKER);
}

/** The files at these paths that exist under `root` (path → content); symlinks are not followed. */
export async function readFiles(root: string, paths: Iterable<string>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const p of paths) {
    const info = await lstat(join(root, p)).catch(() => undefined);
    if (info?.isFile()) out.set(p, (await readBytes(join(root, p))).toString('utf8'));
  }
  return out;
}

/** What the directory holds, hashing only the files render owns or would write. */
export async function readDiskState(root: string, rendered: ReadonlyMap<string, string>): Promise<DiskState> {
  const { files, others, dirs } = await scan(root);
  let markerText: string | undefined;
  try {
    markerText = (await readFile(join(root, MARKER))).toString('utf8');
  } catch (e) {
    if (errnoCode(e) !== 'ENOENT' && errnoCode(e) !== 'ENOTDIR')
      throw fsUserError(join(root, MARKER), 'read it', e);
  }
  const marker = markerText === undefined ? undefined : parseMarker(markerText, join(root, MARKER));
  const hashed = new Map<string, string | undefined>();
  for (const f of files) {
    const needed = rendered.has(f) || marker?.has(f) || !marker;
    hashed.set(f, needed ? sha256(await readBytes(join(root, f))) : undefined);
  }
  return { files: hashed, others: new Set(others), dirs: new Set(dirs), marker, markerText };
}

/** Creates `dir` and its missing parents one level at a time (recursive mkdir can spin on procfs); returns what it created. */
async function makeDirs(dir: string): Promise<string[]> {
  const missing: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    const info = await lstat(d).catch((e: unknown) => {
      if (errnoCode(e) === 'ENOENT') return undefined;
      throw fsUserError(d, 'read it', e);
    });
    if (info?.isDirectory()) break;
    if (info) throw new UserError(`${d}: is a file, not a directory`);
    if (dirname(d) === d) break;
    missing.push(d);
  }
  const created: string[] = [];
  for (const d of missing.reverse()) {
    try {
      await mkdir(d);
    } catch (e) {
      await removeDirs(created);
      throw fsUserError(d, 'create the directory', e);
    }
    created.push(d);
  }
  return created;
}

/** Removes these directories, deepest first, where they are empty. */
async function removeDirs(dirs: string[]): Promise<void> {
  for (const d of [...dirs].sort((a, b) => b.length - a.length)) await rmdir(d).catch(() => {});
}

/**
 * Applies a plan. Every new or changed file is first written to a temporary file beside its target, so
 * a permission or disk-space problem stops the render before any file is replaced (and the temporaries
 * and new directories are removed again); then each temporary is renamed over its target, the files
 * render no longer produces are removed, directories they leave empty are removed, and the marker is
 * written last.
 */
async function apply(root: string, rendered: ReadonlyMap<string, string>, plan: WritePlan): Promise<void> {
  const created = await makeDirs(root);
  const staged: { tmp: string; target: string }[] = [];
  const tag = `.shai-tmp-${process.pid}-${randomBytes(3).toString('hex')}`;
  const writes = plan.changes
    .filter((c) => c.change !== 'removed')
    .map((c) => [c.path, rendered.get(c.path)!] as const);
  try {
    for (const [path, content] of [...writes, [MARKER, plan.marker] as const]) {
      const target = join(root, path);
      created.push(...(await makeDirs(dirname(target))));
      const tmp = join(dirname(target), `.${path.split('/').at(-1)}${tag}`);
      try {
        await writeFile(tmp, content, { flag: 'wx' });
      } catch (e) {
        throw fsUserError(target, 'write it', e);
      }
      staged.push({ tmp, target });
    }
  } catch (e) {
    for (const s of staged) await rm(s.tmp, { force: true });
    await removeDirs(created);
    throw e;
  }
  for (const s of staged.slice(0, -1)) await rename(s.tmp, s.target);
  for (const c of plan.changes.filter((x) => x.change === 'removed')) {
    try {
      await unlink(join(root, c.path));
    } catch (e) {
      throw fsUserError(join(root, c.path), 'remove it', e);
    }
    await pruneEmpty(root, dirname(c.path));
  }
  await rename(staged.at(-1)!.tmp, staged.at(-1)!.target);
}

/** Removes `rel` and its parents below `root` while they are empty. */
async function pruneEmpty(root: string, rel: string): Promise<void> {
  for (let d = rel; d !== '.' && d !== ''; d = dirname(d)) {
    try {
      await rmdir(join(root, d));
    } catch {
      return; // not empty (or not ours to remove): stop here
    }
  }
}

/** Checks that every path stays inside the tree (a rendered path is relative, without `..`). */
function checkPaths(files: ReadonlyMap<string, string>): void {
  for (const path of files.keys()) {
    if (!isOwnedPath(path) || path === MARKER)
      throw new UserError(`refusing to write outside the tree: ${path}`);
  }
}

/** Decides what writing `files` into `root` would do, or refuses (UserError) before anything is touched. */
export async function planTree(
  root: string,
  files: ReadonlyMap<string, string>,
  where = root,
): Promise<WritePlan> {
  checkPaths(files);
  return planWrite(files, await readDiskState(root, files), where);
}

/**
 * Writes the rendered files into `root`, touching only what render owns (see planWrite), and returns the
 * plan it carried out. `where` names the directory in messages.
 */
export async function writeTree(
  root: string,
  files: ReadonlyMap<string, string>,
  where = root,
): Promise<WritePlan> {
  const plan = await planTree(root, files, where);
  if (plan.changes.length || plan.markerChanged) await apply(root, files, plan);
  return plan;
}

export { describePlan };

/** One difference between the rendered tree and the tree on disk. */
export interface TreeDiff {
  path: string;
  change: 'added' | 'removed' | 'changed';
}

/** Compares a rendered tree with the one on disk. */
export function diffTrees(rendered: Map<string, string>, onDisk: Map<string, string>): TreeDiff[] {
  const diffs: TreeDiff[] = [];
  for (const [path, content] of rendered) {
    const disk = onDisk.get(path);
    if (disk === undefined) diffs.push({ path, change: 'added' });
    else if (disk !== content) diffs.push({ path, change: 'changed' });
  }
  for (const path of onDisk.keys()) if (!rendered.has(path)) diffs.push({ path, change: 'removed' });
  return diffs.sort((a, b) => (a.path < b.path ? -1 : 1));
}
