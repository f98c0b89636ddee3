import type { Finding } from '../report/types.ts';

/** The finding of a check doctor could not run (no input, an API it could not read), and why; `fix` says how to. */
export function skippedFinding(rule: string, area: string, message: string, fix?: string): Finding {
  return {
    rule,
    area,
    severity: 'info',
    status: 'skipped',
    target: { kind: 'Analyzer', name: rule },
    message,
    ...(fix ? { fix } : {}),
  };
}
