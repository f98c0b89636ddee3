/** A mistake the user can fix (bad input, missing file): one line, exit 2. */
export class UserError extends Error {
  override name = 'UserError';
}

/** Configuration errors, all at once, each `file:line:col path: message`. */
export class ConfigError extends UserError {
  override name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly issues: ConfigIssue[],
  ) {
    super(issues.map((i) => formatIssue(file, i)).join('\n'));
  }
}

/** One configuration problem with its position. */
export interface ConfigIssue {
  line: number;
  col: number;
  path: string;
  message: string;
}

/** `platform.yaml:14:7 services.ollama-gpu.replicas: expected ...` */
export function formatIssue(file: string, i: ConfigIssue): string {
  return `${file}:${i.line}:${i.col} ${i.path ? `${i.path}: ` : ''}${i.message}`;
}

/** A bug in shai (an invalid rendered object, a broken invariant): exit 3. */
export class InternalError extends Error {
  override name = 'InternalError';
}
