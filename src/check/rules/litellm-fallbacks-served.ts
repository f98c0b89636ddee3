import { parse } from 'yaml';
import { containersOf, isObject, workloads } from '../../semantics/pods.ts';
import { fail, pass, where } from '../result.ts';
import type { Rule, RuleResult, SourcedObject } from '../types.ts';

/** Env vars whose value is a model name clients ask LiteLLM for. */
const MODEL_ENV = ['RAG_EMBEDDING_MODEL', 'TASK_MODEL', 'TASK_MODEL_EXTERNAL', 'DEFAULT_MODELS'];

function configOf(cm: SourcedObject): Record<string, unknown> | undefined {
  const text = (cm.object as { data?: Record<string, string> }).data?.['config.yaml'];
  if (typeof text !== 'string') return undefined;
  const doc: unknown = parse(text);
  return isObject(doc) ? (doc as Record<string, unknown>) : undefined;
}

function fallbackPairs(router: unknown): { from: string; to: string; key: string }[] {
  const out: { from: string; to: string; key: string }[] = [];
  if (!isObject(router)) return out;
  for (const key of ['fallbacks', 'context_window_fallbacks', 'content_policy_fallbacks']) {
    const list = router[key];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (!isObject(entry)) continue;
      for (const [from, targets] of Object.entries(entry)) {
        for (const to of Array.isArray(targets) ? targets : []) out.push({ from, to: String(to), key });
      }
    }
  }
  return out;
}

/** LiteLLM fallbacks point at served models, and every model a client is configured with is in model_list. */
export const litellmFallbacksServed: Rule = {
  id: 'litellm-fallbacks-served',
  title: 'LiteLLM fallbacks and client models are served',
  severity: 'error',
  family: 'references',
  targets: ['ConfigMap', 'Deployment', 'StatefulSet'],
  fix: 'Add the model to platform.yaml `models` with a placement, or point the fallback / client setting at a served alias.',
  docs:
    "Reads LiteLLM's `config.yaml` from the ConfigMap `litellm-config`. Every model named in `router_settings.fallbacks`, " +
    '`context_window_fallbacks` or `content_policy_fallbacks` (source and targets) must be a `model_name` of `model_list`, ' +
    'i.e. placed on an Ollama instance. Every workload env naming a model it asks LiteLLM for (' +
    MODEL_ENV.join(', ') +
    '; comma-separated lists allowed) must name a served model too: otherwise requests fail with "model not found".',
  check: (ctx) => {
    const out: RuleResult[] = [];
    const cms = ctx.index.named('ConfigMap', 'litellm-config');
    const served = new Set<string>();
    for (const cm of cms) {
      const cfg = configOf(cm);
      if (!cfg) continue;
      const list = Array.isArray(cfg.model_list) ? cfg.model_list : [];
      const names = new Set(list.filter(isObject).map((m) => String(m.model_name)));
      for (const n of names) served.add(n);
      const bad = fallbackPairs(cfg.router_settings).filter((p) => !names.has(p.from) || !names.has(p.to));
      for (const p of bad) {
        const missing = names.has(p.from) ? p.to : p.from;
        out.push(
          fail(
            cm,
            `${where(cm)}: ${p.key} ${p.from} → ${p.to} names "${missing}", which model_list does not serve`,
            `.data['config.yaml']`,
          ),
        );
      }
      if (!bad.length) out.push(pass(cm));
    }
    if (!cms.length) return out;
    for (const w of workloads(ctx.objects)) {
      for (const c of containersOf(w.template)) {
        for (const e of (c.container.env ?? []) as unknown[]) {
          if (!isObject(e) || !MODEL_ENV.includes(String(e.name)) || typeof e.value !== 'string') continue;
          for (const model of e.value
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean)) {
            out.push(
              served.has(model)
                ? pass(w.source)
                : fail(
                    w.source,
                    `${where(w.source)}: ${String(e.name)}=${model} is not served by LiteLLM (model_list: ${[...served].sort().join(', ')})`,
                    `${c.jsonPath}.env`,
                  ),
            );
          }
        }
      }
    }
    return out;
  },
};
