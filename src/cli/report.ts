import { formatReport } from '../report/formats/index.ts';
import { shouldColor } from '../report/formats/text.ts';
import { atOrAbove, type Report } from '../report/types.ts';
import type { GlobalOptions, Io, Result } from './command.ts';
import { packageInfo } from './package-info.ts';

/**
 * Prints a Report in the format chosen with --format and turns it into the exit code: 1 when a fail or
 * error finding is at or above --fail-on, else 0. Every command that produces a Report ends here.
 */
export function printReport(report: Report, opts: GlobalOptions, io: Io): Result {
  const { version, homepage } = packageInfo();
  const color = shouldColor(io.isTTY, io.env, opts.color);
  io.stdout(formatReport(report, opts.format, { color, version, ...(homepage ? { homepage } : {}) }));
  return { exitCode: report.findings.some((f) => atOrAbove(f, opts.failOn)) ? 1 : 0 };
}
