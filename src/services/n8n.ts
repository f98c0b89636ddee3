import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { IMAGES } from './versions.ts';

/** n8n: workflow automation behind the proxy, on its own PostgreSQL database. */
export const n8n: ServiceDef = {
  name: 'n8n',
  title: 'n8n',
  description: 'Workflow automation whose AI nodes call LiteLLM; behind oauth2-proxy, with its own database.',
  layer: 'ai',
  namespace: 'automation',
  wave: 3,
  defaultEnabled: true,
  images: { main: IMAGES.n8n },
  ports: [{ name: 'http', port: 5678 }],
  needs: [
    { service: 'litellm', port: 'http', why: 'LLM nodes call the gateway' },
    { service: 'cnpg-operator', why: 'its PostgreSQL is a CloudNativePG Cluster' },
  ],
  exposes: [{ port: 'http', subdomain: 'n8n', auth: 'forward-auth', kind: 'ui', healthPath: '/healthz' }],
  secrets: [
    // Encrypts stored credentials; losing it makes them unreadable.
    { name: 'n8n', keys: { 'encryption-key': { kind: 'token', bytes: 32, encoding: 'hex' } } },
    {
      name: 'n8n-db',
      keys: { username: { kind: 'fixed', value: 'n8n' }, password: { kind: 'password', length: 32 } },
    },
    { name: 'n8n-litellm', keys: { 'api-key': { kind: 'composed', template: '${ai/litellm/master-key}' } } },
  ],
  storage: [
    { name: 'data', size: '5Gi', mountPath: '/home/node/.n8n', accessMode: 'ReadWriteOnce', backup: true },
  ],
  metrics: { port: 'http', path: '/metrics' },
  database: { name: 'n8n', size: '5Gi' },
  egress: { internet: true },
  backup: { kind: 'postgres', database: 'n8n' },
  scaling: {
    defaultReplicas: 1,
    maxReplicas: 1,
    reason: 'regular execution mode; queue mode with workers is not rendered',
  },
  resources: resources('250m', '512Mi', '2', '2Gi'),
  podSecurity: { level: 'restricted' },
  // rendered in the render issue
  build: () => ({ objects: [] }),
};
