import { UserError } from '../errors.ts';
import { MARKER, markerText, sha256 } from './marker.ts';

/** What is in the output directory now: files (with a hash where render needed one) and what else. */
export interface DiskState {
  /** Regular files, relative POSIX path → SHA-256 (hashed only when render owns or writes the path). */
  files: ReadonlyMap<string, string | undefined>;
  /** Symlinks, sockets, devices...: never followed, never replaced, never removed. */
  others: ReadonlySet<string>;
  /** Directories (relative paths). */
  dirs: ReadonlySet<string>;
  /** The marker's entries (path → hash), or undefined when the directory carries none. */
  marker: ReadonlyMap<string, string> | undefined;
  /** The marker's text as on disk. */
  markerText: string | undefined;
}

/** One file render writes, or one it removes. */
export interface Change {
  path: string;
  change: 'added' | 'changed' | 'removed';
  /** The file on disk differs from what render wrote last time: someone edited it (its edit is replaced). */
  edited?: boolean;
}

/** What render will do to the directory, decided before anything is touched. */
export interface WritePlan {
  changes: Change[];
  /** Files render wrote before and no longer renders, kept because someone edited them (now theirs). */
  keptEdited: string[];
  /** Files render did not write: left alone. */
  foreign: string[];
  /** The directory had no marker but held only files render writes: it is taken over. */
  adopted: boolean;
  /** The new marker text, and whether it differs from the one on disk. */
  marker: string;
  markerChanged: boolean;
  /** The directory carried a marker before. */
  markerExisted: boolean;
  /** The directory was absent or empty: every file is new. */
  fresh: boolean;
}

const SHOWN = 10;

/** `a, b, c and 4 more` */
export function listPaths(paths: readonly string[]): string {
  const shown = paths.slice(0, SHOWN).join(', ');
  return paths.length > SHOWN ? `${shown} and ${paths.length - SHOWN} more` : shown;
}

function ancestors(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

/**
 * Decides what render may do in a directory (pure). It writes only into a directory that is empty, that
 * carries its marker, or that holds nothing but files render itself writes (an older, unmarked render:
 * adopted). It replaces only files it wrote (or identical ones) and removes only files it wrote that
 * nobody edited since; anything else is refused, naming the files, before a byte is written.
 */
export function planWrite(rendered: ReadonlyMap<string, string>, disk: DiskState, where: string): WritePlan {
  const marker = disk.marker;
  const diskPaths = [...disk.files.keys(), ...disk.others];
  if (!marker) {
    const unknown = [...diskPaths.filter((p) => !rendered.has(p) || disk.others.has(p))].sort();
    if (unknown.length) {
      throw new UserError(
        `${where}: holds files shai did not write (${listPaths(unknown)}) and no ${MARKER} marking it as ` +
          `shai's; render writes only into an empty directory or one it rendered before. Move those files ` +
          `away, or render into another directory`,
      );
    }
  }
  const conflicts: string[] = [];
  const changes: Change[] = [];
  const newHashes = new Map<string, string>();
  for (const [path, content] of rendered) {
    const hash = sha256(content);
    newHashes.set(path, hash);
    if (ancestors(path).some((a) => disk.files.has(a) || disk.others.has(a)) || disk.others.has(path)) {
      conflicts.push(path);
      continue;
    }
    if (disk.dirs.has(path)) {
      conflicts.push(`${path}/`);
      continue;
    }
    if (!disk.files.has(path)) {
      changes.push({ path, change: 'added' });
      continue;
    }
    const onDisk = disk.files.get(path);
    if (onDisk === hash) continue;
    const owned = marker ? marker.get(path) : onDisk; // unmarked: every file here is one render writes
    if (owned === undefined) conflicts.push(path);
    else changes.push({ path, change: 'changed', ...(owned !== onDisk ? { edited: true } : {}) });
  }
  if (conflicts.length) {
    throw new UserError(
      `${where}: render would replace ${listPaths(conflicts.sort())}, which shai did not write ` +
        `(not in ${MARKER}); move them away and render again`,
    );
  }
  const keptEdited: string[] = [];
  for (const [path, hash] of marker ?? []) {
    if (rendered.has(path) || !disk.files.has(path)) continue;
    if (disk.files.get(path) === hash) changes.push({ path, change: 'removed' });
    else keptEdited.push(path);
  }
  const foreign = marker ? diskPaths.filter((p) => !rendered.has(p) && !marker.has(p)) : [];
  const text = markerText(rendered);
  return {
    changes: changes.sort((a, b) => (a.path < b.path ? -1 : 1)),
    keptEdited: keptEdited.sort(),
    foreign: foreign.sort(),
    adopted: !marker && diskPaths.length > 0,
    marker: text,
    markerChanged: text !== disk.markerText,
    markerExisted: disk.markerText !== undefined,
    fresh: !marker && diskPaths.length === 0,
  };
}

/** The lines render and `render --check` print for a plan: one per change, then what was left alone. */
export function describePlan(plan: WritePlan): string[] {
  const lines = plan.changes.map(
    (c) =>
      `  ${c.change.padEnd(8)} ${c.path}${c.edited ? ' (edited since the last render; the edit is replaced)' : ''}`,
  );
  if (plan.keptEdited.length)
    lines.push(
      `  kept     ${listPaths(plan.keptEdited)}: no longer rendered, but edited since the last render, so left in place`,
    );
  if (plan.foreign.length) lines.push(`  left alone (not written by shai): ${listPaths(plan.foreign)}`);
  return lines;
}
