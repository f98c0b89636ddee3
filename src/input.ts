import { open } from 'node:fs/promises';
import { UserError } from './errors.ts';
import { describeErrno, errnoCode } from './fs-errors.ts';

/** Size limits of the files shai reads: far above real use, low enough that nothing runs for minutes. */
export const LIMITS = {
  /** platform.yaml: the default platform is ~6 KiB, the largest example ~10 KiB. */
  platform: 4 * 1024 * 1024,
  /** One file of `shai check` (or `--nodes`): a `helm template` of a big chart with its CRDs is a few MiB. */
  manifest: 64 * 1024 * 1024,
  /** One dump file of `doctor --from`: a 60,000-pod cluster dumps ~66 MB. */
  dump: 256 * 1024 * 1024,
} as const;

/** What kind of file is read, for messages, and its size limit. */
export interface InputKind {
  /** e.g. "a platform file", "a manifest file", "a dump file". */
  noun: string;
  maxBytes: number;
  /** Added to the "no such file" message, e.g. how to name another file. */
  missingHint?: string;
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

function tooBig(name: string, bytes: number, kind: InputKind): UserError {
  return new UserError(
    `${name}: ${bytes > kind.maxBytes ? `${size(bytes)} is` : 'is'} more than the ${size(kind.maxBytes)} ${kind.noun} may have; is it the right file?`,
  );
}

/**
 * Reads a text file the user named, refusing (UserError, exit 2) what shai cannot read as text: a missing,
 * unreadable or special file, one over the size limit (checked before reading it), binary data, UTF-16.
 * A UTF-8 byte-order mark is dropped. `name` is how messages name the file (as the user typed it).
 */
export async function readTextInput(path: string, name: string, kind: InputKind): Promise<string> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    const code = errnoCode(e);
    if (code === 'ENOENT')
      throw new UserError(`${name}: no such file${kind.missingHint ? `; ${kind.missingHint}` : ''}`, {
        cause: e,
      });
    throw new UserError(`${name}: cannot read it: ${code ? describeErrno(code) : String(e)}`, { cause: e });
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new UserError(`${name}: is a directory, not ${kind.noun}`);
    if (info.size > kind.maxBytes) throw tooBig(name, info.size, kind);
    // Pipes and devices report size 0: read at most one byte past the limit.
    const buffer = Buffer.alloc(Math.min(kind.maxBytes + 1, info.size > 0 ? info.size + 1 : 64 * 1024));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      chunks.push(Buffer.from(buffer.subarray(0, bytesRead)));
      total += bytesRead;
      if (total > kind.maxBytes) throw tooBig(name, total, kind);
    }
    return decodeText(Buffer.concat(chunks, total), name, kind.noun);
  } catch (e) {
    if (e instanceof UserError) throw e;
    const code = errnoCode(e);
    throw new UserError(`${name}: cannot read it: ${code ? describeErrno(code) : String(e)}`, { cause: e });
  } finally {
    await handle.close();
  }
}

/** Does the start of the buffer look like UTF-16 (every other byte zero)? */
function looksUtf16(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 64) & ~1;
  if (n < 4) return false;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  return Math.max(evenZero, oddZero) >= (n / 2) * 0.75;
}

/**
 * Bytes → text, refusing what is not UTF-8 text: UTF-16 (with or without its byte-order mark, as
 * Windows PowerShell's `>` writes) and binary data (a NUL byte). Never echoes the bytes themselves.
 */
export function decodeText(bytes: Uint8Array, name: string, noun = 'a text file'): string {
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  const nul = bytes.indexOf(0);
  if (utf16 || (nul >= 0 && looksUtf16(bytes))) {
    throw new UserError(
      `${name}: is UTF-16 text, but shai reads UTF-8; convert it (iconv -f UTF-16 -t UTF-8, or in ` +
        `PowerShell write it with Out-File -Encoding utf8)`,
    );
  }
  if (nul >= 0)
    throw new UserError(
      `${name}: not a text file (binary data: a NUL byte at byte ${nul}); expected ${noun}`,
    );
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8', bom ? 3 : 0);
}
