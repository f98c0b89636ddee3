import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { ConfigError, type ConfigIssue } from '../errors.ts';
import { LIMITS, readTextInput, type InputKind } from '../input.ts';
import type { ServiceDef } from '../services/types.ts';
import { describeIssue, expectedMessage } from './messages.ts';
import { formatPath, type KeyPath } from './path.ts';
import { duplicateKeys } from './duplicates.ts';
import { hasPath, offsetOf, positionOf } from './positions.ts';
import { checkRules } from './rules.ts';
import { platformSchema, type Config } from './schema.ts';

/** Parses and validates platform.yaml text; throws one ConfigError listing every problem, sorted by position. */
export function parseConfig(text: string, file: string, registry: readonly ServiceDef[]): Config {
  const lineCounter = new LineCounter();
  // Duplicate keys are found by our own linear pass (duplicates.ts), not by yaml's quadratic uniqueKeys.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const place = (path: KeyPath, at: 'key' | 'value', message: string, near?: KeyPath): ConfigIssue => {
    const target = near && !hasPath(doc, path) && hasPath(doc, near) ? near : path;
    return { ...positionOf(lineCounter, offsetOf(doc, target, at)), path: formatPath(path), message };
  };
  // Errors after the first syntax error are mostly its echoes.
  const syntax = doc.errors[0];
  if (syntax) throw new ConfigError(file, [yamlIssue(syntax, lineCounter)]);
  const issues: ConfigIssue[] = duplicateKeys(doc).map((d) => ({
    ...positionOf(lineCounter, d.offset),
    path: formatPath(d.path),
    message: `duplicate key "${String(d.path.at(-1))}"`,
  }));

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // yaml refuses alias bombs ("billion laughs") here rather than while parsing.
    throw new ConfigError(file, [
      { line: 1, col: 1, path: '', message: `YAML error: ${(err as Error).message}` },
    ]);
  }
  const schema = platformSchema(registry.map((s) => s.name));
  const result = schema.safeParse(data, { error: expectedMessage });
  if (result.success) {
    for (const i of checkRules(result.data, registry))
      issues.push(place(i.path, i.at ?? 'value', i.message, i.near));
  } else {
    for (const zi of result.error.issues) {
      for (const i of describeIssue(zi, data, schema)) issues.push(place(i.path, i.at, i.message));
    }
  }
  if (issues.length > 0 || !result.success) throw new ConfigError(file, sorted(issues));
  return result.data;
}

/** How a platform file is read: its size limit, and the hint when it is missing. */
export const PLATFORM_FILE: InputKind = {
  noun: 'a platform file',
  maxBytes: LIMITS.platform,
  missingHint: 'run shai in the directory that holds platform.yaml, or pass --config FILE',
};

/** Reads and parses a platform file, returning its text too; `name` is how messages name it (as given). */
export async function loadConfigSource(
  path: string,
  registry: readonly ServiceDef[],
  name = path,
): Promise<{ config: Config; text: string }> {
  const text = await readTextInput(path, name, PLATFORM_FILE);
  return { config: parseConfig(text, name, registry), text };
}

/** Reads and parses a platform file; the file is named in messages as given. */
export async function loadConfig(path: string, registry: readonly ServiceDef[]): Promise<Config> {
  return (await loadConfigSource(path, registry)).config;
}

/** YAML's own wording for some errors is library advice; these say what is wrong in the file. */
const YAML_MESSAGES: Record<string, string> = {
  MULTIPLE_DOCS:
    'a second YAML document starts here (after a "---" line); a platform file is one document: remove the "---" or move the rest to a file of its own',
  KEY_OVER_1024_CHARS:
    'a key longer than 1024 characters (YAML allows at most 1024 for a key without quotes); is a colon or a quote missing?',
};

function yamlIssue(err: YAMLError, lc: LineCounter): ConfigIssue {
  const position = positionOf(lc, err.pos[0]);
  const own = YAML_MESSAGES[err.code];
  if (own) return { ...position, path: '', message: own };
  const message = err.message.split('\n')[0]!.replace(/\.$/, '');
  if (/call stack/i.test(message))
    return {
      ...position,
      path: '',
      message: 'the YAML nests too deeply here (thousands of levels); a platform file needs a few',
    };
  return { ...position, path: '', message: `YAML syntax error: ${message}` };
}

function sorted(issues: ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort(
    (a, b) =>
      a.line - b.line || a.col - b.col || a.path.localeCompare(b.path) || a.message.localeCompare(b.message),
  );
}
