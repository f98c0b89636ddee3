import { randomBytes } from 'node:crypto';
import { lstat, mkdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { UserError } from '../errors.ts';
import { errnoCode, fsUserError } from '../fs-errors.ts';
import { readTree } from '../fs-tree.ts';
import type { KubeObject } from '../k8s/object.ts';
import { toYaml } from '../k8s/yaml.ts';
import type { SealedFile } from './seal-tree.ts';

/** The same YAML emission as every other file of the tree (Kubernetes key order, YAML 1.1, no anchors). */
export function sealedYaml(object: KubeObject): string {
  return toYaml(object);
}

/** A SealedSecret found in the tree, with its path relative to the deploy root. */
export interface TreeSealed {
  path: string;
  object: KubeObject;
}

/** Every SealedSecret under the deploy root, from any YAML file (render's or hand-written), sorted by path. */
export async function readSealedTree(
  root: string,
): Promise<{ sealed: TreeSealed[]; files: Map<string, string> }> {
  const files = await readTree(root);
  const sealed: TreeSealed[] = [];
  for (const [path, text] of files) {
    if (!/\.ya?ml$/.test(path) || !text.includes('SealedSecret')) continue;
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length)
        throw new UserError(`${join(root, path)}: invalid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
      const object = doc.toJS() as KubeObject | null;
      if (object?.kind === 'SealedSecret' && object.metadata?.name) sealed.push({ path, object });
    }
  }
  return { sealed, files };
}

/** Sealed files written to temporaries beside their targets: `commit` renames them over, `abort` removes them. */
export interface StagedFiles {
  /** The paths (relative to the deploy root) whose content changes. */
  paths: string[];
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * Refuses a target seal must not write: one reached through a symlink inside the tree (it could lead out of
 * the repository), or a path that holds something other than a SealedSecret (a file of the user's).
 */
async function checkTarget(root: string, path: string, sealedPaths: ReadonlySet<string>): Promise<void> {
  const parts = path.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const rel = parts.slice(0, i).join('/');
    const info = await lstat(join(root, rel)).catch((e: unknown) => {
      if (errnoCode(e) === 'ENOENT') return undefined;
      throw fsUserError(join(root, rel), 'read it', e);
    });
    if (!info) return; // the rest does not exist yet: seal creates it
    if (info.isSymbolicLink())
      throw new UserError(`${join(root, rel)}: is a symlink; shai secrets seal writes no file through one`);
    if (i < parts.length && !info.isDirectory())
      throw new UserError(`${join(root, rel)}: is a file, where seal needs a directory for ${path}`);
    if (i === parts.length && (!info.isFile() || !sealedPaths.has(path)))
      throw new UserError(
        `${join(root, path)}: holds something other than a SealedSecret; seal writes ${path} there, so move that file away first`,
      );
  }
}

/**
 * Writes every sealed file whose content changed to a temporary beside its target, checking each target
 * first; nothing is replaced until `commit`, and a failure removes what was staged (and the directories made
 * for it), so a seal that fails leaves the tree as it was.
 */
export async function stageSealedFiles(
  root: string,
  files: SealedFile[],
  current: ReadonlyMap<string, string>,
  sealedPaths: ReadonlySet<string>,
): Promise<StagedFiles> {
  const changed = files
    .map((f) => ({ path: f.path, text: sealedYaml(f.object) }))
    .filter((f) => current.get(f.path) !== f.text);
  for (const f of changed) await checkTarget(root, f.path, sealedPaths);
  const staged: { tmp: string; target: string }[] = [];
  const created: string[] = [];
  const abort = async () => {
    for (const s of staged) await rm(s.tmp, { force: true });
    for (const d of created.reverse()) await rmdir(d).catch(() => {}); // only where still empty
  };
  try {
    for (const f of changed) {
      const target = join(root, f.path);
      const made = await mkdir(dirname(target), { recursive: true });
      if (made) created.push(...madeDirs(made, dirname(target)));
      const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await writeFile(tmp, f.text, { flag: 'wx' });
      } catch (cause) {
        throw fsUserError(target, 'write it', cause);
      }
      staged.push({ tmp, target });
    }
  } catch (e) {
    await abort();
    throw e;
  }
  return {
    paths: changed.map((f) => f.path),
    abort,
    async commit() {
      for (const s of staged) await rename(s.tmp, s.target);
    },
  };
}

/** The directories `mkdir -p` made: from the first one it created down to `dir`. */
function madeDirs(first: string, dir: string): string[] {
  const out: string[] = [];
  for (let d = dir; d.length >= first.length; d = dirname(d)) out.unshift(d);
  return out;
}
