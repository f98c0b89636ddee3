import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { stringify } from 'yaml';
import { alertmanagerConfig, RECEIVERS } from '../../src/observe/alertmanager.ts';
import { describeWithTools } from '../helpers/tools.ts';
import { observed, PLATFORMS } from './platforms.ts';

const HOW = 'bash .ci/tools.sh (Debian package prometheus-alertmanager)';

describeWithTools('Alertmanager routing under the real amtool', ['amtool'], HOW, ({ amtool: tool }) => {
  const amtool = tool!;
  const configFile = async (file: string) => {
    const { ctx } = await observed(file);
    const path = join(mkdtempSync(join(tmpdir(), 'shai-amtool-')), 'alertmanager.yaml');
    writeFileSync(path, stringify(alertmanagerConfig(ctx.plan)));
    return path;
  };
  const route = (config: string, ...labels: string[]) =>
    execFileSync(amtool, ['config', 'routes', 'test', `--config.file=${config}`, ...labels], {
      encoding: 'utf8',
    }).trim();

  it.each(PLATFORMS)('%s: amtool check-config accepts the configuration', async (file) => {
    const out = execFileSync(amtool, ['check-config', await configFile(file)], { encoding: 'utf8' });
    expect(out).toContain('SUCCESS');
  });

  it('routes by severity: critical and warning to their receivers, Watchdog and info to none', async () => {
    const config = await configFile('platform.yaml');
    expect(route(config, 'alertname=ServiceUnavailable', 'severity=critical', 'service=litellm')).toBe(
      RECEIVERS.critical,
    );
    expect(route(config, 'alertname=PodCrashLooping', 'severity=warning', 'service=platform')).toBe(
      RECEIVERS.warning,
    );
    expect(route(config, 'alertname=Watchdog', 'severity=none')).toBe(RECEIVERS.none);
    expect(route(config, 'alertname=CPUThrottlingHigh', 'severity=info')).toBe(RECEIVERS.none);
    // An alert without a severity falls to the root receiver.
    expect(route(config, 'alertname=Custom')).toBe(RECEIVERS.warning);
  });

  it('sends critical alerts to Slack and e-mail, warnings to Slack only (e-mail when there is no Slack)', async () => {
    const { ctx } = await observed('platform.yaml');
    const receivers = alertmanagerConfig(ctx.plan).receivers as Record<string, unknown>[];
    const byName = (n: string) => receivers.find((r) => r.name === n)!;
    // The default platform imports n8n's alert-digest workflow, so both also post to its webhook.
    expect(Object.keys(byName(RECEIVERS.critical)).sort()).toEqual([
      'email_configs',
      'name',
      'slack_configs',
      'webhook_configs',
    ]);
    expect(Object.keys(byName(RECEIVERS.warning)).sort()).toEqual([
      'name',
      'slack_configs',
      'webhook_configs',
    ]);
    expect(byName(RECEIVERS.warning).webhook_configs).toEqual([
      { url: 'http://n8n.automation.svc.cluster.local:5678/webhook/alert-digest', send_resolved: true },
    ]);
    const noSlack = {
      ...ctx.plan,
      config: { ...ctx.plan.config, alerts: { ...ctx.plan.config.alerts, slack: undefined } },
    };
    const warning = (alertmanagerConfig(noSlack).receivers as Record<string, unknown>[]).find(
      (r) => r.name === RECEIVERS.warning,
    )!;
    expect(Object.keys(warning).sort()).toEqual(['email_configs', 'name', 'webhook_configs']);
  });

  it('holds back the alerts of a node that is down (rules that carry its node label)', async () => {
    const { ctx, alerts } = await observed('platform.yaml');
    const inhibit = (
      alertmanagerConfig(ctx.plan).inhibit_rules as { source_matchers: string[]; equal: string[] }[]
    ).find((r) => r.source_matchers.includes('alertname="NodeNotReady"'))!;
    expect(inhibit.equal).toEqual(['node']);
    // The pod alerts name their node (from kube_pod_info), and the per-node GPU alerts carry it as a rule label.
    expect(alerts.find((a) => a.alert === 'PodCrashLooping')!.test.labels.node).toBe('homelab');
    expect(alerts.filter((a) => a.alert === 'GpuNodeWithoutGpu').map((a) => a.labels?.node)).toEqual([
      'akula-prime',
    ]);
  });
});
