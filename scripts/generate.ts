// Writes every file listed in src/generated.ts (run with `npm run generate`).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedFiles } from '../src/generated.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
for (const file of generatedFiles) {
  const target = resolve(root, file.path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, file.content());
  console.log(`wrote ${file.path}`);
}
