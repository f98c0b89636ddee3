import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { UserError } from '../errors.ts';
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

/** Writes the files whose content changed, each atomically; returns the paths written. */
export async function writeSealedFiles(
  root: string,
  files: SealedFile[],
  current: ReadonlyMap<string, string>,
): Promise<string[]> {
  const changed = files
    .map((f) => ({ path: f.path, text: sealedYaml(f.object) }))
    .filter((f) => current.get(f.path) !== f.text);
  for (const f of changed) {
    const target = join(root, f.path);
    const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await mkdir(dirname(target), { recursive: true });
    try {
      await writeFile(tmp, f.text, { flag: 'wx' });
      await rename(tmp, target);
    } catch (cause) {
      await rm(tmp, { force: true });
      throw new UserError(`${target}: cannot write: ${(cause as Error).message}`, { cause });
    }
  }
  return changed.map((f) => f.path);
}
