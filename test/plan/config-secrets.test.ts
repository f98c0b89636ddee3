import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { UserError } from '../../src/errors.ts';
import { plan } from '../../src/plan/plan.ts';
import type { Plan } from '../../src/plan/types.ts';
import { registry } from '../../src/services/registry.ts';
import { config } from './helpers.ts';

const root = resolve(import.meta.dirname, '../..');
const planOf = async (file: string) => plan(await loadConfig(resolve(root, file), registry), registry);
const secret = (p: Plan, ns: string, name: string) =>
  p.secrets.find((s) => s.namespace === ns && s.name === name);

describe('Secrets platform.yaml references', () => {
  it("are external secrets of Alertmanager's service, in its namespace, under the key path that names them", async () => {
    const p = await planOf('platform.yaml');
    const { slack, email } = p.config.alerts;
    const webhook = secret(p, 'monitoring', slack!.webhook.name);
    expect(webhook).toMatchObject({ service: 'kube-prometheus-stack', configPath: 'alerts.slack.webhook' });
    expect(webhook!.keys[slack!.webhook.key]?.kind).toBe('external');
    const smtp = secret(p, 'monitoring', email!.password.name);
    expect(smtp!.keys[email!.password.key]?.kind).toBe('external');
    const kps = p.services.find((s) => s.name === 'kube-prometheus-stack')!;
    expect(kps.secrets.map((s) => s.name)).toEqual(
      expect.arrayContaining([slack!.webhook.name, email!.password.name]),
    );
  });

  it('leave out the backup credentials Velero does not read when the target is the planned MinIO', async () => {
    const p = await planOf('platform.yaml');
    const ref = p.config.backup!.target.credentials;
    expect(p.config.backup!.target.endpoint).toContain('minio.backup.svc.cluster.local');
    expect(p.secrets.filter((s) => s.name === ref.name)).toEqual([]);
  });

  it('put the ACME DNS token in the namespace of the ClusterIssuer solver (cert-manager), for pki', async () => {
    const p = await planOf('examples/acme.yaml');
    const ref = p.config.tls.acme!.credentials;
    const pki = p.services.find((s) => s.name === 'pki')!;
    const s = secret(p, pki.namespace, ref.name);
    expect(pki.namespace).toBe(p.services.find((x) => x.name === 'cert-manager')!.namespace);
    expect(s).toMatchObject({ service: 'pki', configPath: 'tls.acme.credentials' });
    expect(Object.keys(s!.keys)).toEqual([ref.key]);
    expect(s!.keys[ref.key]).toMatchObject({ kind: 'external' });
    // The internal CA needs none.
    expect(
      (await planOf('platform.yaml')).secrets.filter((x) => x.configPath === 'tls.acme.credentials'),
    ).toEqual([]);
  });

  it("give an external S3 target its credentials in Velero's namespace", () => {
    const c = config(registry, {
      backup: {
        target: {
          endpoint: 'https://s3.eu-central-1.amazonaws.com',
          bucket: 'lab-backups',
          credentials: { name: 'offsite-s3', key: 'cloud' },
        },
      },
    });
    const p = plan(c, registry);
    expect(secret(p, 'backup', 'offsite-s3')).toMatchObject({
      service: 'velero',
      configPath: 'backup.target.credentials',
      keys: { cloud: { kind: 'external' } },
    });
  });

  it('merge two references to one Secret into one secret with both keys', () => {
    const ref = (key: string) => ({ name: 'alert-receivers', key });
    const c = config(registry, {
      alerts: {
        slack: { webhook: ref('slack-url'), channel: '#alerts' },
        email: {
          to: 'a@lab.example',
          from: 'b@lab.example',
          smarthost: 'smtp.lab.example:587',
          password: ref('smtp'),
        },
      },
    });
    const secrets = plan(c, registry).secrets.filter((s) => s.name === 'alert-receivers');
    const found = secrets.filter((s) => s.namespace === 'monitoring');
    expect(found).toHaveLength(1);
    expect(Object.keys(found[0]!.keys).sort()).toEqual(['slack-url', 'smtp']);
    // n8n's alert-digest workflow mails with the same SMTP password: its own copy, in its namespace.
    const n8n = secrets.filter((s) => s.namespace === 'automation');
    expect(n8n.map((s) => [s.service, Object.keys(s.keys)])).toEqual([['n8n', ['smtp']]]);
  });

  it('refuse a reference to a secret shai generates for the same service, naming the key', () => {
    const c = config(registry, {
      alerts: { slack: { webhook: { name: 'grafana-admin', key: 'url' }, channel: '#alerts' } },
    });
    expect(() => plan(c, registry)).toThrow(UserError);
    expect(() => plan(c, registry)).toThrow(/alerts\.slack\.webhook\.name: "grafana-admin"/);
  });
});
