import type { Config } from '../config/schema.ts';
import { WORKFLOW_IDS, WORKFLOW_SERVICES, type WorkflowId } from '../config/workflows.ts';
import type { PlanWarning } from './types.ts';

/** Whether a workflow of `workflows:` is imported, and if not, what it lacks. */
export interface WorkflowStatus {
  id: WorkflowId;
  /** Written as enabled (or enabled by default). */
  enabled: boolean;
  /** What keeps an enabled workflow from being imported: services that are off, settings that are missing. */
  missing: string[];
}

/** The model aliases clients can ask LiteLLM for (an entry's alias, else its name). */
export function modelAliases(config: Config): Set<string> {
  return new Set(config.models.map((m) => m.alias ?? m.name));
}

/** The checkpoint the image workflows load: the one `workflows.image-request.checkpoint` names, or the first. */
export function imageCheckpoint(config: Config): string | undefined {
  const checkpoints = config.comfyui.models.filter((m) => m.folder === 'checkpoints').map((m) => m.name);
  const wanted = config.workflows['image-request'].checkpoint;
  return wanted ? checkpoints.find((c) => c === wanted) : checkpoints[0];
}

/** Settings a workflow needs beyond its services. */
function settingsMissing(config: Config, id: WorkflowId): string[] {
  const w = config.workflows;
  const aliases = modelAliases(config);
  const model = (m: string) => (aliases.has(m) ? [] : [`model alias "${m}"`]);
  switch (id) {
    case 'rag-retrieval':
      return model(w['rag-retrieval'].model);
    case 'chat-with-tools':
      return [
        ...model(w['chat-with-tools'].model),
        ...(w['rag-retrieval'].enabled ? [] : ['workflows.rag-retrieval (its RAG tool)']),
      ];
    case 'document-ingestion':
      return model(w['document-ingestion'].model);
    case 'alert-digest':
      return [...model(w['alert-digest'].model), ...(config.alerts.email ? [] : ['alerts.email'])];
    case 'github-summary':
      return [...model(w['github-summary'].model), ...(w['github-summary'].token ? [] : ['its token'])];
    case 'image-request':
      return imageCheckpoint(config) ? [] : ['a comfyui.models checkpoint'];
    case 'multimodal-pipeline':
      return [
        ...model(w['multimodal-pipeline'].model),
        ...(imageCheckpoint(config) ? [] : ['a comfyui.models checkpoint']),
      ];
  }
}

/** Every workflow with what it lacks; `enabled` is the set of services that run. */
export function workflowStatuses(config: Config, enabled: ReadonlySet<string>): WorkflowStatus[] {
  return WORKFLOW_IDS.map((id) => {
    const services = enabled.has('n8n') ? WORKFLOW_SERVICES[id].filter((s) => !enabled.has(s)) : ['n8n'];
    return {
      id,
      enabled: config.workflows[id].enabled,
      missing: [...services.map((s) => `service ${s}`), ...settingsMissing(config, id)],
    };
  });
}

/** The workflows n8n imports. */
export function importedWorkflows(config: Config, enabled: ReadonlySet<string>): WorkflowId[] {
  return workflowStatuses(config, enabled)
    .filter((s) => s.enabled && !s.missing.length)
    .map((s) => s.id);
}

/** A warning per enabled workflow that is not imported (only when n8n runs: without it there is nothing to say). */
export function workflowWarnings(config: Config, enabled: ReadonlySet<string>): PlanWarning[] {
  if (!enabled.has('n8n')) return [];
  return workflowStatuses(config, enabled)
    .filter((s) => s.enabled && s.missing.length)
    .map((s) => ({
      message: `n8n workflow ${s.id} is not imported: it needs ${s.missing.join(', ')}`,
      configPath: `workflows.${s.id}`,
    }));
}
