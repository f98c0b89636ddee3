import type { ModelConfig } from '../../config/schema.ts';
import type { Plan, PlannedModel } from '../../plan/types.ts';
import { serviceUrl } from '../../build/refs.ts';

/** Where a purpose falls back when its models fail: code → general → small, and so on. */
const FALLBACK_ORDER: Record<ModelConfig['purpose'], ModelConfig['purpose'][]> = {
  code: ['general', 'small'],
  reasoning: ['general', 'small'],
  general: ['small'],
  vision: [],
  small: [],
  embedding: [],
};

/** The env vars the rendered config reads secrets from (`os.environ/...`); the Deployment sets them. */
export const LITELLM_ENV = {
  masterKey: 'LITELLM_MASTER_KEY',
  databaseUrl: 'DATABASE_URL',
  redisHost: 'REDIS_HOST',
  redisPort: 'REDIS_PORT',
  redisPassword: 'REDIS_PASSWORD',
} as const;

const envRef = (name: string) => `os.environ/${name}`;

/** The env var LiteLLM reads an MCP server's bearer token from (`mcp-servers` → `MCP_SERVERS_TOKEN`). */
export function mcpTokenEnv(service: string): string {
  return `${service.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}_TOKEN`;
}

/**
 * The platform's MCP servers LiteLLM lists, for its MCP gateway (`mcp_servers:`), as read in the litellm
 * 1.104.2 wheel (the pinned image's version):
 * - the proxy loads `config["mcp_servers"]` after resolving every `os.environ/` value of the config
 *   (`proxy/proxy_server.py:5831,6823-6833`);
 * - each entry is keyed by a server name that must not contain `MCP_TOOL_PREFIX_SEPARATOR` (`-` by default:
 *   `proxy/_experimental/mcp_server/utils.py:54,510-529`), so a service's dashes become underscores;
 * - `url`, `transport` (`http` is streamable HTTP), `auth_type: bearer_token` and `auth_value`, sent as
 *   `Authorization: Bearer` (`types/mcp.py:27-45`; `mcp_server_manager.py:2577`, `auth_value` read as the
 *   server's authentication token), `description` (`mcp_server_manager.py:2372`) and `allowed_tools`, the only
 *   tools of the server it lists and calls (`mcp_server_manager.py:2580,5497`), set when the server registers
 *   tools the platform does not offer from it.
 */
function mcpServers(plan: Plan): Record<string, unknown> {
  return Object.fromEntries(
    plan.toolServers
      .filter((s) => s.clients.includes('litellm'))
      .map((s) => [
        s.service.replace(/-/g, '_'),
        {
          url: s.url,
          transport: 'http',
          auth_type: 'bearer_token',
          auth_value: envRef(mcpTokenEnv(s.service)),
          description: `${s.title}: ${s.tools.join(', ')}`,
          ...(s.tools.length < s.registered.length ? { allowed_tools: [...s.tools] } : {}),
        },
      ]),
  );
}

function isEmbedding(m: PlannedModel): boolean {
  return m.model.purpose === 'embedding' || m.model.capabilities.includes('embedding');
}

/** One deployment per placement, so a model served on GPU and CPU is load-balanced by LiteLLM. */
function modelList(plan: Plan) {
  return plan.models.flatMap((m) =>
    m.instances.map((instance) => ({
      model_name: m.alias,
      litellm_params: {
        // Chat goes through /api/chat (native messages and tools); embeddings through /api/embed.
        model: `${isEmbedding(m) ? 'ollama' : 'ollama_chat'}/${m.model.name}`,
        api_base: serviceUrl(plan, instance, 'http'),
        ...(m.model.rpm ? { rpm: m.model.rpm } : {}),
        ...(m.model.tpm ? { tpm: m.model.tpm } : {}),
      },
      model_info: {
        // An explicit id keeps LiteLLM from evicting config models when it reconciles with its database.
        id: `${m.alias}@${instance}`,
        mode: isEmbedding(m) ? 'embedding' : 'chat',
        ...(m.model.contextLength ? { max_input_tokens: m.model.contextLength } : {}),
      },
    })),
  );
}

/** Fallbacks by purpose, only to models that are served. */
export function fallbacks(plan: Plan): Record<string, string[]>[] {
  const served = plan.models.filter((m) => m.instances.length > 0 && !isEmbedding(m));
  const byPurpose = (p: string) => served.filter((m) => m.model.purpose === p).map((m) => m.alias);
  const out: Record<string, string[]>[] = [];
  for (const m of served) {
    const targets = FALLBACK_ORDER[m.model.purpose].flatMap(byPurpose).filter((a) => a !== m.alias);
    if (targets.length) out.push({ [m.alias]: [...new Set(targets)] });
  }
  return out;
}

/** Context-window fallbacks: to a served model of the same purpose with a larger window. */
function contextFallbacks(plan: Plan): Record<string, string[]>[] {
  const served = plan.models.filter((m) => m.instances.length > 0 && !isEmbedding(m));
  const out: Record<string, string[]>[] = [];
  for (const m of served) {
    const ctx = m.model.contextLength ?? 0;
    const bigger = served
      .filter((o) => o.model.purpose === m.model.purpose && (o.model.contextLength ?? 0) > ctx)
      .map((o) => o.alias);
    if (bigger.length) out.push({ [m.alias]: bigger });
  }
  return out;
}

/**
 * LiteLLM's config.yaml as data, rendered from the plan's models; secrets only as `os.environ/` references. The
 * routing strategy is platform.yaml's `routing.strategy` (least-busy by default: a model served on GPU and CPU
 * sends a request to the deployment with the fewest in flight, so the slow CPU copy takes only the overflow).
 */
export function litellmConfig(plan: Plan): Record<string, unknown> {
  return {
    model_list: modelList(plan),
    router_settings: {
      routing_strategy: plan.config.routing?.strategy ?? 'least-busy',
      num_retries: 2,
      allowed_fails: 3,
      cooldown_time: 30,
      timeout: 600,
      enable_pre_call_checks: true,
      fallbacks: fallbacks(plan),
      context_window_fallbacks: contextFallbacks(plan),
      redis_host: envRef(LITELLM_ENV.redisHost),
      redis_port: envRef(LITELLM_ENV.redisPort),
      redis_password: envRef(LITELLM_ENV.redisPassword),
    },
    litellm_settings: {
      drop_params: true,
      // /metrics on the proxy port (open source in 1.108; the alerts and dashboards read it).
      callbacks: ['prometheus'],
      cache: true,
      cache_params: {
        type: 'redis',
        host: envRef(LITELLM_ENV.redisHost),
        port: envRef(LITELLM_ENV.redisPort),
        password: envRef(LITELLM_ENV.redisPassword),
      },
    },
    general_settings: {
      master_key: envRef(LITELLM_ENV.masterKey),
      database_url: envRef(LITELLM_ENV.databaseUrl),
    },
    ...(plan.toolServers.some((s) => s.clients.includes('litellm')) ? { mcp_servers: mcpServers(plan) } : {}),
  };
}
