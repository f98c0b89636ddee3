import { describe, expect, it } from 'vitest';
import { load } from 'js-yaml';
import { runCheck } from '../../src/check/engine.ts';
import { noPlainSecrets } from '../../src/check/rules/no-plain-secrets.ts';
import { IGNORE_ANNOTATION, IGNORE_REASON_ANNOTATION } from '../../src/k8s/annotations.ts';
import { recordedObjects } from '../helpers/charts.ts';

/*
 * kube-prometheus-stack keeps Alertmanager's configuration in a Secret of its own (templates/alertmanager/secret.yaml
 * at 88.5.3). shai annotates it out of no-plain-secrets because it holds no credential; this proves that reason
 * on what real helm rendered (test/fixtures/charts/kube-prometheus-stack.yaml), with every receiver of the
 * default platform configured (Slack and e-mail).
 */

/**
 * Every configuration key Alertmanager types as a secret (commoncfg.Secret, SecretURL), read at the version the
 * chart runs (quay.io/prometheus/alertmanager:v0.34.0): `git grep` of fields typed *Secret* with a yaml tag in
 * config/*.go and notify/*.go at tag v0.34.0, plus prometheus/common v0.70.1 config/*.go (http_config: basic
 * auth, bearer token, OAuth 2, TLS), the version alertmanager's go.mod requires.
 */
const SECRET_KEYS = new Set([
  // alertmanager v0.34.0
  'alert_source_token',
  'api_key',
  'api_secret',
  'api_url',
  'app_token',
  'auth_password',
  'auth_secret',
  'bot_token',
  'mattermost_webhook_url',
  'opsgenie_api_key',
  'rocketchat_token',
  'rocketchat_token_id',
  'routing_key',
  'service_key',
  'slack_api_url',
  'slack_app_token',
  'smtp_auth_password',
  'smtp_auth_secret',
  'telegram_bot_token',
  'token',
  'token_id',
  'url',
  'user_key',
  'victorops_api_key',
  'webhook_url',
  'wechat_api_secret',
  // prometheus/common v0.70.1
  'bearer_token',
  'client_certificate_key',
  'client_secret',
  'credentials',
  'key',
  'password',
  'secrets',
]);

type Yaml = Record<string, unknown>;

/** Every key of a YAML value at any depth, with its path. */
function keys(v: unknown, path = ''): string[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => keys(x, `${path}[${i}]`));
  if (v === null || typeof v !== 'object') return [];
  return Object.entries(v as Yaml).flatMap(([k, x]) => [`${path}.${k}`, ...keys(x, `${path}.${k}`)]);
}

const configSecret = () =>
  recordedObjects('kube-prometheus-stack').find(
    (o) => o.kind === 'Secret' && o.metadata.name === 'alertmanager-kube-prometheus-stack-alertmanager',
  )!;

describe("kube-prometheus-stack's Alertmanager config Secret, as helm rendered it", () => {
  it('holds no key Alertmanager types as a secret: receivers read every credential from a mounted file', () => {
    const data = configSecret().data as Record<string, string>;
    const config = load(Buffer.from(data['alertmanager.yaml']!, 'base64').toString('utf8'));
    const receivers = ((config as Yaml).receivers as Yaml[]).map((r) => Object.keys(r).sort());
    expect(receivers).toContainEqual(['email_configs', 'name', 'slack_configs', 'webhook_configs']);
    // The one exception: the alert-digest webhook's URL is n8n's in-cluster address and a fixed path, no
    // credential in it (no user info, no token); Alertmanager types every webhook URL as a secret all the same.
    const digest = /^http:\/\/n8n\.[a-z0-9-]+\.svc\.cluster\.local:\d+\/webhook\/[a-z0-9-]+$/;
    const at = (path: string): unknown =>
      path
        .split(/\.|\[(\d+)\]/)
        .filter(Boolean)
        .reduce<unknown>((v, k) => (v as Yaml | undefined)?.[k], config);
    const inline = keys(config).filter(
      (p) =>
        SECRET_KEYS.has(p.slice(p.lastIndexOf('.') + 1)) &&
        !(/\.webhook_configs\[\d+\]\.url$/.test(p) && digest.test(String(at(p)))),
    );
    expect(inline).toEqual([]);
    // The credentials are files of the sealed secrets mounted under /etc/alertmanager/secrets.
    const files = JSON.stringify(config).match(/"\w+_file":"[^"]*"/g) ?? [];
    expect(files.length).toBeGreaterThan(1);
    expect(files.filter((f) => !f.includes('":"/etc/alertmanager/secrets/'))).toEqual([]);
  });

  it('is annotated out of no-plain-secrets with that reason, so shai check skips it', () => {
    const secret = configSecret();
    expect(secret.metadata.annotations?.[IGNORE_ANNOTATION]).toBe('no-plain-secrets');
    expect(secret.metadata.annotations?.[IGNORE_REASON_ANNOTATION]).toMatch(/not a credential/);
    const report = runCheck({ objects: [{ object: secret }] }, [noPlainSecrets]);
    expect(report.findings.map((f) => f.status)).toEqual(['skipped']);
  });
});
