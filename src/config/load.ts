import { LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';
import { ConfigError, type ConfigIssue } from '../errors.ts';
import { LIMITS, readTextInput, type InputKind } from '../input.ts';
import type { ServiceDef } from '../services/types.ts';
import { describeIssue, expectedMessage } from './messages.ts';
import { formatPath, type KeyPath } from './path.ts';
import { hasPath, keyPathAt, offsetOf, positionOf } from './positions.ts';
import { checkRules } from './rules.ts';
import { platformSchema, type Config } from './schema.ts';

/** Parses and validates platform.yaml text; throws one ConfigError listing every problem, sorted by position. */
export function parseConfig(text: string, file: string, registry: readonly ServiceDef[]): Config {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const place = (path: KeyPath, at: 'key' | 'value', message: string, near?: KeyPath): ConfigIssue => {
    const target = near && !hasPath(doc, path) && hasPath(doc, near) ? near : path;
    return { ...positionOf(lineCounter, offsetOf(doc, target, at)), path: formatPath(path), message };
  };
  // Errors after the first syntax error are mostly its echoes; duplicate keys are independent.
  const syntax = doc.errors.find((e) => e.code !== 'DUPLICATE_KEY');
  const shown = doc.errors.filter((e) => e.code === 'DUPLICATE_KEY' || e === syntax);
  const issues = shown.map((err) => yamlIssue(err, doc, lineCounter));
  // Only duplicate keys leave a document worth validating.
  if (syntax) throw new ConfigError(file, sorted(issues));

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

function yamlIssue(err: YAMLError, doc: Document, lc: LineCounter): ConfigIssue {
  const position = positionOf(lc, err.pos[0]);
  const path = err.code === 'DUPLICATE_KEY' ? keyPathAt(doc, err.pos[0]) : undefined;
  if (path) return { ...position, path: formatPath(path), message: `duplicate key "${String(path.at(-1))}"` };
  const message = err.message.split('\n')[0]!.replace(/\.$/, '');
  return { ...position, path: '', message: `YAML syntax error: ${message}` };
}

function sorted(issues: ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort(
    (a, b) =>
      a.line - b.line || a.col - b.col || a.path.localeCompare(b.path) || a.message.localeCompare(b.message),
  );
}
