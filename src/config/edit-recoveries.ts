/*
 * platform.yaml edited by a command (`shai backup restore --promote`): one `backup.recoveries` entry added, and
 * not one other byte of the user's file changed. Re-printing the whole document would re-pad every flow
 * collection and re-quote scalars, so the entry is spliced into the text at the place yaml's parser says the
 * list (or the backup section) ends, and the result is parsed again and compared with what it must mean. The
 * caller validates the result as any platform.yaml (config/load.ts) before it writes it.
 */
import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { InternalError } from '../errors.ts';
import type { RecoveryConfig } from './schema.ts';

/** The column of `offset` in `text`. */
const columnOf = (text: string, offset: number) => offset - (text.lastIndexOf('\n', offset - 1) + 1);

/** The offset just after the last line `node` occupies (its end, moved past trailing comments on its lines). */
function endOfNode(text: string, node: Node): number {
  const end = node.range![1];
  const nl = text.indexOf('\n', end > 0 && text[end - 1] === '\n' ? end - 1 : end);
  return nl === -1 ? text.length : nl + 1;
}

/**
 * The entry as a block list item indented by `indent` spaces. The time is quoted: a YAML 1.1 reader (yamllint,
 * many editors) would take it for a timestamp. Both values are already validated (a DNS name, RFC 3339).
 */
function block(entry: RecoveryConfig, indent: number): string {
  const pad = ' '.repeat(indent);
  return `${pad}- service: ${entry.service}\n${entry.at ? `${pad}  at: '${entry.at}'\n` : ''}`;
}

/** `text` with `entry` appended to `backup.recoveries` (created when absent, or when it is a flow list). */
export function appendRecovery(text: string, entry: RecoveryConfig): string {
  const doc = parseDocument(text, { uniqueKeys: false, keepSourceTokens: true });
  if (doc.errors.length) throw new InternalError(`platform.yaml does not parse: ${doc.errors[0]!.message}`);
  const backup = doc.get('backup', true);
  if (!isMap(backup) || backup.flow || !backup.items.length)
    throw new InternalError('platform.yaml has no block backup section to record a recovery in');
  const keyColumn = columnOf(text, (backup.items[0]!.key as Node).range![0]);
  const pair = backup.items.find((p) => (p.key as { value?: unknown }).value === 'recoveries');
  const list = pair?.value as Node | null | undefined;
  let out: string;
  if (pair && isSeq(list) && !list.flow && list.items.length) {
    const at = endOfNode(text, list);
    out = text.slice(0, at) + block(entry, columnOf(text, list.range![0])) + text.slice(at);
  } else if (pair) {
    if (list && !isSeq(list) && !(isScalar(list) && list.value === null))
      throw new InternalError('backup.recoveries in platform.yaml is not a list');
    // `recoveries:` or `recoveries: []`: the key's line is rewritten as a block list.
    const keyStart = (pair.key as Node).range![0];
    const lineStart = keyStart - columnOf(text, keyStart);
    const lineEnd = endOfNode(text, list ?? (pair.key as Node));
    out =
      text.slice(0, lineStart) +
      `${' '.repeat(keyColumn)}recoveries:\n${block(entry, keyColumn + 2)}` +
      text.slice(lineEnd);
  } else {
    const at = endOfNode(text, backup);
    const head = text.slice(0, at);
    out =
      (head.endsWith('\n') ? head : `${head}\n`) +
      `${' '.repeat(keyColumn)}recoveries:\n${block(entry, keyColumn + 2)}` +
      text.slice(at);
  }
  const before = doc.toJS() as { backup: { recoveries?: unknown[] } };
  const want = {
    ...before,
    backup: { ...before.backup, recoveries: [...(before.backup.recoveries ?? []), { ...entry }] },
  };
  const after = parseDocument(out, { uniqueKeys: false });
  if (after.errors.length || !isDeepStrictEqual(after.toJS(), want))
    throw new InternalError(
      `adding ${JSON.stringify(entry)} to backup.recoveries did not give the expected YAML`,
    );
  return out;
}
