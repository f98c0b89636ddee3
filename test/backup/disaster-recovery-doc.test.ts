/*
 * docs/disaster-recovery.md states what the default platform backs up and what a restore loses; this keeps those
 * numbers the plan's (objectives.ts, from platform.yaml's schedule and retention and CloudNativePG's archive
 * timeout), and every `shai …` command it tells people to run a command the CLI has, with those options.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { objectives } from '../../src/backup/objectives.ts';
import { humanMinutes } from '../../src/config/cron-gap.ts';
import { commands } from '../../src/cli/commands/index.ts';
import { resolveCommands } from '../../src/cli/lazy.ts';
import { buildProgram } from '../../src/cli/program.ts';
import { loadConfig } from '../../src/config/load.ts';
import { plan as makePlan } from '../../src/plan/plan.ts';
import { registry } from '../../src/services/registry.ts';
import { captureIo, ROOT } from '../helpers/cli.ts';

const doc = readFileSync(join(ROOT, 'docs/disaster-recovery.md'), 'utf8');

describe('docs/disaster-recovery.md', () => {
  it("gives the default platform's backups with the RPO, schedule and retention the plan computes", async () => {
    const plan = makePlan(await loadConfig(join(ROOT, 'platform.yaml'), registry), registry);
    const expected = objectives(plan).map((o) => [
      o.service,
      o.what,
      o.consistency ?? 'as the files are',
      humanMinutes(o.rpoMinutes),
      humanMinutes(o.everyMinutes),
      `${o.retentionDays} days`,
    ]);
    const head = doc.search(/^\| service +\| what +\|/m);
    expect(head).toBeGreaterThan(0);
    const rows = doc
      .slice(head)
      .split('\n')
      .slice(2)
      .filter((_, i, all) => all.slice(0, i + 1).every((l) => l.startsWith('|')))
      .map((l) =>
        l
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim()),
      );
    expect(rows).toEqual(expected);
    expect(expected.length).toBeGreaterThanOrEqual(6);
    const backup = plan.config.backup!;
    expect(doc).toContain(`schedule \`${backup.schedule}\`, retention\n${backup.retention.days} days`);
  });

  it('names only shai commands and options that exist', async () => {
    const program = buildProgram(await resolveCommands(commands, []), captureIo(), '0.0.0', {});
    const find = (parent: Command, name: string) => parent.commands.find((c) => c.name() === name);
    const spans = [...doc.matchAll(/`(shai [^`]+)`/g)].map((m) => m[1]!);
    expect(spans.length).toBeGreaterThan(10);
    const bad = spans.flatMap((text) => {
      const words = text.split(/\s+/).slice(1);
      const cmd = find(program, words[0]!);
      if (!cmd) return [`${text}: no command`];
      const sub = cmd.commands.length ? find(cmd, words[1] ?? '') : cmd;
      if (!sub) return [`${text}: no subcommand`];
      const known = new Set([...program.options, ...cmd.options, ...sub.options].map((o) => o.long));
      return words.filter((w) => w.startsWith('--') && !known.has(w)).map((w) => `${text}: no ${w}`);
    });
    expect(bad).toEqual([]);
  });
});
