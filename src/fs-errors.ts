import { UserError } from './errors.ts';

/**
 * What an operating-system error code means for the person at the keyboard. These are problems of the
 * environment (a missing, unreadable or read-only path, a full disk), never bugs in shai: exit 2.
 */
const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EISDIR: 'is a directory',
  ELOOP: 'a symlink loop (too many levels of symbolic links)',
  ENAMETOOLONG: 'the path is too long',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EBUSY: 'the file is busy',
  EEXIST: 'already exists',
  EXDEV: 'on another file system',
  EIO: 'input/output error',
  EINVAL: 'not supported here',
  ENOTEMPTY: 'the directory is not empty',
  ETXTBSY: 'the file is busy',
  ENXIO: 'no such device',
  ENODEV: 'no such device',
};

/** The errno code of a Node.js system error, or undefined for anything else. */
export function errnoCode(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : undefined;
}

/** "permission denied (EACCES)"; unknown codes are shown as they are. */
export function describeErrno(code: string): string {
  const reason = REASONS[code];
  return reason ? `${reason} (${code})` : code;
}

/** Is this a system error of the environment (a file, a permission, a full disk), not a bug? */
export function isEnvironmentError(err: unknown): boolean {
  const code = errnoCode(err);
  return (
    code !== undefined && (code in REASONS || typeof (err as NodeJS.ErrnoException).syscall === 'string')
  );
}

/** A UserError `<what>: cannot <verb>: <reason> (CODE)` that keeps the system error as its cause. */
export function fsUserError(what: string, verb: string, err: unknown): UserError {
  const code = errnoCode(err);
  const reason = code ? describeErrno(code) : err instanceof Error ? err.message : String(err);
  return new UserError(`${what}: cannot ${verb}: ${reason}`, { cause: err });
}
