import type { ServiceDef } from '../../src/services/types.ts';

/** A ServiceDef carrying only data (one HTTP port, no needs, no storage); its build is never called by these tests. */
export function fakeService(name: string, extra: Partial<ServiceDef> = {}): ServiceDef {
  return {
    name,
    title: name,
    description: `${name} (test double)`,
    layer: 'ai',
    namespace: 'ai',
    wave: 1,
    defaultEnabled: true,
    images: { main: `example.org/${name}:1.0.0` },
    ports: [{ name: 'http', port: 8080 }],
    needs: [],
    exposes: [],
    secrets: [],
    storage: [],
    backup: { kind: 'none', reason: 'test double' },
    scaling: { defaultReplicas: 1, maxReplicas: 3 },
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } },
    podSecurity: { level: 'restricted' },
    build: () => ({ objects: [] }),
    ...extra,
  };
}
