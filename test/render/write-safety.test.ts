import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { MARKER } from '../../src/render/marker.ts';
import { resolveOutDir } from '../../src/render/out-dir.ts';
import { writeTree } from '../../src/render/write.ts';

/*
 * The data-loss property of render: whatever the output path (".", "", "..", absolute, through symlinks...)
 * and whatever the user keeps where, render changes no file outside its own set: the files it writes now,
 * the marker, and the files it wrote last time that nobody edited since. Everything runs on small trees
 * of real files in a temporary directory, so a case costs milliseconds.
 */

const sandboxes: string[] = [];
afterAll(() => {
  for (const d of sandboxes) rmSync(d, { recursive: true, force: true });
});

/** Every entry under `root`: files by content hash, symlinks by target, directories as such. */
function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      const info = lstatSync(p);
      const rel = relative(root, p);
      if (info.isSymbolicLink()) out.set(rel, `link:${readlinkSync(p)}`);
      else if (info.isDirectory()) walk(p);
      else out.set(rel, `file:${createHash('sha256').update(readFileSync(p)).digest('hex')}`);
    }
  };
  walk(root);
  return out;
}

function changedPaths(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).sort();
}

const segment = fc.constantFrom('deploy', 'apps', 'services', 'notes', 'mystuff', 'x', 'README.md');
const relPath = fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => s.join('/'));
const shaiFiles = fc
  .uniqueArray(
    fc.tuple(
      fc.array(fc.constantFrom('apps', 'services', 'svc-a', 'svc-b'), { maxLength: 2 }),
      fc.constantFrom('a.yaml', 'b.yaml', 'root.yaml', 'README.md'),
    ),
    { minLength: 1, maxLength: 5, selector: ([d, f]) => [...d, f].join('/') },
  )
  .map((entries) => new Map(entries.map(([d, f], i) => [[...d, f].join('/'), `kind: ConfigMap # ${i}\n`])));

/** Values of gitops.path / --out, as a user might write them; `$R` is the repository, `$O` a directory outside. */
const outValue = fc.constantFrom(
  '.',
  './',
  '',
  '..',
  '../..',
  '../outside',
  'deploy',
  'deploy/sub',
  'new/nested/dir',
  'notes',
  'afile',
  'afile/x',
  '.git',
  '.git/x',
  'link-in',
  'link-in/x',
  'link-out',
  'link-out/x',
  'link-up',
  '$R',
  '$R/deploy',
  '$O',
  '$O/x',
  '/',
);

interface Scenario {
  userFiles: string[];
  value: string;
  first: Map<string, string>;
  second: Map<string, string>;
  editOwned: boolean;
  addInside: boolean;
}

const scenario = fc.record({
  userFiles: fc.uniqueArray(relPath, { maxLength: 4 }),
  value: outValue,
  first: shaiFiles,
  second: shaiFiles,
  editOwned: fc.boolean(),
  addInside: fc.boolean(),
});

/** A sandbox: S/repo (with .git, platform.yaml, a file, symlinks in and out, user files) and S/outside. */
async function sandbox(userFiles: string[]): Promise<{ root: string; repo: string; outside: string }> {
  const root = await mkdtemp(join(tmpdir(), 'shai-prop-'));
  sandboxes.push(root);
  const repo = join(root, 'repo');
  const outside = join(root, 'outside');
  mkdirSync(join(repo, '.git'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(repo, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(join(repo, 'platform.yaml'), 'apiVersion: shai.dev/v1alpha1\n');
  writeFileSync(join(repo, 'afile'), 'just a file\n');
  writeFileSync(join(outside, 'precious.txt'), 'do not touch\n');
  mkdirSync(join(repo, 'inner'));
  symlinkSync(join(repo, 'inner'), join(repo, 'link-in'));
  symlinkSync(outside, join(repo, 'link-out'));
  symlinkSync('..', join(repo, 'link-up'));
  for (const f of userFiles) {
    const p = join(repo, f);
    try {
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, `user data ${f}\n`);
    } catch {
      // a user file where another is a directory (or the reverse): the tree simply does not have it
    }
  }
  return { root, repo, outside };
}

/** resolveOutDir + writeTree, as the render command does; a UserError is a refusal. */
async function render(value: string, repo: string, outside: string, files: Map<string, string>) {
  const v = value.replace('$R', repo).replace('$O', outside);
  try {
    const out = await resolveOutDir({ value: v, base: repo, repo, key: 'gitops.path' });
    const plan = await writeTree(out, files);
    return { out, plan };
  } catch (e) {
    if (e instanceof UserError) return { error: e.message };
    throw e; // anything else is a bug: the property fails
  }
}

/** The paths (relative to the sandbox) render may have changed: its files now, the marker, what it owned before. */
function allowed(root: string, out: string, ...sets: Map<string, string>[]): Set<string> {
  const rel = relative(root, out);
  const names = new Set([MARKER, ...sets.flatMap((s) => [...s.keys()])]);
  return new Set([...names].map((n) => (rel ? `${rel}${sep}${n.split('/').join(sep)}` : n)));
}

describe('render never changes a file it does not own (property)', () => {
  it('random trees, user files, output paths and symlinks: only shai files change', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s: Scenario) => {
        const { root, repo, outside } = await sandbox(s.userFiles);
        const before = snapshot(root);
        const r1 = await render(s.value, repo, outside, s.first);
        const mid = snapshot(root);
        if ('error' in r1) {
          expect(changedPaths(before, mid)).toEqual([]);
          return;
        }
        // Written: inside the repository, never the repository itself, never outside.
        expect(r1.out.startsWith(repo + sep)).toBe(true);
        for (const p of changedPaths(before, mid))
          expect(allowed(root, r1.out, s.first).has(p), p).toBe(true);
        for (const [p, c] of s.first) expect(readFileSync(join(r1.out, p), 'utf8')).toBe(c);

        // The user edits one owned file and adds their own; the second render keeps both unless it owns the path.
        const [edited] = [...s.first.keys()];
        if (s.editOwned) writeFileSync(join(r1.out, edited!), 'edited by hand\n');
        if (s.addInside) writeFileSync(join(r1.out, 'mine.txt'), 'my notes\n');
        const beforeSecond = snapshot(root);
        const r2 = await render(s.value, repo, outside, s.second);
        const after = snapshot(root);
        if ('error' in r2) {
          expect(changedPaths(beforeSecond, after)).toEqual([]);
          return;
        }
        const owned = new Map([...s.first].filter(([p]) => !(s.editOwned && p === edited)));
        const ok = allowed(root, r2.out, s.second, owned);
        for (const p of changedPaths(beforeSecond, after)) expect(ok.has(p), p).toBe(true);
        if (s.addInside) expect(readFileSync(join(r2.out, 'mine.txt'), 'utf8')).toBe('my notes\n');
        if (s.editOwned && !s.second.has(edited!))
          expect(readFileSync(join(r2.out, edited!), 'utf8')).toBe('edited by hand\n');
        if (s.editOwned && s.second.has(edited!))
          expect(r2.plan.changes).toContainEqual({ path: edited, change: 'changed', edited: true });
      }),
      { numRuns: 300, seed: 20261203, endOnFailure: true },
    );
  }, 120_000);
});

describe('writeTree ownership', () => {
  async function repoWith(files: Record<string, string>): Promise<string> {
    const root = await mkdtemp(join(tmpdir(), 'shai-own-'));
    sandboxes.push(root);
    for (const [p, c] of Object.entries(files)) {
      mkdirSync(dirname(join(root, p)), { recursive: true });
      writeFileSync(join(root, p), c);
    }
    return root;
  }
  const v1 = new Map([
    ['apps/a.yaml', 'a: 1\n'],
    ['apps/b.yaml', 'b: 1\n'],
  ]);

  it('removes the files it wrote and no longer renders, and the directories they leave empty', async () => {
    const root = await repoWith({});
    await writeTree(join(root, 'deploy'), new Map([...v1, ['old/c.yaml', 'c\n']]));
    const plan = await writeTree(join(root, 'deploy'), v1);
    expect(plan.changes).toEqual([{ path: 'old/c.yaml', change: 'removed' }]);
    expect(existsSync(join(root, 'deploy/old'))).toBe(false);
  });

  it('keeps a file it wrote that was edited and is no longer rendered, and says so', async () => {
    const root = await repoWith({});
    await writeTree(join(root, 'deploy'), v1);
    writeFileSync(join(root, 'deploy/apps/b.yaml'), 'edited\n');
    const plan = await writeTree(join(root, 'deploy'), new Map([['apps/a.yaml', 'a: 1\n']]));
    expect(plan.keptEdited).toEqual(['apps/b.yaml']);
    expect(readFileSync(join(root, 'deploy/apps/b.yaml'), 'utf8')).toBe('edited\n');
  });

  it('refuses to replace a file of the user at a path it would now render', async () => {
    const root = await repoWith({});
    await writeTree(join(root, 'deploy'), v1);
    writeFileSync(join(root, 'deploy/apps/new.yaml'), 'mine\n');
    await expect(writeTree(join(root, 'deploy'), new Map([...v1, ['apps/new.yaml', 'x\n']]))).rejects.toThrow(
      /render would replace apps\/new\.yaml, which shai did not write/,
    );
    expect(readFileSync(join(root, 'deploy/apps/new.yaml'), 'utf8')).toBe('mine\n');
  });

  it('refuses a marker edited by hand, naming its line', async () => {
    const root = await repoWith({ 'deploy/.shai-manifest': 'hello\n', 'deploy/apps/a.yaml': 'a: 1\n' });
    await expect(writeTree(join(root, 'deploy'), v1)).rejects.toThrow(
      /\.shai-manifest:1: not a line of shai's marker/,
    );
  });

  it('never follows or replaces a symlink inside the tree', async () => {
    const root = await repoWith({ 'elsewhere/x.yaml': 'keep\n' });
    await writeTree(join(root, 'deploy'), new Map([['x/a.yaml', '1\n']]));
    rmSync(join(root, 'deploy/x'), { recursive: true });
    symlinkSync(join(root, 'elsewhere'), join(root, 'deploy/x'));
    await expect(writeTree(join(root, 'deploy'), new Map([['x/x.yaml', '2\n']]))).rejects.toThrow(
      /render would replace x\/x\.yaml/,
    );
    expect(readFileSync(join(root, 'elsewhere/x.yaml'), 'utf8')).toBe('keep\n');
  });
});
