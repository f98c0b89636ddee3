import type { Exposure, Need, ServiceDef } from '../../src/services/types.ts';

/** A ServiceDef with only the data the config rules read; build is never called here. */
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

const need = (service: string, optional = false): Need => ({ service, port: 'http', optional, why: 'test' });
const host = (subdomain: string): Exposure => ({ port: 'http', subdomain, auth: 'forward-auth', kind: 'ui' });
const gpu = { gpu: { mode: 'required' as const, slices: 1, vramGiB: 2 } };

/** A stand-in for the catalog in notes/services.md: names, needs, GPU needs, hosts and scaling limits. */
export const fakeRegistry: readonly ServiceDef[] = [
  fakeService('cert-manager'),
  fakeService('cnpg-operator'),
  fakeService('valkey'),
  fakeService('keycloak', { needs: [need('cnpg-operator')], exposes: [host('auth')], scaling: { defaultReplicas: 1, maxReplicas: 1, reason: 'one instance per realm database in this setup' } }),
  fakeService('minio', { namespace: 'backup', exposes: [host('minio')], storage: [{ name: 'data', size: '100Gi', mountPath: '/data', accessMode: 'ReadWriteOnce', backup: false }] }),
  fakeService('velero', { namespace: 'backup', needs: [need('minio', true)] }),
  fakeService('ollama-cpu', { storage: [{ name: 'models', size: '100Gi', mountPath: '/models', accessMode: 'ReadWriteOnce', backup: false }] }),
  fakeService('ollama-gpu', { ...gpu, namespace: 'gpu' }),
  fakeService('qdrant', { scaling: { defaultReplicas: 1, maxReplicas: 1, reason: 'a single-node vector store without clustering' } }),
  fakeService('searxng', { needs: [need('valkey')], exposes: [host('search')] }),
  fakeService('litellm', { needs: [need('ollama-gpu', true), need('ollama-cpu', true), need('valkey')], exposes: [host('llm')] }),
  fakeService('comfyui', { ...gpu, namespace: 'gpu', exposes: [host('comfy')] }),
  fakeService('open-webui', {
    needs: [need('litellm'), need('qdrant'), need('searxng'), need('comfyui', true), need('keycloak')],
    exposes: [host('ai')],
  }),
  fakeService('gitlab', { defaultEnabled: false, needs: [need('keycloak'), need('valkey')], exposes: [host('gitlab')] }),
];
