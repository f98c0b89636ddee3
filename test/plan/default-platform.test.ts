import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { plan } from '../../src/plan/plan.ts';
import type { Plan } from '../../src/plan/types.ts';
import { templateRefs } from '../../src/secrets/compose.ts';
import { registry } from '../../src/services/registry.ts';

const root = resolve(import.meta.dirname, '../..');
const files = ['platform.yaml', ...readdirSync(resolve(root, 'examples')).map((f) => `examples/${f}`)].filter(
  (f) => f.endsWith('.yaml'),
);

/** The composed secret values that refer to a secret key the plan does not have, as `ns/secret -> ns/name/key`. */
function unplannedRefs(p: Plan): string[] {
  const keys = new Set(
    p.secrets.flatMap((s) => Object.keys(s.keys).map((k) => `${s.namespace}/${s.name}/${k}`)),
  );
  return p.secrets.flatMap((s) =>
    Object.values(s.keys).flatMap((f) =>
      f.kind === 'composed'
        ? templateRefs(f.template, s)
            .map((r) => `${r.namespace}/${r.name}/${r.key}`)
            .filter((r) => !keys.has(r))
            .map((r) => `${s.namespace}/${s.name} -> ${r}`)
        : [],
    ),
  );
}

describe.each(files)('the plan of %s with the real catalog', (file) => {
  it('is deterministic: the same input gives deep-equal plans and identical JSON', async () => {
    const config = await loadConfig(resolve(root, file), registry);
    const a = plan(config, registry);
    const b = plan(structuredClone(config), [...registry].reverse());
    expect(b).toEqual(a);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('composes secrets only from planned secrets and keys', async () => {
    const p = plan(await loadConfig(resolve(root, file), registry), registry);
    const missing = unplannedRefs(p);
    expect(missing).toEqual([]);
  });

  it('places every running workload on at least one node and every flow on a running service', async () => {
    const p = plan(await loadConfig(resolve(root, file), registry), registry);
    const unplaced = p.services.filter((s) => s.placement.nodes.length === 0).map((s) => s.name);
    expect(unplaced).toEqual([]);
    const running = new Set(p.services.map((s) => s.name));
    expect(p.flows.filter((f) => !running.has(f.to.service)).map((f) => f.to.service)).toEqual([]);
    expect(new Set(p.hosts.map((h) => h.host)).size).toBe(p.hosts.length);
  });
});

/** Freezes an object graph so that any write by the code under test throws. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

describe('the default platform', () => {
  it('is planned without writing to the config (plan is pure)', async () => {
    const config = await loadConfig(resolve(root, 'platform.yaml'), registry);
    const before = JSON.stringify(config);
    expect(() => plan(deepFreeze(config), registry)).not.toThrow();
    expect(JSON.stringify(config)).toBe(before);
  });

  it('runs every default service (and the opt-ins it switches on), GPU services on akula-prime, the rest on homelab', async () => {
    const config = await loadConfig(resolve(root, 'platform.yaml'), registry);
    const p = plan(config, registry);
    const switchedOn = (name: string) =>
      (config.services as Record<string, { enabled?: boolean } | undefined>)[name]?.enabled === true;
    const expected = registry
      .filter((d) => d.defaultEnabled || switchedOn(d.name))
      .map((d) => d.name)
      .sort();
    // The opt-in it switches on: the fetch MCP server (off by default: it reads any URL on the internet).
    expect(registry.filter((d) => !d.defaultEnabled && switchedOn(d.name)).map((d) => d.name)).toEqual([
      'mcp-fetch',
    ]);
    expect(p.services.map((s) => s.name).sort()).toEqual(expected);
    for (const s of p.services.filter((x) => x.def.gpu))
      expect([s.name, s.placement.nodes]).toEqual([s.name, ['akula-prime']]);
    const ollamaCpu = p.services.find((s) => s.name === 'ollama-cpu')!;
    expect(ollamaCpu.placement.nodeSelector).toEqual({ 'kubernetes.io/hostname': 'homelab' });
    expect(p.ssoClients.map((c) => c.clientId)).toEqual(['argocd', 'grafana', 'oauth2-proxy', 'open-webui']);
  });
});

describe('every service of the catalog enabled', () => {
  it('composes secrets only from planned secrets and keys, SSO client secrets included', async () => {
    const config = await loadConfig(resolve(root, 'platform.yaml'), registry);
    const all = Object.fromEntries(
      registry.map((d) => [d.name, { ...config.services[d.name as never], enabled: true }]),
    );
    const p = plan({ ...config, services: all as typeof config.services }, registry);
    expect(p.services.map((s) => s.name).sort()).toEqual(registry.map((d) => d.name).sort());
    const missing = unplannedRefs(p);
    expect(missing).toEqual([]);
  });
});
