import { databaseCluster, databaseHost, POSTGRES_PORT } from '../build/database.ts';
import { n8nImage } from '../images/n8n.ts';
import { env, secretEnv } from '../build/refs.ts';
import { n8nCredentialsJob } from './shared/n8n-credentials.ts';
import { workload } from '../build/workload.ts';
import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { IMAGES } from './versions.ts';
import { n8nExport } from '../backup/snapshots.ts';

/** n8n: workflow automation behind the proxy, on its own PostgreSQL database. */
export const n8n: ServiceDef = {
  name: 'n8n',
  title: 'n8n',
  description:
    'Workflow automation behind oauth2-proxy, with its own database and a ready LiteLLM credential for its AI nodes.',
  layer: 'ai',
  namespace: 'automation',
  wave: 3,
  defaultEnabled: true,
  images: { main: IMAGES.n8n },
  ports: [{ name: 'http', port: n8nImage.listens.value.port }],
  needs: [
    { service: 'litellm', port: 'http', why: 'LLM nodes call the gateway' },
    { service: 'cnpg-operator', why: 'its PostgreSQL is a CloudNativePG Cluster' },
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
  ],
  storage: [
    { name: 'data', size: '5Gi', mountPath: '/home/node/.n8n', accessMode: 'ReadWriteOnce', backup: true },
  ],
  metrics: { port: 'http', path: '/metrics' },
  database: { name: 'n8n', size: '5Gi' },
  egress: { internet: true },
  // Workflows, credentials and executions are in PostgreSQL (WAL archive); the export beside them is the copy a
  // person can import into any n8n.
  backup: {
    kind: 'postgres',
    database: 'n8n',
    volumes: ['data'],
    snapshot: n8nExport('/home/node/.n8n/backup', 'data'),
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
    return {
      objects: [
        ...databaseCluster(ctx.plan, self),
        ...workload(ctx, {
          user: n8nImage.user.value,
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
        // AI nodes reach LiteLLM through an n8n credential, not the environment (n8n reads no OPENAI_API_BASE).
        n8nCredentialsJob(ctx, database),
      ],
    };
  },
};
