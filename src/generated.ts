import { platformDocs } from './config/docs.ts';
import { platformJsonSchema, renderJsonSchema } from './config/json-schema.ts';
import { configRules } from './config/rules.ts';
import { registry } from './services/registry.ts';
import { rulesMarkdown } from './check/docs.ts';
import { RULES } from './check/registry.ts';
import { ANALYZERS } from './cluster/analyzers/index.ts';
import { doctorMarkdown } from './cluster/docs.ts';
import { RUNBOOK_DIR, runbookIndex, runbooks } from './observe/runbooks.ts';
import { repositoryAlerts } from './render/observe/repository-alerts.ts';
import { workflowsMarkdown } from './workflows/docs.ts';
import { comfyWorkflowsMarkdown } from './comfyui/docs.ts';
import { COMFY_WORKFLOWS } from './comfyui/workflows.ts';
import { WORKFLOWS } from './workflows/registry.ts';

/** A file committed to the repository but computed from code; a test fails when it is stale. */
export interface GeneratedFile {
  /** Path relative to the repository root. */
  path: string;
  content: () => string;
}

/** Every generated file, in one list: add yours here (rules docs, services docs, ...). */
export const generatedFiles: readonly GeneratedFile[] = [
  { path: 'schema/platform.schema.json', content: () => renderJsonSchema(registry) },
  { path: 'docs/platform.md', content: () => platformDocs(platformJsonSchema(registry), configRules) },
  { path: 'docs/rules.md', content: () => rulesMarkdown(RULES) },
  { path: 'docs/doctor.md', content: () => doctorMarkdown(ANALYZERS) },
  { path: `${RUNBOOK_DIR}/README.md`, content: () => runbookIndex(repositoryAlerts()) },
  ...[...runbooks(repositoryAlerts())].map(([name, text]) => ({
    path: `${RUNBOOK_DIR}/${name}.md`,
    content: () => text,
  })),
  {
    path: 'docs/workflows.md',
    content: () => `${workflowsMarkdown(WORKFLOWS)}\n${comfyWorkflowsMarkdown(COMFY_WORKFLOWS)}`,
  },
];
