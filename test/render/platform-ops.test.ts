import { execFileSync } from 'node:child_process';
import { networkFlows } from '../../src/check/rules/network-flows.ts';
import { probesPresent } from '../../src/check/rules/probes-present.ts';
import { runAsNonRoot } from '../../src/check/rules/run-as-non-root.ts';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { KubeObject } from '../../src/k8s/object.ts';
import { loadSchemas } from '../../src/k8s/schemas.ts';
import { RECEIVERS } from '../../src/observe/alertmanager.ts';
import { APPLICATION_HEALTH_LUA } from '../../src/build/argocd.ts';
import { clientSecretEnv } from '../../src/build/realm.ts';
import { validateManifest } from '../../src/render/tree.ts';
import { runCheck } from '../../src/check/engine.ts';
import { platformCheckInput } from '../../src/check/platform.ts';
import { built, objectsOf } from './system-helpers.ts';

const MINE = [
  'valkey',
  'argocd',
  'keycloak',
  'keycloak-config',
  'oauth2-proxy',
  'minio',
  'velero',
  'kube-prometheus-stack',
  'loki',
  'alloy',
];
const root = resolve(import.meta.dirname, '../..');
const files = [
  'platform.yaml',
  ...readdirSync(resolve(root, 'examples'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `examples/${f}`),
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered objects, read field by field
type Obj = Record<string, any>;
const containerOf = (o: KubeObject): Obj => (o.spec as Obj).template.spec.containers[0];
const tmp = () => mkdtempSync(join(tmpdir(), 'shai-ops-'));

/** Whether a platform file keeps kube-prometheus-stack (examples/minimal-webui.yaml switches it off). */
const monitored = (file: string) =>
  parse(readFileSync(resolve(root, file), 'utf8')).services?.['kube-prometheus-stack']?.enabled !== false;

describe.each(files)('the platform and ops services of %s', (file) => {
  it('build objects that pass strict validation', async () => {
    const { manifest } = await built(file);
    const mine = manifest.filter((e) => MINE.includes(e.service));
    expect(mine.length).toBeGreaterThan(0);
    await loadSchemas(mine.map((e) => e.object));
    expect(() => validateManifest(mine)).not.toThrow();
  });

  it('pass the network-flow, probe and non-root checks for these services', async () => {
    const { plan, manifest } = await built(file);
    const report = runCheck(platformCheckInput(plan.config, plan, manifest), [
      networkFlows,
      probesPresent,
      runAsNonRoot,
    ]);
    const keys = new Set(
      manifest
        .filter((e) => MINE.includes(e.service))
        .map((e) => `${e.object.kind}/${e.object.metadata.namespace}/${e.object.metadata.name}`),
    );
    const ours = report.findings.filter((f) =>
      keys.has(`${f.target.kind}/${f.target.namespace}/${f.target.name}`),
    );
    const mine = ours
      .filter((f) => f.status === 'fail' || f.status === 'error')
      .map((f) => `${f.rule} ${f.target.name}: ${f.message}`);
    expect(report.counts.pass).toBeGreaterThan(0);
    expect(mine).toEqual([]);
  });

  it('declare every planned SSO client in the realm with its redirect URIs, PKCE and a secret from the Job env', async () => {
    const { plan, manifest } = await built(file);
    const cm = objectsOf(manifest, 'keycloak-config', 'ConfigMap')[0]!;
    const realm = JSON.parse(Object.values(cm.data as Record<string, string>)[0]!);
    expect(realm.realm).toBe(plan.config.sso.realm);
    expect(realm.registrationAllowed).toBe(false);
    expect(realm.bruteForceProtected).toBe(true);
    expect(realm.groups.map((g: Obj) => g.name)).toEqual([plan.config.sso.adminGroup]);
    expect(realm.clients.map((c: Obj) => c.clientId).sort()).toEqual(
      plan.ssoClients.map((c) => c.clientId).sort(),
    );
    const job = objectsOf(manifest, 'keycloak-config', 'Job')[0]!;
    expect(job.metadata.annotations?.['argocd.argoproj.io/hook']).toBe('PostSync');
    // The Job declares its call to Keycloak where the network-flows check reads it.
    const keycloak = plan.services.find((s) => s.name === 'keycloak')!;
    expect((job.spec as Obj).template.metadata.annotations['shai.dev/calls']).toContain(
      `${keycloak.namespace}/keycloak:${keycloak.def.ports.find((p) => p.name === 'http')!.port}`,
    );
    const env = containerOf(job).env as Obj[];
    expect(env.find((e) => e.name === 'IMPORT_VARSUBSTITUTION_ENABLED')?.value).toBe('true');
    for (const planned of plan.ssoClients) {
      const c = realm.clients.find((x: Obj) => x.clientId === planned.clientId);
      expect(c.redirectUris).toEqual(planned.redirectUris);
      expect(c.publicClient).toBe(false);
      expect(c.attributes['pkce.code.challenge.method']).toBe('S256');
      expect(c.protocolMappers.some((m: Obj) => m.protocolMapper === 'oidc-group-membership-mapper')).toBe(
        true,
      );
      // A client created with its own scope lists gets no realm defaults (Keycloak 26.7.2): every scope the clients
      // ask for (openid email profile groups) is named, else the login ends in invalid_scope.
      expect([...c.defaultClientScopes, ...c.optionalClientScopes]).toEqual(
        expect.arrayContaining(['basic', 'email', 'profile', 'groups']),
      );
      const v = /^\$\(env:(\w+)\)$/.exec(c.secret)![1];
      const ref = env.find((e) => e.name === v)?.valueFrom?.secretKeyRef;
      expect(ref).toEqual({ name: 'sso-clients', key: planned.clientId });
      expect(v).toBe(clientSecretEnv(planned.clientId));
      const audience = c.protocolMappers.find((m: Obj) => m.protocolMapper === 'oidc-audience-mapper');
      expect(audience?.config['included.client.audience']).toBe(
        planned.kind === 'oauth2-proxy' ? planned.clientId : undefined,
      );
    }
    // The ConfigMap carries no secret value: every secret is a placeholder.
    expect(realm.clients.every((c: Obj) => c.secret.startsWith('$(env:'))).toBe(true);
  });

  it('run oauth2-proxy against the realm issuer, with the domain cookie and the platform CA, never skip-verify', async () => {
    const { plan, manifest } = await built(file);
    const deploy = objectsOf(manifest, 'oauth2-proxy', 'Deployment')[0]!;
    const c = containerOf(deploy);
    const args = c.args as string[];
    const kc = plan.hosts.find((h) => h.service === 'keycloak')!;
    expect(args).toContain(`--oidc-issuer-url=https://${kc.host}/realms/${plan.config.sso.realm}`);
    expect(args).toContain(`--cookie-domain=.${plan.config.domain}`);
    expect(args).toContain(`--whitelist-domain=.${plan.config.domain}`);
    // Only the admin group (the realm's one group, tested above) passes forward-auth.
    expect(args).toContain(`--allowed-group=${plan.config.sso.adminGroup}`);
    for (const f of [
      '--provider=keycloak-oidc',
      '--reverse-proxy=true',
      '--set-xauthrequest=true',
      '--upstream=static://202',
      '--code-challenge-method=S256',
      '--email-domain=*',
    ])
      expect(args).toContain(f);
    expect(args.some((a) => a.includes('skip-verify') || a.includes('insecure'))).toBe(false);
    const env = c.env as Obj[];
    expect(env.find((e) => e.name === 'OAUTH2_PROXY_CLIENT_SECRET')?.valueFrom.secretKeyRef.name).toBe(
      'oauth2-proxy-oidc',
    );
    const caArg = args.find((a) => a.startsWith('--provider-ca-file='));
    if (plan.config.tls.mode === 'internal-ca') {
      const cert = objectsOf(manifest, 'oauth2-proxy', 'Certificate')[0]!;
      const mount = (c.volumeMounts as Obj[]).find((m) => caArg!.split('=')[1]!.startsWith(m.mountPath));
      const vol = ((deploy.spec as Obj).template.spec.volumes as Obj[]).find((v) => v.name === mount!.name);
      expect(vol!.secret.secretName).toBe((cert.spec as Obj).secretName);
      expect((cert.spec as Obj).issuerRef.kind).toBe('ClusterIssuer');
    } else expect(caArg).toBeUndefined();
  });

  it('resolve every forward-auth middleware an IngressRoute references to the oauth2-proxy Middleware', async () => {
    const { plan, manifest } = await built(file);
    const middlewares = new Set(
      manifest
        .filter((e) => e.object.kind === 'Middleware')
        .map((e) => `${e.object.metadata.namespace}/${e.object.metadata.name}`),
    );
    const refs = manifest
      .filter((e) => e.object.kind === 'IngressRoute')
      .flatMap((e) =>
        ((e.object.spec as Obj).routes as Obj[]).flatMap((r) => (r.middlewares ?? []) as Obj[]),
      );
    expect(refs.length).toBe(plan.hosts.filter((h) => h.auth === 'forward-auth').length);
    for (const r of refs) expect(middlewares).toContain(`${r.namespace}/${r.name}`);
    const mw = objectsOf(manifest, 'oauth2-proxy', 'Middleware')[0]!;
    const proxy = plan.services.find((s) => s.name === 'oauth2-proxy')!;
    expect((mw.spec as Obj).forwardAuth.address).toBe(`${proxy.urls['http']}/`);
  });

  it.skipIf(!monitored(file))(
    'route chart-backed hosts to the Service the chart creates, on the port the values set',
    async () => {
      const { plan, manifest, charts } = await built(file);
      const grafana = objectsOf(manifest, 'kube-prometheus-stack', 'IngressRoute').find((r) =>
        JSON.stringify(r).includes('grafana.'),
      )!;
      const svc = ((grafana.spec as Obj).routes as Obj[]).at(-1)!.services[0];
      expect(svc.name).toBe('kube-prometheus-stack-grafana');
      expect(svc.port).toBe((charts.get('kube-prometheus-stack')!.values.grafana as Obj).service.port);
      const argo = objectsOf(manifest, 'argocd', 'IngressRoute')[0]!;
      expect(((argo.spec as Obj).routes as Obj[]).at(-1)!.services[0].name).toBe('argocd-server');
      expect(plan.hosts.some((h) => h.service === 'argocd')).toBe(true);
    },
  );

  it('configure Argo CD with the Application health check, Keycloak OIDC and the admin group', async () => {
    const { plan, charts } = await built(file);
    const values = charts.get('argocd')!.values as Obj;
    expect(values.configs.cm['resource.customizations.health.argoproj.io_Application']).toBe(
      APPLICATION_HEALTH_LUA,
    );
    const oidc = parse(values.configs.cm['oidc.config']);
    const client = plan.ssoClients.find((c) => c.service === 'argocd')!;
    expect(oidc.clientID).toBe(client.clientId);
    expect(oidc.requestedScopes).toContain('groups');
    // `$<secret>:<key>` resolves only from a Secret labelled part-of argocd.
    const [secretName, key] = oidc.clientSecret.slice(1).split(':');
    const secret = plan.secrets.find((s) => s.name === secretName && s.namespace === 'argocd')!;
    expect(key in secret.keys).toBe(true);
    expect(secret.labels?.['app.kubernetes.io/part-of']).toBe('argocd');
    expect(values.configs.rbac['policy.csv']).toContain(`g, ${plan.config.sso.adminGroup}, role:admin`);
  });

  it.skipIf(!monitored(file))(
    'produce Prometheus rules that promtool accepts and an Alertmanager config that amtool accepts',
    async () => {
      const { plan, manifest, charts } = await built(file);
      const rules = objectsOf(manifest, 'kube-prometheus-stack', 'PrometheusRule')[0]!;
      const dir = tmp();
      writeFileSync(join(dir, 'rules.yaml'), stringify(rules.spec));
      execFileSync('promtool', ['check', 'rules', join(dir, 'rules.yaml')], { stdio: 'pipe' });
      const alerts = ((rules.spec as Obj).groups as Obj[]).flatMap((g) => g.rules.map((r: Obj) => r.alert));
      expect(alerts).toContain('PodCrashLooping');
      if (plan.config.cluster.nodes.some((n) => n.gpus?.length))
        expect(alerts).toContain('GpuNodeWithoutGpu');
      const am = charts.get('kube-prometheus-stack')!.values.alertmanager as Obj;
      writeFileSync(join(dir, 'alertmanager.yaml'), stringify(am.config));
      execFileSync('amtool', ['check-config', join(dir, 'alertmanager.yaml')], { stdio: 'pipe' });
      const receiver = (am.config.receivers as Obj[]).find((r) => r.name === RECEIVERS.critical)!;
      expect(Boolean(receiver.slack_configs)).toBe(Boolean(plan.config.alerts.slack));
      // Every credential file the config reads is in a Secret the operator mounts.
      for (const f of JSON.stringify(am.config).match(/\/etc\/alertmanager\/secrets\/[^/"]+/g) ?? [])
        expect(am.alertmanagerSpec.secrets).toContain(f.split('/').at(-1));
    },
  );

  it('connect Keycloak to its CloudNativePG cluster and its public hostname', async () => {
    const { plan, manifest } = await built(file);
    const cluster = objectsOf(manifest, 'keycloak', 'Cluster')[0]!;
    const env = containerOf(objectsOf(manifest, 'keycloak', 'Deployment')[0]!).env as Obj[];
    const value = (n: string) => env.find((e) => e.name === n)?.value;
    expect(value('KC_DB_URL')).toContain(
      `//${cluster.metadata.name}-rw.${cluster.metadata.namespace}.svc.cluster.local:5432/`,
    );
    expect(value('KC_HOSTNAME')).toBe(plan.hosts.find((h) => h.service === 'keycloak')!.url);
    expect(env.find((e) => e.name === 'KC_DB_PASSWORD')?.valueFrom.secretKeyRef.name).toBe(
      (cluster.spec as Obj).bootstrap.initdb.secret.name,
    );
  });
});
