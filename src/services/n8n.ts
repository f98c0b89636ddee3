import { databaseCluster, databaseHost, POSTGRES_PORT } from '../build/database.ts';
import { n8nImage } from '../images/n8n.ts';
import { env, secretEnv } from '../build/refs.ts';
import { n8nImport } from './shared/n8n-import.ts';
import { N8N_QDRANT_SECRET } from '../workflows/credentials.ts';
import { workload } from '../build/workload.ts';
import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { IMAGES } from './versions.ts';
import { n8nExport, n8nExportProbe } from '../backup/snapshots.ts';

/** n8n: workflow automation behind the proxy, on its own PostgreSQL database. */
export const n8n: ServiceDef = {
  name: 'n8n',
  title: 'n8n',
  description:
    "Workflow automation behind oauth2-proxy, with its own database, credentials for the platform's APIs and shai's workflows imported on start.",
  layer: 'ai',
  namespace: 'automation',
  wave: 3,
  defaultEnabled: true,
  images: { main: IMAGES.n8n },
  ports: [{ name: 'http', port: n8nImage.listens.value.port }],
  needs: [
    { service: 'litellm', port: 'http', why: 'LLM nodes call the gateway' },
    { service: 'cnpg-operator', why: 'its PostgreSQL is a CloudNativePG Cluster' },
    // The calls of the workflows shai imports (src/workflows/): open when the service runs.
    {
      service: 'qdrant',
      port: 'http',
      optional: true,
      why: 'RAG workflows embed into and search the collection',
    },
    { service: 'searxng', port: 'http', optional: true, why: "the chat agent's web search tool" },
    {
      service: 'comfyui',
      port: 'http',
      optional: true,
      why: 'the image workflows queue prompts and fetch images',
    },
    { service: 'audio', port: 'http', optional: true, why: "the multimodal pipeline's narration" },
    { service: 'video', port: 'http', optional: true, why: "the multimodal pipeline's clips" },
  ],
  exposes: [
    { port: 'http', subdomain: 'n8n', auth: 'forward-auth', kind: 'ui', healthPath: n8nImage.health!.value },
  ],
  secrets: [
    // Encrypts stored credentials; losing it makes them unreadable.
    { name: 'n8n', keys: { 'encryption-key': { kind: 'token', bytes: 32, encoding: 'hex' } } },
    {
      name: 'n8n-db',
      keys: { username: { kind: 'fixed', value: 'n8n' }, password: { kind: 'password', length: 32 } },
    },
    { name: 'n8n-litellm', keys: { 'api-key': { kind: 'composed', template: '${ai/litellm/master-key}' } } },
    {
      name: N8N_QDRANT_SECRET,
      keys: { 'api-key': { kind: 'composed', template: '${ai/qdrant/api-key}' } },
      plannedWhen: (_config, services) => services.some((s) => s.name === 'qdrant'),
    },
  ],
  secretRefs: [
    {
      key: 'alerts.email.password',
      why: 'the SMTP credential the alert-digest workflow mails with',
      when: (c) => c.workflows['alert-digest'].enabled,
    },
    { key: 'workflows.github-summary.token', why: 'the GitHub credential of the github-summary workflow' },
  ],
  storage: [
    { name: 'data', size: '5Gi', mountPath: '/home/node/.n8n', accessMode: 'ReadWriteOnce', backup: true },
  ],
  metrics: { port: 'http', path: '/metrics' },
  database: { name: 'n8n', size: '5Gi' },
  // Workflows call the internet (GitHub, web pages) and the SMTP relay of alerts.email.
  egress: { internet: true },
  // Workflows, credentials and executions are in PostgreSQL (WAL archive); the export beside them is the copy a
  // person can import into any n8n.
  backup: {
    kind: 'postgres',
    database: 'n8n',
    volumes: ['data'],
    snapshot: n8nExport('/home/node/.n8n/backup', 'data'),
    probe: n8nExportProbe('/home/node/.n8n/backup'),
  },
  network: {
    endpoints: [
      { key: 'alerts.email.smarthost', why: 'the alert-digest workflow mails through the smarthost' },
    ],
    calledBy: [
      {
        service: 'kube-prometheus-stack',
        port: 'http',
        why: 'Alertmanager posts alerts to the alert-digest workflow',
      },
    ],
  },
  scaling: {
    defaultReplicas: 1,
    maxReplicas: 1,
    reason: 'regular execution mode; queue mode with workers is not rendered',
  },
  resources: resources('250m', '512Mi', '2', '2Gi'),
  podSecurity: { level: 'restricted' },
  writableRootReason:
    'n8n writes its config and community nodes under the home directory besides the data volume',

  build: (ctx) => {
    const { self } = ctx;
    const host = self.hosts[0]!;
    // What both the server and the credential import need to reach and decrypt n8n's database.
    const database = [
      env('DB_TYPE', 'postgresdb'),
      env('DB_POSTGRESDB_HOST', databaseHost(self)),
      env('DB_POSTGRESDB_PORT', POSTGRES_PORT),
      env('DB_POSTGRESDB_DATABASE', self.database!.name),
      secretEnv(self, 'DB_POSTGRESDB_USER', 'n8n-db', 'username'),
      secretEnv(self, 'DB_POSTGRESDB_PASSWORD', 'n8n-db', 'password'),
      secretEnv(self, 'N8N_ENCRYPTION_KEY', 'n8n', 'encryption-key'),
    ];
    const imports = n8nImport(ctx, database);
    return {
      objects: [
        ...databaseCluster(ctx.plan, self),
        imports.configMap,
        ...workload(ctx, {
          user: n8nImage.user.value,
          initContainers: [imports.container],
          volumes: imports.volumes,
          podAnnotations: imports.podAnnotations,
          containers: [
            {
              env: [
                ...database,
                env('N8N_PORT', self.def.ports[0]!.port),
                // Behind Traefik: public URLs for webhooks and one trusted proxy hop for client IPs.
                env('N8N_HOST', host.host),
                env('N8N_PROTOCOL', 'https'),
                env('N8N_EDITOR_BASE_URL', `${host.url}/`),
                env('N8N_WEBHOOK_URL', `${host.url}/`),
                env('N8N_PROXY_HOPS', 1),
                env('N8N_METRICS', true),
                env('N8N_DIAGNOSTICS_ENABLED', false),
              ],
              liveness: { http: n8nImage.health!.value, initialDelaySeconds: 20 },
              readiness: { http: '/healthz/readiness' },
            },
          ],
        }),
      ],
    };
  },
};
