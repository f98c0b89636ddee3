import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseObjects } from '../../src/check/read.ts';
import type { SourcedObject } from '../../src/check/types.ts';

/** Reads every YAML file under `dir` (sorted) with paths relative to it, as `shai check .` run inside it would. */
export function loadTree(dir: string): SourcedObject[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(name)) files.push(p);
    }
  };
  walk(dir);
  return files.flatMap((p) => parseObjects(readFileSync(p, 'utf8'), relative(dir, p).split(sep).join('/')));
}
