/** The edges a command may touch: output streams, environment, clock. Injected so tests can run commands in-process. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  isTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
  now(): Date;
}
