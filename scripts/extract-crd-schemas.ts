// Extracts the openAPIV3Schema of every served version of every CRD in vendor/crds/*.yaml into
// vendor/crds/json/<group>_<version>_<kind>.json (descriptions removed: they are most of the bytes
// and do not affect validation) plus vendor/crds/json/index.json. Run: `npx tsx scripts/extract-crd-schemas.ts`.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = resolve(root, 'vendor/crds');
const out = resolve(src, 'json');

type Schema = Record<string, unknown>;

/** Drops `description` keywords, keeping fields that happen to be named "description". */
function strip(s: unknown): unknown {
  if (!s || typeof s !== 'object' || Array.isArray(s)) return s;
  const r: Schema = {};
  for (const [k, v] of Object.entries(s as Schema)) {
    if (k === 'description') continue;
    if ((k === 'properties' || k === 'patternProperties') && v && typeof v === 'object') {
      r[k] = Object.fromEntries(Object.entries(v as Schema).map(([p, ps]) => [p, strip(ps)]));
    } else if (k === 'allOf' || k === 'anyOf' || k === 'oneOf') r[k] = (v as unknown[]).map(strip);
    else if (k === 'items' || k === 'additionalProperties' || k === 'not') r[k] = strip(v);
    else r[k] = v;
  }
  return r;
}

interface Crd {
  kind: string;
  spec: {
    group: string;
    scope: string;
    names: { kind: string };
    versions: { name: string; served: boolean; schema?: { openAPIV3Schema: unknown } }[];
  };
}

/** Every derived file of vendor/crds/json/ (name → content), computed from the YAML copies in `dir`. */
export async function extractCrdSchemas(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const index: Record<string, { file: string; scope: string; source: string }> = {};
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort()) {
    for (const doc of parseAllDocuments(await readFile(resolve(dir, file), 'utf8'))) {
      const crd = doc.toJS() as Crd | null;
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      const { group, scope, names } = crd.spec;
      for (const v of crd.spec.versions) {
        if (!v.served || !v.schema) continue;
        const name = `${group}_${v.name}_${names.kind}.json`;
        files.set(name, JSON.stringify(strip(v.schema.openAPIV3Schema)) + '\n');
        index[`${group}/${v.name}/${names.kind}`] = { file: name, scope, source: file };
      }
    }
  }
  const sorted = Object.fromEntries(Object.entries(index).sort(([a], [b]) => (a < b ? -1 : 1)));
  files.set('index.json', JSON.stringify(sorted, null, 1) + '\n');
  return files;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = await extractCrdSchemas(src);
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  for (const [name, content] of files) await writeFile(resolve(out, name), content);
  console.log(`wrote ${files.size - 1} schemas to vendor/crds/json/`);
}
