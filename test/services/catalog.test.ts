import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPinnedImage } from '../../src/config/primitives.ts';
import { validateCatalog } from '../../src/plan/waves.ts';
import { registry } from '../../src/services/registry.ts';
import { CHARTS, IMAGES } from '../../src/services/versions.ts';

const byName = new Map(registry.map((d) => [d.name, d]));
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

describe('the service catalog', () => {
  it('lists every service file of src/services exactly once, sorted by wave then name', () => {
    const dir = resolve(import.meta.dirname, '../../src/services');
    const support = new Set(['helpers.ts', 'registry.ts', 'types.ts', 'versions.ts']);
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !support.has(f))
      .map((f) => f.replace(/\.ts$/, ''));
    expect(registry.map((d) => d.name).sort()).toEqual(files.sort());
    expect(byName.size).toBe(registry.length);
    const sorted = [...registry].sort((a, b) => a.wave - b.wave || a.name.localeCompare(b.name));
    expect(registry.map((d) => d.name)).toEqual(sorted.map((d) => d.name));
  });

  it('has DNS-label names and namespaces', () => {
    const bad = registry.flatMap((d) => [d.name, d.namespace]).filter((n) => !DNS_LABEL.test(n));
    expect(bad).toEqual([]);
  });

  it('orders waves: every service syncs after everything it needs', () => {
    expect(() => validateCatalog(registry)).not.toThrow();
    const late = registry.flatMap((d) =>
      d.needs.filter((n) => byName.get(n.service)!.wave >= d.wave).map((n) => `${d.name} -> ${n.service}`),
    );
    expect(late).toEqual([]);
  });

  it('names existing services and ports in every need, with a reason', () => {
    const bad = registry.flatMap((d) =>
      d.needs
        .filter((n) => {
          const callee = byName.get(n.service);
          return (
            !callee ||
            (n.port !== undefined && !callee.ports.some((p) => p.name === n.port)) ||
            n.why.length < 5
          );
        })
        .map((n) => `${d.name} -> ${n.service}:${n.port ?? ''}`),
    );
    expect(bad).toEqual([]);
  });

  it('exposes, scrapes and backs up only ports and volumes it declares', () => {
    const bad = registry.flatMap((d) => {
      const ports = new Set(d.ports.map((p) => p.name));
      const volumes = new Set(d.storage.map((v) => v.name));
      return [
        ...d.exposes.filter((e) => !ports.has(e.port)).map((e) => `${d.name} exposes ${e.port}`),
        ...(d.metrics && !ports.has(d.metrics.port) ? [`${d.name} metrics ${d.metrics.port}`] : []),
        ...(d.backup.kind === 'volume'
          ? d.backup.volumes.filter((v) => !volumes.has(v)).map((v) => `${d.name} backs up ${v}`)
          : []),
      ];
    });
    expect(bad).toEqual([]);
  });

  it('pins every image to a version tag, and takes images and charts from versions.ts', () => {
    const images = registry.flatMap((d) => Object.values(d.images));
    expect(images.filter((i) => !isPinnedImage(i))).toEqual([]);
    const known = new Set<string>(Object.values(IMAGES));
    expect(images.filter((i) => !known.has(i))).toEqual([]);
    expect(Object.values(IMAGES).filter((i) => !isPinnedImage(i))).toEqual([]);
    const charts = new Set(Object.values(CHARTS));
    expect(registry.filter((d) => d.chart && !charts.has(d.chart)).map((d) => d.name)).toEqual([]);
    expect(Object.values(CHARTS).filter((c) => !/^v?\d+\.\d+\.\d+$/.test(c.version))).toEqual([]);
  });

  it('gives every host a unique subdomain and every public host a written reason', () => {
    const subdomains = registry.flatMap((d) => d.exposes.map((e) => e.subdomain));
    expect(new Set(subdomains).size).toBe(subdomains.length);
    const bad = registry.flatMap((d) =>
      d.exposes
        .filter((e) => e.auth === 'public' && (e.publicReason ?? '').length < 10)
        .map((e) => `${d.name} ${e.subdomain}`),
    );
    expect(bad).toEqual([]);
  });

  it('gives native-OIDC services an oidc host and redirect paths', () => {
    const oidc = registry.filter((d) => d.sso?.kind === 'oidc');
    expect(oidc.map((d) => d.name).sort()).toEqual([
      'argocd',
      'gitlab',
      'kube-prometheus-stack',
      'open-webui',
    ]);
    for (const d of oidc) {
      expect(
        d.exposes.some((e) => e.auth === 'oidc'),
        d.name,
      ).toBe(true);
      if (d.sso?.kind === 'oidc')
        expect(
          d.sso.redirectPaths.every((p) => p.startsWith('/')),
          d.name,
        ).toBe(true);
    }
    expect(
      registry.filter((d) => d.exposes.some((e) => e.auth === 'oidc') && d.sso?.kind !== 'oidc'),
    ).toEqual([]);
  });

  // Whether composed values resolve depends on the plan (SSO client secrets are derived there): see test/plan.
  it('gives every secret key a format and unique secret names per namespace', () => {
    const all = registry.flatMap((d) => d.secrets.map((s) => ({ ns: d.namespace, ...s })));
    const names = all.map((s) => `${s.ns}/${s.name}`);
    expect(new Set(names).size).toBe(names.length);
    const bad = all.flatMap((s) =>
      Object.entries(s.keys).flatMap(([k, f]) =>
        !f || typeof f.kind !== 'string' ? [`${s.name}/${k} has no format`] : [],
      ),
    );
    expect(bad).toEqual([]);
  });

  it('uses the formats the services require for their credentials', () => {
    const key = (service: string, secret: string, k: string) =>
      byName.get(service)!.secrets.find((s) => s.name === secret)!.keys[k];
    expect(key('litellm', 'litellm', 'master-key')).toMatchObject({ kind: 'api-key', prefix: 'sk-' });
    expect(key('oauth2-proxy', 'oauth2-proxy', 'cookie-secret')).toEqual({ kind: 'cookie-secret' });
    expect(key('litellm', 'litellm-db', 'url')).toMatchObject({ kind: 'composed' });
    expect(key('arc-runners', 'github-app', 'github_app_private_key')).toMatchObject({ kind: 'external' });
    const admins = registry.flatMap((d) => d.secrets.filter((s) => s.admin).map((s) => s.name)).sort();
    expect(admins).toEqual([
      'argocd-admin',
      'gitlab-root',
      'grafana-admin',
      'keycloak-admin',
      'mcp-fetch',
      'mcp-servers',
      'minio-root',
    ]);
  });

  it('writes down why a service is single-replica or runs outside the restricted Pod Security level', () => {
    const bad = registry.flatMap((d) => [
      ...(d.scaling.maxReplicas === 1 && !d.scaling.reason ? [`${d.name} scaling`] : []),
      ...(d.scaling.defaultReplicas > d.scaling.maxReplicas ? [`${d.name} replicas`] : []),
      ...(d.podSecurity.level !== 'restricted' && !d.podSecurity.reason ? [`${d.name} podSecurity`] : []),
      ...(d.backup.kind === 'none' && d.backup.reason.length < 5 ? [`${d.name} backup`] : []),
    ]);
    expect(bad).toEqual([]);
  });

  it('asks for GPU slices only for GPU services, and keeps GPU workloads in namespace gpu', () => {
    const gpu = registry.filter((d) => d.gpu);
    expect(gpu.map((d) => d.name).sort()).toEqual(['audio', 'comfyui', 'ollama-gpu', 'video']);
    expect(gpu.filter((d) => d.namespace !== 'gpu' || d.gpu!.slices < 1)).toEqual([]);
  });
});
