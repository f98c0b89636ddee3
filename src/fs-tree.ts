import { randomBytes } from 'node:crypto';
import { readFile, readdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode, fsUserError } from './fs-errors.ts';

/** The entries of a directory tree, relative to its root, without following symlinks. */
export interface TreeEntries {
  files: string[];
  /** Symlinks, sockets, devices: neither file nor directory. */
  others: string[];
  dirs: string[];
}

/**
 * Entries of a tree on disk, without following symlinks; `skip` (a path relative to the root) is left out.
 * A missing tree is empty. Render (its marker) and the secrets commands (the sealed files) both read trees.
 */
export async function scanTree(root: string, skip?: string): Promise<TreeEntries> {
  const out: TreeEntries = { files: [], others: [], dirs: [] };
  // Iterative, so a deep tree cannot overflow the stack.
  const pending: string[] = [''];
  while (pending.length) {
    const rel = pending.pop()!;
    let entries;
    try {
      entries = await readdir(join(root, rel), { withFileTypes: true });
    } catch (e) {
      if (rel === '' && errnoCode(e) === 'ENOENT') return out;
      throw fsUserError(join(root, rel), 'read the directory', e);
    }
    for (const e of entries) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (p === skip) continue;
      if (e.isDirectory()) {
        out.dirs.push(p);
        pending.push(p);
      } else if (e.isFile()) out.files.push(p);
      else out.others.push(p);
    }
  }
  out.files.sort();
  out.others.sort();
  return out;
}

/** The bytes of a file; an unreadable one is a user error naming it. */
export async function readBytes(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    throw fsUserError(path, 'read it', e);
  }
}

/** Reads a whole tree into memory (path → content), without `skip`. A missing tree is empty. */
export async function readTree(root: string, skip?: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const f of (await scanTree(root, skip)).files)
    files.set(f, (await readBytes(join(root, f))).toString('utf8'));
  return files;
}

/**
 * Replaces a file's content atomically (a temp file beside it, then rename), keeping its mode: a reader sees the
 * old file or the new one, never half of it. A symlink is followed: the file it points to is replaced, the link
 * stays (a platform.yaml linked from a dotfiles repository stays linked). A failure is a user error naming the
 * file, and the file is as it was.
 */
export async function replaceFile(path: string, text: string): Promise<void> {
  let tmp: string | undefined;
  try {
    const target = await realpath(path);
    const { mode } = await stat(target);
    tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, text, { mode: mode & 0o777, flag: 'wx' });
    await rename(tmp, target);
  } catch (e) {
    if (tmp) await rm(tmp, { force: true });
    throw fsUserError(path, 'write it', e);
  }
}
