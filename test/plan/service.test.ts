import { describe, expect, it } from 'vitest';
import { InternalError } from '../../src/errors.ts';
import { plan } from '../../src/plan/plan.ts';
import { cluster, config, cpuNode, def } from './helpers.ts';

const store = def('longhorn', { layer: 'system', namespace: 'longhorn-system', wave: -8, ports: [] });
const app = def('app', {
  namespace: 'apps',
  ports: [
    { name: 'http', port: 8080 },
    { name: 'metrics', port: 9100, serviceName: 'app-metrics' },
  ],
  exposes: [{ port: 'http', subdomain: 'app', auth: 'forward-auth', kind: 'ui', healthPath: '/healthz' }],
  storage: [
    { name: 'data', size: '10Gi', mountPath: '/data', accessMode: 'ReadWriteOnce', backup: true },
    { name: 'cache', size: '5Gi', mountPath: '/cache', accessMode: 'ReadWriteOnce', backup: false },
  ],
  database: { name: 'app', size: '5Gi' },
});
const registry = [store, app];
const planned = (p: ReturnType<typeof plan>, name = 'app') => p.services.find((s) => s.name === name)!;

describe('per-service plan', () => {
  it('derives namespace, wave, in-cluster URLs per port and https hosts from the domain', () => {
    const s = planned(plan(config(registry), registry));
    expect(s).toMatchObject({
      namespace: 'apps',
      wave: 1,
      layer: 'ai',
      configPath: 'services.app',
      replicas: 1,
    });
    expect(s.urls).toEqual({
      http: 'http://app.apps.svc.cluster.local:8080',
      metrics: 'http://app-metrics.apps.svc.cluster.local:9100',
    });
    expect(s.hosts).toEqual([
      {
        service: 'app',
        host: 'app.lab.example',
        url: 'https://app.lab.example',
        port: 'http',
        auth: 'forward-auth',
        kind: 'ui',
        healthPath: '/healthz',
      },
    ]);
  });

  it('applies overrides: replicas, resources key by key, the main image, the main volume size', () => {
    const c = config(registry, {
      services: {
        app: {
          replicas: 2,
          resources: { limits: { memory: '1Gi' } },
          image: 'example.org/app:2.0.0',
          storage: '50Gi',
        },
      },
    });
    const s = planned(plan(c, registry));
    expect(s.replicas).toBe(2);
    expect(s.resources).toEqual({
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '1', memory: '1Gi' },
    });
    expect(s.image).toBe('example.org/app:2.0.0');
    expect(s.images).toEqual({ main: 'example.org/app:2.0.0' });
    expect(s.storage.map((v) => [v.name, v.size])).toEqual([
      ['data', '50Gi'],
      ['cache', '5Gi'],
    ]);
  });

  it('stores volumes and databases on Longhorn when it runs, on local-path otherwise', () => {
    const on = planned(plan(config(registry), registry));
    expect(on.storage.map((v) => v.storageClass)).toEqual(['longhorn', 'longhorn']);
    expect(on.database).toEqual({
      name: 'app',
      cluster: 'app-db',
      base: 'app-db',
      generation: 0,
      size: '5Gi',
      storageClass: 'longhorn',
    });
    const off = planned(plan(config(registry, { services: { longhorn: { enabled: false } } }), registry));
    expect(off.storage.map((v) => v.storageClass)).toEqual(['local-path', 'local-path']);
  });

  it('turns a host public with the written reason, and warns about it', () => {
    const c = config(registry, { services: { app: { public: 'a status page for the family' } } });
    const p = plan(c, registry);
    expect(planned(p).hosts[0]).toMatchObject({
      auth: 'public',
      publicReason: 'a status page for the family',
    });
    expect(p.warnings).toContainEqual({
      message: 'https://app.lab.example (app) is public, without login: a status page for the family',
      configPath: 'services.app',
    });
  });

  it('lists the namespaces in use, sorted', () => {
    expect(plan(config(registry), registry).namespaces).toEqual(['apps', 'longhorn-system']);
  });
});

describe('catalog checks', () => {
  const c = config([def('litellm'), def('valkey')]);

  it('refuses a service whose wave is not after the wave of a service it needs', () => {
    const bad = [
      def('litellm', { wave: 2, needs: [{ service: 'valkey', port: 'http', why: 'cache' }] }),
      def('valkey', { wave: 3 }),
    ];
    expect(() => plan(c, bad)).toThrow(InternalError);
    expect(() => plan(c, bad)).toThrow(
      "catalog error: litellm (wave 2) needs valkey (wave 3); a service's wave must be greater than the wave of every service it needs",
    );
  });

  it('counts optional needs and equal waves too', () => {
    const bad = [
      def('litellm', { wave: 2, needs: [{ service: 'valkey', port: 'http', optional: true, why: 'cache' }] }),
      def('valkey', { wave: 2 }),
    ];
    expect(() => plan(c, bad)).toThrow('catalog error: litellm (wave 2) needs valkey (wave 2)');
  });

  it('refuses needs of unknown services or ports', () => {
    expect(() =>
      plan(c, [def('litellm', { needs: [{ service: 'redis', port: 'http', why: 'x' }] }), def('valkey')]),
    ).toThrow('catalog error: litellm needs redis, which is not in the registry');
    const noPort = [
      def('litellm', { wave: 2, needs: [{ service: 'valkey', port: 'redis', why: 'x' }] }),
      def('valkey'),
    ];
    expect(() => plan(c, noPort)).toThrow(
      'catalog error: litellm needs port redis of valkey, which has no such port',
    );
  });

  it('plans a cluster of several nodes the same way', () => {
    const multi = config(registry, cluster(cpuNode('a'), cpuNode('b')));
    expect(planned(plan(multi, registry)).placement.nodes).toEqual(['a', 'b']);
  });
});
