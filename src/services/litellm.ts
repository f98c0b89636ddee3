import { LITELLM_ENV, litellmConfig, mcpTokenEnv } from './shared/litellm-config.ts';
import { toYaml } from '../k8s/yaml.ts';
import { databaseCluster } from '../build/database.ts';
import { checksum, objectMeta } from '../k8s/meta.ts';
import { env, publicUrl, secretEnv, serviceHost, servicePort } from '../build/refs.ts';
import { workload } from '../build/workload.ts';
import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { valkey } from './valkey.ts';
import { litellmImage } from '../images/litellm.ts';
import { IMAGES } from './versions.ts';
import { databaseUrlTemplate } from '../plan/storage.ts';
import { CONFIG_CHECKSUM_ANNOTATION } from '../k8s/annotations.ts';

const NAMESPACE = 'ai';

/** LiteLLM: one OpenAI-compatible gateway in front of both Ollama instances, with keys, budgets and routing. */
export const litellm: ServiceDef = {
  name: 'litellm',
  title: 'LiteLLM',
  description:
    'OpenAI-compatible API for every model of platform.yaml, load-balanced over the Ollama instances.',
  layer: 'ai',
  namespace: NAMESPACE,
  wave: 2,
  defaultEnabled: true,
  images: { main: IMAGES.litellm },
  ports: [{ name: 'http', port: litellmImage.listens.value.port }],
  needs: [
    { service: 'ollama-gpu', port: 'http', optional: true, why: 'serves the GPU models' },
    { service: 'ollama-cpu', port: 'http', optional: true, why: 'serves the CPU models' },
    { service: 'valkey', port: 'redis', why: 'router state shared between replicas and the response cache' },
    { service: 'cnpg-operator', why: 'its PostgreSQL (keys, spend) is a CloudNativePG Cluster' },
  ],
  exposes: [
    {
      port: 'http',
      subdomain: 'llm',
      auth: 'forward-auth',
      kind: 'api',
      healthPath: litellmImage.health!.value,
      // API clients with a LiteLLM key (sk-…) reach it directly; LiteLLM checks the key.
      apiKeys: true,
    },
  ],
  secrets: [
    {
      name: 'litellm',
      keys: {
        // LiteLLM refuses a master key without the sk- prefix.
        'master-key': { kind: 'api-key', prefix: 'sk-', bytes: 24 },
        // Encrypts model credentials stored in the database; never rotate it after models are stored.
        'salt-key': { kind: 'token', bytes: 32, encoding: 'hex' },
      },
    },
    {
      name: 'litellm-db',
      keys: {
        username: { kind: 'fixed', value: 'litellm' },
        password: { kind: 'password', length: 32 },
        // Composed by the plan for the planned cluster (database.url below), which a promoted recovery renames.
        url: { kind: 'composed', template: databaseUrlTemplate('litellm-db', NAMESPACE, 'litellm') },
      },
    },
    {
      name: 'litellm-valkey',
      keys: { password: { kind: 'composed', template: `\${${valkey.namespace}/valkey-auth/password}` } },
    },
  ],
  storage: [],
  // Its MCP gateway lists the platform's MCP servers that name it as a caller, with their tokens.
  mcpClient: { secret: 'litellm-mcp-servers', tokens: 'per-server' },
  // LiteLLM authenticates /metrics like its API (litellm.require_auth_for_metrics_endpoint defaults to true in
  // 1.104.2): the scrape sends the master key, so the metrics stay closed to whatever reaches the public route.
  metrics: { port: 'http', path: '/metrics', bearer: { secret: 'litellm', key: 'master-key' } },
  database: { name: 'litellm', size: '5Gi', url: { secret: 'litellm-db', key: 'url' } },
  backup: { kind: 'postgres', database: 'litellm' },
  scaling: { defaultReplicas: 1, maxReplicas: 5 },
  resources: resources('250m', '512Mi', '2', '2Gi'),
  podSecurity: { level: 'restricted' },
  writableRootReason: 'LiteLLM generates its Prisma client inside the image on start',

  build: (ctx) => {
    const { self, plan } = ctx;
    const config = toYaml(litellmConfig(plan));
    return {
      objects: [
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: objectMeta(self, 'litellm-config'),
          data: { 'config.yaml': config },
        },
        ...databaseCluster(ctx.plan, self),
        ...workload(ctx, {
          user: litellmImage.user.value,
          containers: [
            {
              args: ['--config', '/etc/litellm/config.yaml', '--port', String(self.def.ports[0]!.port)],
              env: [
                secretEnv(self, LITELLM_ENV.masterKey, 'litellm', 'master-key'),
                secretEnv(self, 'LITELLM_SALT_KEY', 'litellm', 'salt-key'),
                secretEnv(self, LITELLM_ENV.databaseUrl, 'litellm-db', 'url'),
                env(LITELLM_ENV.redisHost, serviceHost(plan, 'valkey')),
                env(LITELLM_ENV.redisPort, servicePort(plan, 'valkey', 'redis')),
                secretEnv(self, LITELLM_ENV.redisPassword, 'litellm-valkey', 'password'),
                env('PROXY_BASE_URL', publicUrl(plan, self.name)),
                // The cost map the pinned image ships, never a fetch at start: its egress reaches no internet, and
                // at 1.104.2 a failed fetch logs from two threads at once, whose lazy import of rust_bridge.catalog
                // can crash the import of litellm itself (get_model_cost_map.py:643 reads this; seen in CI).
                env('LITELLM_LOCAL_MODEL_COST_MAP', 'True'),
                ...plan.toolServers
                  .filter((t) => t.clients.includes(self.name))
                  .map((t) => secretEnv(self, mcpTokenEnv(t.service), 'litellm-mcp-servers', t.service)),
              ],
              liveness: { http: litellmImage.health!.value, initialDelaySeconds: 30 },
              readiness: { http: '/health/readiness' },
              startup: { http: litellmImage.health!.value, periodSeconds: 10, failureThreshold: 30 },
              volumeMounts: [
                { name: 'config', mountPath: '/etc/litellm', readOnly: true },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          volumes: [
            { name: 'config', configMap: { name: 'litellm-config' } },
            { name: 'tmp', emptyDir: {} },
          ],
          podAnnotations: { [CONFIG_CHECKSUM_ANNOTATION]: checksum(config) },
        }),
      ],
    };
  },
};
