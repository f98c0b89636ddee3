/*
 * Every `shai …` command that a fix, advice or message of doctor's analyzers, check's rules, the config rules
 * and the plan names must exist, with the options it names: the string literals of those sources are walked
 * with the TypeScript parser and each command is looked up in the CLI's own commander program.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index.ts';
import { resolveCommands } from '../../src/cli/lazy.ts';
import { buildProgram } from '../../src/cli/program.ts';
import { promoteCommand } from '../../src/k8s/argocd-pause.ts';
import { captureIo, ROOT } from '../helpers/cli.ts';

const ROOTS = ['src/cluster', 'src/check', 'src/config', 'src/plan', 'src/k8s', 'src/backup'];

/** Words that follow "shai" in prose ("shai cannot tell"), not command names. */
const PROSE = new Set([
  'cannot',
  'could',
  'has',
  'for',
  'adds',
  'excepts',
  'did',
  'reads',
  'leaves',
  'runs',
  'ever',
  'platform',
  'renders',
  'generates',
  'in',
  'can',
  'changed',
  // Verbs and small words prose puts after "shai", so a teammate's sentence does not read as a command.
  'accepts',
  'checks',
  'does',
  'gives',
  'is',
  'keeps',
  'knows',
  'makes',
  'never',
  'only',
  'sees',
  'sets',
  'uses',
  'will',
  'would',
  'writes',
]);
/** Prose after a command that has subcommands ("what shai secrets generates"). */
const PROSE_AFTER = new Set(['secrets generates']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** `{ file, text }` of every `shai …` mention in a string or template literal, up to a clause's end. */
function mentions(): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const file of ROOTS.flatMap((r) => files(join(ROOT, r)))) {
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (n: ts.Node) => {
      if (
        ts.isStringLiteral(n) ||
        ts.isNoSubstitutionTemplateLiteral(n) ||
        ts.isTemplateHead(n) ||
        ts.isTemplateMiddle(n) ||
        ts.isTemplateTail(n)
      )
        for (const m of n.text.matchAll(/\bshai ([a-z][a-z-]*)[^`.;:,()\n]*/g))
          out.push({ file: file.slice(ROOT.length + 1), text: m[0].trimEnd() });
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out;
}

// Every command loaded (the registry is lazy), as `shai --help` builds it.
const program = buildProgram(await resolveCommands(commands, []), captureIo(), '0.0.0', {});
const find = (parent: Command, name: string) => parent.commands.find((c) => c.name() === name);
const options = (c: Command) => new Set(c.options.map((o) => o.long));

/** What is wrong with one mention, or undefined when the command and its options exist. */
function problem(text: string): string | undefined {
  const words = text.split(/\s+/).slice(1);
  const [name, next] = words;
  if (PROSE.has(name!)) return undefined;
  const cmd = find(program, name!);
  if (!cmd) return `no command "shai ${name}"`;
  let target = cmd;
  if (cmd.commands.length && next && !next.startsWith('--')) {
    if (PROSE_AFTER.has(`${name} ${next}`)) return undefined;
    const sub = find(cmd, next);
    if (!sub) return `no command "shai ${name} ${next}"`;
    target = sub;
  }
  const known = new Set([...options(program), ...options(cmd), ...options(target), '--help']);
  const unknown = words.filter((w) => w.startsWith('--')).filter((w) => !known.has(w.replace(/=.*$/, '')));
  return unknown.length
    ? `shai ${target === cmd ? name : `${name} ${next}`} has no ${unknown.join(', ')}`
    : undefined;
}

describe('commands named in advice', () => {
  const all = mentions();

  it('are found in the analyzers, rules and plan (the walk reads them)', () => {
    expect(all.length).toBeGreaterThan(10);
    expect(all.map((m) => m.text)).toContain('shai doctor --dump-command');
  });

  it('all exist in the CLI, with the options they name', () => {
    const bad = all.flatMap((m) => {
      const p = problem(m.text);
      return p ? [`${m.file}: "${m.text}": ${p}`] : [];
    });
    expect(bad).toEqual([]);
  });

  it('holds the commands advice builds from a service name too (options after a ${} are not in one literal)', () => {
    expect(problem(promoteCommand('valkey'))).toBeUndefined();
  });

  it('the check itself fails on a command, subcommand or option the CLI does not have', () => {
    expect(problem('shai restore --service x')).toBe('no command "shai restore"');
    expect(problem('shai backup rewind')).toBe('no command "shai backup rewind"');
    expect(problem('shai backup restore --service x --when now')).toBe('shai backup restore has no --when');
    expect(problem('shai backup restore --service x --at 2026-12-03T00:00:00Z')).toBeUndefined();
  });
});
