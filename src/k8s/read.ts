import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { UserError } from '../errors.ts';
import { parseManifests, type ParsedManifests } from './yaml.ts';

const manifestFile = /\.(ya?ml|json)$/i;

async function filesUnder(path: string): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch (cause) {
    throw new UserError(`${path}: no such file or directory`, { cause });
  }
  if (!info.isDirectory()) return [path];
  const out: string[] = [];
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue; // .git, editor files
    const full = join(path, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else if (manifestFile.test(entry.name)) out.push(full);
  }
  return out;
}

/**
 * Reads manifests from files and directories (recursively: *.yaml, *.yml, *.json; hidden
 * entries skipped), in sorted path order. A file named explicitly is read whatever its name.
 * `base`, when given, makes the reported file names relative to it.
 */
export async function readManifests(paths: readonly string[], base?: string): Promise<ParsedManifests> {
  const files = new Set<string>();
  for (const p of paths) for (const f of await filesUnder(p)) files.add(f);
  const out: ParsedManifests = { objects: [], problems: [] };
  for (const file of [...files].sort()) {
    const parsed = parseManifests(await readFile(file, 'utf8'), base ? relative(base, file) : file);
    out.objects.push(...parsed.objects);
    out.problems.push(...parsed.problems);
  }
  return out;
}
