import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ruleGroups, toRule } from '../../src/render/observe/rules.ts';
import type { AlertSpec } from '../../src/observe/types.ts';
import { describeWithTools } from '../helpers/tools.ts';
import { observed, PLATFORMS } from './platforms.ts';

const HOW = 'bash .ci/tools.sh (Debian package prometheus)';
const exec = promisify(execFile);

/** Runs a tool; its exit status and output instead of a throw. */
async function run(tool: string, args: string[]): Promise<{ status: number; out: string }> {
  try {
    const { stdout, stderr } = await exec(tool, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
    return { status: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return {
      status: typeof err.code === 'number' ? err.code : 1,
      out: `${err.stdout ?? ''}${err.stderr ?? ''}`,
    };
  }
}

const same = (a: AlertSpec, b: AlertSpec) => JSON.stringify(a.test.fire) === JSON.stringify(b.test.fire);

/**
 * promtool unit tests, one file per alert name and service (promtool evaluates every rule of the file at every
 * step of every test, so small files keep it fast). The firing series must raise the alert (and the rules of the
 * same name and service that share them: a burn rate's page and ticket); the quiet ones must raise nothing.
 * Annotations are left out of these rule files: promtool would compare their rendered text too.
 */
function unitTestFiles(dir: string, alerts: AlertSpec[]): string[] {
  const keys = [...new Set(alerts.map((a) => `${a.alert}.${a.service}`))];
  return keys.map((key) => {
    const mine = alerts.filter((a) => `${a.alert}.${a.service}` === key);
    writeFileSync(
      join(dir, `${key}.rules.yaml`),
      stringify({
        groups: [{ name: key, rules: mine.map((a) => ({ ...toRule(a), annotations: undefined })) }],
      }),
    );
    const tests = mine.flatMap((a) => {
      const evalTime = a.test.evalTime ?? '30m';
      const exp = mine
        .filter((b) => same(a, b))
        .map((b) => ({
          exp_labels: { ...b.test.labels, severity: b.severity, service: b.service, ...b.labels },
        }));
      return [
        {
          name: `${key} fires`,
          interval: '1m',
          input_series: a.test.fire,
          alert_rule_test: [{ eval_time: evalTime, alertname: a.alert, exp_alerts: exp }],
        },
        {
          name: `${key} stays quiet`,
          interval: '1m',
          input_series: a.test.quiet,
          alert_rule_test: [{ eval_time: evalTime, alertname: a.alert, exp_alerts: [] }],
        },
      ];
    });
    const file = join(dir, `${key}.test.yaml`);
    writeFileSync(file, stringify({ rule_files: [`${key}.rules.yaml`], evaluation_interval: '1m', tests }));
    return file;
  });
}

/** Runs the unit test files in two promtool processes; the names of the files that failed, with the output. */
async function failingTests(promtool: string, files: string[]): Promise<string[]> {
  const halves = [files.filter((_, i) => i % 2 === 0), files.filter((_, i) => i % 2 === 1)].filter(
    (h) => h.length,
  );
  const results = await Promise.all(halves.map((h) => run(promtool, ['test', 'rules', ...h])));
  return results.flatMap((r) =>
    r.status === 0
      ? []
      : [
          r.out
            .split('\n')
            .filter((l) => /FAILED|name:|Unit Testing/.test(l))
            .join('\n'),
        ],
  );
}

describeWithTools(
  'alert rules and dashboard queries under the real promtool',
  ['promtool'],
  HOW,
  ({ promtool: tool }) => {
    const promtool = tool!;
    it.each(PLATFORMS)('%s: every alert rule and dashboard query compiles', async (file) => {
      const o = await observed(file);
      const dir = mkdtempSync(join(tmpdir(), 'shai-promtool-'));
      writeFileSync(join(dir, 'rules.yaml'), stringify({ groups: ruleGroups(o.ctx) }));
      // Dashboard queries compiled as recording rules of a scratch file.
      const queries = o.dashboards.flatMap((d) => d.exprs);
      writeFileSync(
        join(dir, 'dashboards.yaml'),
        stringify({
          groups: [
            {
              name: 'dashboards',
              rules: queries.map((expr, i) => ({ record: `shai:dashboard_query_${i}`, expr })),
            },
          ],
        }),
      );
      const check = await run(promtool, [
        'check',
        'rules',
        join(dir, 'rules.yaml'),
        join(dir, 'dashboards.yaml'),
      ]);
      expect(check.status, check.out).toBe(0);
      expect(check.out).toContain(`SUCCESS: ${o.alerts.length} rules found`);
      expect(check.out).toContain(`SUCCESS: ${queries.length} rules found`);
    });

    // The other platforms build the same alerts with other names and numbers; the default one runs them all.
    it('platform.yaml: every alert fires on its firing series and stays quiet on its quiet ones', async () => {
      const o = await observed('platform.yaml');
      const files = unitTestFiles(mkdtempSync(join(tmpdir(), 'shai-promtool-')), o.alerts);
      expect(files.length).toBeGreaterThan(30);
      expect(await failingTests(promtool, files)).toEqual([]);
    }, 600_000);

    it('fails a unit test whose firing series do not fire the alert (the harness can fail)', async () => {
      const o = await observed('platform.yaml');
      const a = o.alerts.find((x) => x.alert === 'PodCrashLooping')!;
      const files = unitTestFiles(mkdtempSync(join(tmpdir(), 'shai-promtool-')), [
        { ...a, test: { ...a.test, fire: a.test.quiet } },
      ]);
      expect((await failingTests(promtool, files)).join('')).toContain('PodCrashLooping.platform fires');
    });
  },
);
