import { readFileSync } from 'node:fs';
import { parseObjects } from '../../src/check/read.ts';
import type { SourcedObject } from '../../src/check/types.ts';

/** Reads a multi-document fixture into SourcedObjects with file and line, as `shai check PATH` does. */
export function loadFixture(path: string, file = path): SourcedObject[] {
  return parseObjects(readFileSync(path, 'utf8'), file);
}
