import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { UserError } from '../errors.ts';

async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(relative(root, p).split(sep).join('/'));
    }
  }
  await walk(root);
  return out.sort();
}

/** Reads a whole tree into memory (path → content). A missing tree is empty. */
export async function readTree(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const f of await listFiles(root)) files.set(f, await readFile(join(root, f), 'utf8'));
  return files;
}

/**
 * Writes the tree atomically: everything goes to a sibling temporary directory which then replaces
 * the old tree, so a failure leaves the previous tree untouched and files no longer produced disappear.
 */
export async function writeTree(root: string, files: Map<string, string>): Promise<void> {
  const stamp = `${process.pid}-${Date.now()}`;
  const tmp = `${root}.tmp-${stamp}`;
  const old = `${root}.old-${stamp}`;
  try {
    for (const [path, content] of files) {
      if (path.split('/').includes('..')) throw new UserError(`refusing to write outside the tree: ${path}`);
      await mkdir(dirname(join(tmp, path)), { recursive: true });
      await writeFile(join(tmp, path), content);
    }
    await mkdir(tmp, { recursive: true });
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  let hadOld = true;
  try {
    await rename(root, old);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      await rm(tmp, { recursive: true, force: true });
      throw e;
    }
    hadOld = false;
  }
  await rename(tmp, root);
  if (hadOld) await rm(old, { recursive: true, force: true });
}

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
