// `npx tsx scripts/floors.ts`: prints every import in src/ that runs against the floor order of
// README.md ("Floors"), runtime imports first, then type-only ones, and exits 1 when there is a runtime one.
// test/floors.test.ts fails on any runtime one, and holds the type-only ones to a list that only shrinks.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

/**
 * The floors, top first. Code imports only from a lower floor or from its own folder; two folders on one
 * floor do not import each other. A folder missing here is refused, so a new folder gets a floor on purpose.
 */
export const FLOORS: readonly (readonly string[])[] = [
  ['cli'],
  ['render'],
  ['services'],
  // the n8n workflows shai ships: service data the n8n service renders, built from the plan's addresses
  ['workflows'],
  ['build'],
  // install drives the others (secrets, cluster reads) to bring a platform up
  ['install'],
  ['check', 'cluster', 'secrets', 'init', 'rag', 'backup', 'mcp', 'observe'],
  ['models', 'images', 'comfyui'],
  ['semantics'],
  ['plan'],
  ['config'],
  ['k8s', 'report'],
  ['errors'],
];

/** Files at the root of src/ and the floor each stands on. */
const ROOT_FILES: Readonly<Record<string, string>> = {
  'generated.ts': 'cli',
  'input.ts': 'errors',
  'fs-errors.ts': 'errors',
  'fs-tree.ts': 'errors',
  'kube-http.ts': 'errors',
  'kube-exec.ts': 'errors',
  'io.ts': 'errors',
  'errors.ts': 'errors',
};

/** One import that runs against the floors. */
export interface UpwardImport {
  from: string;
  line: number;
  to: string;
  /** `import type` (or every name imported is a type): costs nothing at run time. */
  typeOnly: boolean;
}

/** The floor's folder (or root file) a path under src/ belongs to: `check/rules/x.ts` → `check`. */
export function floorKey(srcPath: string): string {
  const first = srcPath.split('/')[0]!;
  return ROOT_FILES[first] ?? first;
}

function level(key: string, file: string): number {
  const i = FLOORS.findIndex((floor) => floor.includes(key));
  if (i < 0) throw new Error(`src/${file}: folder "${key}" has no floor in scripts/floors.ts FLOORS`);
  return FLOORS.length - i;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

function isTypeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) {
    if (node.isTypeOnly) return true;
    const clause = node.exportClause;
    return (
      !!clause &&
      ts.isNamedExports(clause) &&
      clause.elements.length > 0 &&
      clause.elements.every((e) => e.isTypeOnly)
    );
  }
  const clause = node.importClause;
  if (!clause) return false; // a side-effect import runs the module
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const named = clause.namedBindings;
  return (
    !!named &&
    ts.isNamedImports(named) &&
    named.elements.length > 0 &&
    named.elements.every((e) => e.isTypeOnly)
  );
}

/** Every relative import of one file: its target under src/, line and whether only types come through. */
function importsOf(file: string, src: string): { to: string; line: number; typeOnly: boolean }[] {
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: { to: string; line: number; typeOnly: boolean }[] = [];
  const add = (spec: ts.Expression, node: ts.Node, typeOnly: boolean) => {
    if (!ts.isStringLiteralLike(spec) || !spec.text.startsWith('.')) return;
    const to = relative(src, resolve(dirname(file), spec.text));
    out.push({ to, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      add(node.moduleSpecifier, node, isTypeOnly(node));
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      if (node.arguments[0]) add(node.arguments[0], node, false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, node, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Every import under `src` that goes to a higher floor or to another folder of the same floor. */
export function upwardImports(src: string): UpwardImport[] {
  const out: UpwardImport[] = [];
  for (const file of sourceFiles(src)) {
    const from = relative(src, file);
    const fromKey = floorKey(from);
    for (const imp of importsOf(file, src)) {
      const toKey = floorKey(imp.to);
      if (toKey === fromKey || imp.to.startsWith('..')) continue;
      if (level(toKey, imp.to) >= level(fromKey, from)) out.push({ from, ...imp });
    }
  }
  return out;
}

/** One line per import, `from:line → to`, the way the test and the script print them. */
export function describe(i: UpwardImport): string {
  return `${i.from} → ${i.to}${i.typeOnly ? ' (type only)' : ''}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const src = resolve(dirname(fileURLToPath(import.meta.url)), '../src');
  const found = upwardImports(src);
  const runtime = found.filter((i) => !i.typeOnly);
  const types = found.filter((i) => i.typeOnly);
  const floors = FLOORS.map((f) => (f.length > 1 ? `{${f.join(', ')}}` : f[0])).join(' > ');
  console.log(`floors: ${floors}\n`);
  for (const i of [...runtime, ...types])
    console.log(`src/${i.from}:${i.line} → src/${i.to}${i.typeOnly ? ' (type only)' : ''}`);
  console.log(`\n${runtime.length} runtime and ${types.length} type-only imports run against the floors`);
  process.exitCode = runtime.length ? 1 : 0;
}
