import { createHash } from 'node:crypto';
import { UserError } from '../errors.ts';

/**
 * The marker render leaves in the directory it writes: the files it wrote there, each with its SHA-256.
 * It is how render knows which files it owns (the only ones it may replace or remove) and which of them
 * someone edited since. The body is `sha256sum` output, so `grep -v '^#' .shai-manifest | sha256sum -c`
 * verifies a tree by hand. Hidden and not YAML, so neither Argo CD nor `shai check` reads it as a manifest.
 */
export const MARKER = '.shai-manifest';

const HEADER =
  '# Written by shai render: the files it owns in this directory, with their SHA-256.\n' +
  '# render replaces or removes only these; every other file here is left alone. Do not edit.\n';

/** SHA-256 of a file's bytes (text is hashed as UTF-8), lower-case hex. */
export function sha256(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** The marker's text for these files (path → content): sorted, same input, same bytes. */
export function markerText(files: ReadonlyMap<string, string>): string {
  const lines = [...files.keys()].sort().map((p) => `${sha256(files.get(p)!)}  ${p}\n`);
  return HEADER + lines.join('');
}

/** A path the marker may name: relative, POSIX separators, no `.`, `..` or empty segments. */
export function isOwnedPath(path: string): boolean {
  return path.split('/').every((s) => s !== '' && s !== '.' && s !== '..') && !path.includes('\0');
}

/** Parses a marker (path → hash); `name` is the marker's path for messages. */
export function parseMarker(text: string, name: string): Map<string, string> {
  const owned = new Map<string, string>();
  text.split('\n').forEach((line, i) => {
    if (line === '' || line.startsWith('#')) return;
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (!m || !isOwnedPath(m[2]!)) {
      throw new UserError(
        `${name}:${i + 1}: not a line of shai's marker ("<sha256>  <path>"); it was edited by hand. ` +
          `Restore it from git, or delete it and the files render wrote, then render again`,
      );
    }
    owned.set(m[2]!, m[1]!);
  });
  return owned;
}
