import { isPlanned, env, publicUrl, secretEnv, serviceUrl } from '../build/refs.ts';
import { CA_FILE, platformCa } from '../build/trust.ts';
import { adminRole, defaultRole, ROLES_CLAIM } from '../build/realm.ts';
import { workload } from '../build/workload.ts';
import { litellm } from './litellm.ts';
import { qdrant } from './qdrant.ts';
import { resources } from './helpers.ts';
import { openWebuiToolServers } from './shared/open-webui-tool-servers.ts';
import type { ServiceDef } from './types.ts';
import { openWebuiImage } from '../images/open-webui.ts';
import { IMAGES } from './versions.ts';
import { fileProbe, sqliteSnapshot } from '../backup/snapshots.ts';
import { openWebuiImageEnv } from '../comfyui/open-webui.ts';
import { imageCheckpoint } from '../plan/workflows.ts';

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
  ports: [{ name: 'http', port: openWebuiImage.listens.value.port }],
  needs: [
    { service: 'litellm', port: 'http', why: 'every chat and embedding model through the gateway' },
    { service: 'qdrant', port: 'http', why: 'vector store for RAG' },
    { service: 'searxng', port: 'http', why: 'web search' },
    {
      service: 'mcp-servers',
      port: 'http',
      optional: true,
      why: 'MCP tool server: web search',
    },
    { service: 'mcp-fetch', port: 'http', optional: true, why: 'MCP tool server: reading a web page' },
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
  exposes: [
    { port: 'http', subdomain: 'ai', auth: 'oidc', kind: 'ui', healthPath: openWebuiImage.health!.value },
  ],
  secrets: [
    { name: 'open-webui', keys: { 'secret-key': { kind: 'token', bytes: 32, encoding: 'hex' } } },
    // Copies of the gateway's and the vector store's keys, composed so rotation follows the originals.
    {
      name: 'open-webui-litellm',
      keys: { 'api-key': { kind: 'composed', template: `\${${litellm.namespace}/litellm/master-key}` } },
    },
    {
      name: 'open-webui-qdrant',
      keys: { 'api-key': { kind: 'composed', template: `\${${qdrant.namespace}/qdrant/api-key}` } },
    },
  ],
  storage: [
    { name: 'data', size: '10Gi', mountPath: '/app/backend/data', accessMode: 'ReadWriteOnce', backup: true },
  ],
  sso: { kind: 'oidc', redirectPaths: ['/oauth/oidc/callback'] },
  // The MCP servers it needs, as tool servers every user may call (Open WebUI is an MCP client).
  mcpClient: { secret: 'open-webui-tool-servers', key: 'connections', connections: openWebuiToolServers },
  // Open WebUI keeps users, chats and settings in SQLite (webui.db under DATA_DIR) and uploads beside it.
  backup: {
    kind: 'volume',
    volumes: ['data'],
    snapshot: sqliteSnapshot('/app/backend/data/webui.db', '/app/backend/data/backup/webui.db', 'data'),
    probe: fileProbe('/app/backend/data/webui.db', 'the database file is there'),
  },
  scaling: { defaultReplicas: 1, maxReplicas: 1, reason: 'SQLite on a ReadWriteOnce volume' },
  resources: resources('250m', '1Gi', '2', '4Gi'),
  podSecurity: { level: 'restricted' },
  writableRootReason:
    'Open WebUI writes its static files and downloaded embedding models inside the app directory',

  build: (ctx) => {
    const { self, plan } = ctx;
    const client = plan.ssoClients.find((c) => c.service === self.name);
    const keycloakUrl = publicUrl(plan, 'keycloak');
    const realm = plan.config.sso.realm;
    const embedding = plan.models.find((m) => m.model.purpose === 'embedding' && m.instances.length);
    const ollamaUrls = ['ollama-gpu', 'ollama-cpu']
      .filter((s) => isPlanned(plan, s))
      .map((s) => serviceUrl(plan, s, 'http'));
    const llm = `${serviceUrl(plan, 'litellm', 'http')}/v1`;
    // Keycloak's issuer is a public https URL: with the internal CA, the system bundle plus the platform CA
    // is assembled at start, so both public hosts and Keycloak verify (never skip-verify).
    const ca = platformCa(plan, self);
    const bundle = '/etc/shai/bundle/ca-bundle.pem';
    const trust = ca
      ? {
          initContainers: [
            {
              name: 'ca-bundle',
              command: ['/bin/sh', '-c', `cat /etc/ssl/certs/ca-certificates.crt ${CA_FILE} > ${bundle}`],
              ports: [],
              resources: {
                requests: { cpu: '10m', memory: '16Mi' },
                limits: { cpu: '100m', memory: '64Mi' },
              },
              readOnlyRootFilesystem: true,
              volumeMounts: [ca.mount, { name: 'ca-bundle', mountPath: '/etc/shai/bundle' }],
            },
          ],
          volumes: [ca.volume, { name: 'ca-bundle', emptyDir: {} }],
          env: [env('SSL_CERT_FILE', bundle), env('REQUESTS_CA_BUNDLE', bundle)],
          mounts: [{ name: 'ca-bundle', mountPath: '/etc/shai/bundle', readOnly: true }],
        }
      : { initContainers: [], volumes: [], env: [], mounts: [] };
    return {
      objects: [
        ...(ca?.objects ?? []),
        ...workload(ctx, {
          user: openWebuiImage.user.value,
          initContainers: trust.initContainers,
          volumes: trust.volumes,
          containers: [
            {
              env: [
                ...trust.env,
                env('WEBUI_URL', publicUrl(plan, self.name)),
                secretEnv(self, 'WEBUI_SECRET_KEY', 'open-webui', 'secret-key'),
                env('HOME', '/app/backend/data'),
                // platform.yaml is the source of truth: without this, settings such as OPENAI_API_KEYS and
                // RAG_OPENAI_API_KEY are read from the database after the first start (PersistentConfig,
                // open_webui/config.py:164-180 at v0.8.11) and a rotated key would never reach Open WebUI.
                // Settings changed in the admin panel then last until the next restart.
                env('ENABLE_PERSISTENT_CONFIG', false),
                // Every model goes through LiteLLM; Ollama's API is kept for model management only.
                env('ENABLE_OPENAI_API', true),
                env('OPENAI_API_BASE_URL', llm),
                secretEnv(self, 'OPENAI_API_KEY', 'open-webui-litellm', 'api-key'),
                env('ENABLE_OLLAMA_API', ollamaUrls.length > 0),
                ...(ollamaUrls.length ? [env('OLLAMA_BASE_URLS', ollamaUrls.join(';'))] : []),
                // RAG: Qdrant as the vector store, embeddings through the gateway.
                env('VECTOR_DB', 'qdrant'),
                env('QDRANT_URI', serviceUrl(plan, 'qdrant', 'http')),
                secretEnv(self, 'QDRANT_API_KEY', 'open-webui-qdrant', 'api-key'),
                ...(embedding
                  ? [
                      env('RAG_EMBEDDING_ENGINE', 'openai'),
                      env('RAG_OPENAI_API_BASE_URL', llm),
                      secretEnv(self, 'RAG_OPENAI_API_KEY', 'open-webui-litellm', 'api-key'),
                      env('RAG_EMBEDDING_MODEL', embedding.alias),
                    ]
                  : []),
                ...(plan.toolServers.some((t) => t.clients.includes(self.name))
                  ? [secretEnv(self, 'TOOL_SERVER_CONNECTIONS', 'open-webui-tool-servers', 'connections')]
                  : []),
                env('ENABLE_WEB_SEARCH', true),
                env('WEB_SEARCH_ENGINE', 'searxng'),
                env(
                  'SEARXNG_QUERY_URL',
                  `${serviceUrl(plan, 'searxng', 'http')}/search?q=<query>&format=json`,
                ),
                ...(isPlanned(plan, 'comfyui')
                  ? [
                      env('ENABLE_IMAGE_GENERATION', true),
                      env('IMAGE_GENERATION_ENGINE', 'comfyui'),
                      env('COMFYUI_BASE_URL', serviceUrl(plan, 'comfyui', 'http')),
                      // The text-to-image graph shai ships and where Open WebUI writes the request into it.
                      ...Object.entries(
                        imageCheckpoint(plan.config) ? openWebuiImageEnv(imageCheckpoint(plan.config)!) : {},
                      ).map(([k, v]) => env(k, v)),
                    ]
                  : []),
                // Login through Keycloak with the client the plan declares for this service.
                ...(client
                  ? [
                      env('ENABLE_OAUTH_SIGNUP', true),
                      env('OAUTH_MERGE_ACCOUNTS_BY_EMAIL', true),
                      env('OAUTH_PROVIDER_NAME', 'Keycloak'),
                      env(
                        'OPENID_PROVIDER_URL',
                        `${keycloakUrl}/realms/${realm}/.well-known/openid-configuration`,
                      ),
                      env('OPENID_REDIRECT_URI', client.redirectUris[0]!),
                      secretEnv(self, 'OAUTH_CLIENT_ID', client.secret.name, 'client-id'),
                      secretEnv(self, 'OAUTH_CLIENT_SECRET', client.secret.name, client.secret.key),
                      env('OAUTH_SCOPES', 'openid email profile groups'),
                      env('OAUTH_CODE_CHALLENGE_METHOD', 'S256'),
                      // Role from Keycloak's realm roles claim at every login (utils/oauth.py:1103-1175 at v0.8.11):
                      // a claim holding an admin role → admin, else one holding an allowed role → user, else (roles
                      // but none of those) 403, and an empty claim → DEFAULT_USER_ROLE. Every realm user has the
                      // realm's default role, so every one is a `user` whatever groups they are in (the groups claim
                      // would refuse anyone in a group other than the admin group); the admin group's role makes an
                      // admin. A user whose realm roles an administrator removed waits as `pending`.
                      env('ENABLE_OAUTH_ROLE_MANAGEMENT', true),
                      env('OAUTH_ROLES_CLAIM', ROLES_CLAIM),
                      env('OAUTH_ADMIN_ROLES', adminRole(plan.config.sso.adminGroup)),
                      env('OAUTH_ALLOWED_ROLES', defaultRole(realm)),
                      env('DEFAULT_USER_ROLE', 'pending'),
                    ]
                  : []),
              ],
              liveness: { http: openWebuiImage.health!.value, initialDelaySeconds: 30 },
              readiness: { http: openWebuiImage.health!.value },
              startup: { http: openWebuiImage.health!.value, periodSeconds: 10, failureThreshold: 60 },
              volumeMounts: trust.mounts,
            },
          ],
        }),
      ],
    };
  },
};
