// The environment-name lists of the image contracts (src/images/*-env.ts) are recorded from the applications'
// own packages at the pinned version, never written by hand. This module says, per list, which package files
// were read and with which patterns, so scripts/record-image-env.ts can write a list again and
// test/real/image-env.test.ts can prove the committed list is what those files give today.
// The package files come from the registries (.ci/tools.d/45-image-sources.sh, into $SHAI_TOOLS).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Python: `os.environ.get('X')`, `os.getenv("X")`, `os.environ['X']`, and the named helpers' first argument. */
const python = (helpers: readonly string[]) =>
  new RegExp(
    `(?:os\\.environ\\.get|os\\.getenv|os\\.environ\\[${helpers.map((h) => `|${h}`).join('')})\\(?\\s*["']([A-Za-z_][A-Za-z0-9_]*)["']`,
    'g',
  );
/** @n8n/config's compiled decorators: `(0, decorators_1.Env)('X')`. */
const N8N_DECORATOR = /Env\)?\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']/g;
/** JavaScript: `process.env.X` and `process.env['X']`. */
const PROCESS_ENV = /process\.env(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*\])/g;

/** One part of a recording: files under a directory of $SHAI_TOOLS, and the pattern whose groups are names. */
export interface SourcePart {
  /** Directory relative to $SHAI_TOOLS (a `*` segment matches the one entry there, e.g. the venv's python3.X). */
  dir: string;
  /** Only these files (relative to dir); otherwise every file with the extension, recursively. */
  files?: readonly string[];
  ext: string;
  pattern: RegExp;
}

/** One recorded list: the file it lives in, its constant, and where its names come from. */
export interface EnvRecording {
  /** The image contract's application. */
  app: string;
  /** Package and version read, as the file's header names them. */
  version: string;
  file: string;
  constant: string;
  parts: readonly SourcePart[];
}

/** Every recorded list. The versions are the ones .ci/tools.d/45-image-sources.sh and 40-litellm.sh fetch. */
export const RECORDINGS: readonly EnvRecording[] = [
  {
    app: 'open-webui',
    version: '0.8.11',
    file: 'src/images/open-webui-env.ts',
    constant: 'OPEN_WEBUI_ENV',
    parts: [
      {
        dir: 'image-sources/open-webui-0.8.11',
        files: ['open_webui/config.py', 'open_webui/env.py'],
        ext: '.py',
        pattern: python(['PersistentConfig']),
      },
    ],
  },
  {
    app: 'litellm',
    version: '1.104.2',
    file: 'src/images/litellm-env.ts',
    constant: 'LITELLM_ENV_NAMES',
    parts: [
      {
        dir: 'litellm/lib/*/site-packages/litellm',
        ext: '.py',
        pattern: python(['get_secret_str', 'get_secret_bool', 'get_secret']),
      },
    ],
  },
  {
    app: 'n8n',
    version: '2.41.3',
    file: 'src/images/n8n-env.ts',
    constant: 'N8N_ENV',
    parts: [
      { dir: 'image-sources/n8n-config-2.39.0/dist', ext: '.js', pattern: N8N_DECORATOR },
      { dir: 'image-sources/n8n-2.41.3/dist', ext: '.js', pattern: PROCESS_ENV },
    ],
  },
];

/** Every environment name the pattern finds in one text. */
export function namesIn(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].map((m) => m.slice(1).find((g) => g !== undefined)!);
}

/** `dir` under `tools` with a `*` segment resolved to the single entry there; undefined when absent. */
export function resolveDir(tools: string, dir: string): string | undefined {
  let path = tools;
  for (const seg of dir.split('/')) {
    if (seg !== '*') path = join(path, seg);
    else {
      const entries = safeList(path);
      if (entries.length !== 1) return undefined;
      path = join(path, entries[0]!);
    }
  }
  return safeStat(path)?.isDirectory() ? path : undefined;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function safeStat(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function filesUnder(dir: string, ext: string): string[] {
  return (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => join(dir, f))
    .filter((f) => safeStat(f)?.isFile());
}

/** The sorted, distinct names a recording's package files give, or the first missing source. */
export function extract(tools: string, r: EnvRecording): { names: string[] } | { missing: string } {
  const names = new Set<string>();
  for (const part of r.parts) {
    const dir = resolveDir(tools, part.dir);
    if (!dir) return { missing: join(tools, part.dir) };
    const files = part.files ? part.files.map((f) => join(dir, f)) : filesUnder(dir, part.ext);
    for (const f of files) {
      if (!safeStat(f)?.isFile()) return { missing: f };
      for (const n of namesIn(readFileSync(f, 'utf8'), part.pattern)) names.add(n);
    }
  }
  return { names: [...names].sort() };
}

/** The names a recorded file holds (its constant's array), in file order. */
export function recordedNames(text: string): string[] {
  return [...text.matchAll(/^ {2}'([^']+)',$/gm)].map((m) => m[1]!);
}

/** The recorded file with its list (and the count in the doc line above it) replaced by `names`. */
export function rewriteList(text: string, constant: string, names: readonly string[]): string {
  const start = text.indexOf(`export const ${constant}`);
  const open = text.indexOf('[', text.indexOf('=', start));
  const close = text.indexOf('];', open);
  if (start < 0 || open < 0 || close < 0) throw new Error(`no ${constant} array found`);
  const body = `[\n${names.map((n) => `  '${n}',\n`).join('')}`;
  const head = text
    .slice(0, start)
    .replace(/\/\*\* \d+ environment names/, `/** ${names.length} environment names`);
  return head + text.slice(start, open) + body + text.slice(close);
}
