import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { IMAGES } from './versions.ts';

/** Open WebUI: the chat front end, wired to LiteLLM, Qdrant for RAG, SearXNG and ComfyUI, with Keycloak login. */
export const openWebui: ServiceDef = {
  name: 'open-webui',
  title: 'Open WebUI',
  description: 'Chat, RAG, web search and image generation for people, logged in through Keycloak.',
  layer: 'ai',
  namespace: 'ai',
  wave: 3,
  defaultEnabled: true,
  images: { main: IMAGES.openWebui },
  ports: [{ name: 'http', port: 8080 }],
  needs: [
    { service: 'litellm', port: 'http', why: 'every chat and embedding model through the gateway' },
    { service: 'qdrant', port: 'http', why: 'vector store for RAG' },
    { service: 'searxng', port: 'http', why: 'web search' },
    { service: 'comfyui', port: 'http', optional: true, why: 'image generation' },
    {
      service: 'ollama-gpu',
      port: 'http',
      optional: true,
      why: 'model management (pull, delete) on the GPU instance',
    },
    {
      service: 'ollama-cpu',
      port: 'http',
      optional: true,
      why: 'model management (pull, delete) on the CPU instance',
    },
    { service: 'keycloak', port: 'http', why: 'OIDC discovery and token endpoints' },
  ],
  exposes: [{ port: 'http', subdomain: 'ai', auth: 'oidc', kind: 'ui', healthPath: '/health' }],
  secrets: [{ name: 'open-webui', keys: { 'secret-key': { kind: 'token', bytes: 32, encoding: 'hex' } } }],
  storage: [
    { name: 'data', size: '10Gi', mountPath: '/app/backend/data', accessMode: 'ReadWriteOnce', backup: true },
  ],
  sso: { kind: 'oidc', redirectPaths: ['/oauth/oidc/callback'] },
  backup: { kind: 'volume', volumes: ['data'] },
  scaling: { defaultReplicas: 1, maxReplicas: 1, reason: 'SQLite on a ReadWriteOnce volume' },
  resources: resources('250m', '1Gi', '2', '4Gi'),
  podSecurity: { level: 'restricted' },
  // rendered in the render issue
  build: () => ({ objects: [] }),
};
