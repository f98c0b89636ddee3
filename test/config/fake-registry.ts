import type { Exposure, Need, ServiceDef } from '../../src/services/types.ts';
import { fakeService } from '../helpers/service-def.ts';

export { fakeService };

/** The smallest platform.yaml these tests load: one node, a domain and a git repository; services follow. */
export const PLATFORM_HEAD = `apiVersion: shai.dev/v1alpha1
kind: Platform
cluster:
  name: lab
  k3sVersion: v1.33.10+k3s1
  nodes:
    - name: box
      roles: [control-plane, worker]
      cpu: 4
      memory: 16Gi
domain: home.arpa
gitops:
  repoURL: https://github.com/example/lab.git
`;

const need = (service: string, optional = false): Need => ({ service, port: 'http', optional, why: 'test' });
const hosts = (...subdomains: string[]): Exposure[] =>
  subdomains.map((subdomain) => ({ port: 'http', subdomain, auth: 'forward-auth', kind: 'ui' }));
const gpu = { gpu: { mode: 'required' as const, slices: 1, vramGiB: 2 } };
const volume = {
  storage: [
    { name: 'data', size: '10Gi', mountPath: '/data', accessMode: 'ReadWriteOnce' as const, backup: true },
  ],
};
const single = (reason: string) => ({ scaling: { defaultReplicas: 1, maxReplicas: 1, reason } });

/**
 * A stand-in for the catalog of notes/services.md (names, namespaces, needs, GPU needs, hosts, limits),
 * so the rules can be tested independently of the real service files.
 */
export const fakeRegistry: readonly ServiceDef[] = [
  fakeService('namespaces', { namespace: 'kube-system' }),
  fakeService('sealed-secrets', { namespace: 'kube-system' }),
  fakeService('prometheus-crds', { namespace: 'monitoring' }),
  fakeService('cert-manager', { namespace: 'cert-manager' }),
  fakeService('cnpg-operator', { namespace: 'cnpg-system' }),
  fakeService('kyverno', { namespace: 'kyverno' }),
  fakeService('longhorn', { namespace: 'longhorn-system', exposes: hosts('longhorn') }),
  fakeService('traefik', { namespace: 'kube-system' }),
  fakeService('pki', { namespace: 'cert-manager', needs: [need('cert-manager')] }),
  fakeService('gpu-operator', { namespace: 'gpu-operator' }),
  fakeService('kyverno-policies', { namespace: 'kyverno', needs: [need('kyverno')] }),
  fakeService('valkey', { namespace: 'data', ...volume }),
  fakeService('argocd', { namespace: 'argocd', needs: [need('keycloak')], exposes: hosts('argocd') }),
  fakeService('keycloak', {
    namespace: 'auth',
    needs: [need('cnpg-operator')],
    exposes: hosts('auth'),
    ...single('sessions are kept in memory; a second replica needs a shared cache'),
  }),
  fakeService('keycloak-config', { namespace: 'auth', needs: [need('keycloak')] }),
  fakeService('oauth2-proxy', { namespace: 'auth', needs: [need('keycloak')] }),
  fakeService('minio', {
    namespace: 'backup',
    exposes: hosts('minio'),
    ...volume,
    ...single('single-drive mode'),
  }),
  fakeService('velero', { namespace: 'backup', needs: [need('minio', true)] }),
  fakeService('kube-prometheus-stack', {
    namespace: 'monitoring',
    needs: [need('prometheus-crds'), need('keycloak')],
    exposes: hosts('grafana', 'prometheus', 'alertmanager'),
  }),
  fakeService('loki', { namespace: 'monitoring', ...volume }),
  fakeService('alloy', { namespace: 'monitoring', needs: [need('loki')] }),
  fakeService('ollama-cpu', { ...volume }),
  fakeService('ollama-gpu', { namespace: 'gpu', ...gpu, ...volume }),
  fakeService('qdrant', { ...volume, ...single('a single-node vector store without clustering') }),
  fakeService('searxng', { needs: [need('valkey')], exposes: hosts('search') }),
  fakeService('litellm', {
    needs: [need('ollama-gpu', true), need('ollama-cpu', true), need('valkey')],
    exposes: hosts('llm'),
  }),
  fakeService('comfyui', { namespace: 'gpu', ...gpu, exposes: hosts('comfy') }),
  fakeService('audio', { namespace: 'gpu', ...gpu, exposes: hosts('audio') }),
  fakeService('video', { namespace: 'gpu', ...gpu, exposes: hosts('video') }),
  fakeService('mcp-servers', { needs: [need('searxng'), need('qdrant', true)], exposes: hosts('mcp') }),
  fakeService('open-webui', {
    needs: [need('litellm'), need('qdrant'), need('searxng'), need('comfyui', true), need('keycloak')],
    exposes: hosts('ai'),
  }),
  fakeService('n8n', { namespace: 'automation', needs: [need('litellm')], exposes: hosts('n8n') }),
  fakeService('arc-controller', { namespace: 'arc-systems' }),
  fakeService('arc-runners', { namespace: 'arc-runners', needs: [need('arc-controller')] }),
  fakeService('gitlab', {
    namespace: 'gitlab',
    defaultEnabled: false,
    needs: [need('keycloak'), need('cnpg-operator'), need('valkey')],
    exposes: hosts('gitlab'),
  }),
];
