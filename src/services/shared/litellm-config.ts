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
  };
}
