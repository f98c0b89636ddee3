import { UserError } from '../../errors.ts';
import type { Report } from '../types.ts';
import { jsonFormat } from './json.ts';
import { junitFormat } from './junit.ts';
import { mdFormat } from './md.ts';
import { sarifFormat } from './sarif.ts';
import { textFormat } from './text.ts';
import type { FormatOptions, Formatter } from './types.ts';

export type { FormatOptions, Formatter } from './types.ts';

/** Every report format by name, in one explicit list. Adding one is a file and a line here. */
export const formatters: readonly Formatter[] = [textFormat, jsonFormat, sarifFormat, junitFormat, mdFormat];

/** Names accepted by `--format` for reports. */
export const formatNames: readonly string[] = formatters.map((f) => f.name);

/** Finds a formatter by name; an unknown name is a UserError listing the known ones. */
export function formatterFor(name: string): Formatter {
  const found = formatters.find((f) => f.name === name);
  if (!found) throw new UserError(`unknown format "${name}"; known formats: ${formatNames.join(', ')}`);
  return found;
}

/** Turns a Report into the text of the named format. */
export function formatReport(report: Report, name: string, opts: FormatOptions): string {
  return formatterFor(name).format(report, opts);
}
