// Records again the environment-name lists of the image contracts from the applications' own package files
// (scripts/image-env/recordings.ts says which files and patterns), after `bash .ci/tools.sh` fetched them:
//   npx tsx scripts/record-image-env.ts [APP...]
// Only the list and its count change; the header naming the package, version and hashes is edited by hand when
// the version moves (test/real/image-env.test.ts fails until the list matches the package the tools fetch).
import { readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { RECORDINGS, extract, rewriteList } from './image-env/recordings.ts';

const root = resolve(import.meta.dirname, '..');
const tools = process.env.SHAI_TOOLS ?? join(homedir(), '.cache/shai-tools');
const wanted = process.argv.slice(2);
let failed = false;
for (const r of RECORDINGS.filter((x) => wanted.length === 0 || wanted.includes(x.app))) {
  const got = extract(tools, r);
  if ('missing' in got) {
    console.error(`${r.app}: ${got.missing} is missing; run bash .ci/tools.sh`);
    failed = true;
    continue;
  }
  const file = join(root, r.file);
  writeFileSync(file, rewriteList(readFileSync(file, 'utf8'), r.constant, got.names));
  console.log(`${r.app} ${r.version}: ${got.names.length} names → ${r.file}`);
}
process.exitCode = failed ? 1 : 0;
