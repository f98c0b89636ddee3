import {
  chmodSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../src/errors.ts';
import { replaceFile } from '../src/fs-tree.ts';

const dir = mkdtempSync(join(tmpdir(), 'shai-fs-tree-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('replaceFile', () => {
  it('replaces the content, keeps the mode, leaves no temp file', async () => {
    const file = join(dir, 'platform.yaml');
    writeFileSync(file, 'old\n');
    chmodSync(file, 0o640);
    await replaceFile(file, 'new\n');
    expect(readFileSync(file, 'utf8')).toBe('new\n');
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['platform.yaml']);
  });

  it('follows a symlink: the file it points to is replaced and the link stays a link', async () => {
    const real = join(dir, 'dotfiles-platform.yaml');
    const link = join(dir, 'linked.yaml');
    writeFileSync(real, 'old\n');
    symlinkSync(real, link);
    await replaceFile(link, 'new\n');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('new\n');
  });

  it('a file that is not there is a user error naming it, and nothing is created', async () => {
    const missing = join(dir, 'sub', 'missing.yaml');
    await expect(replaceFile(missing, 'x')).rejects.toThrow(UserError);
    await expect(replaceFile(missing, 'x')).rejects.toThrow(missing);
    expect(readdirSync(dir).sort()).toEqual(['dotfiles-platform.yaml', 'linked.yaml', 'platform.yaml']);
  });
});
