import { importedWorkflows } from '../../plan/workflows.ts';
import type { KubeObject } from '../../k8s/object.ts';
import { checksum, objectMeta } from '../../k8s/meta.ts';
import { CONFIG_CHECKSUM_ANNOTATION } from '../../k8s/annotations.ts';
import type { ContainerSpec } from '../../build/workload.ts';
import { type CredentialSpec, credentialSpec, type SecretFile } from '../../workflows/credentials.ts';
import { WORKFLOWS } from '../../workflows/registry.ts';
import type { CredentialKey, WorkflowDef } from '../../workflows/types.ts';
import type { BuildContext } from '../types.ts';

/** The ConfigMap holding the workflow files, the credential template and the script that fills it. */
export const N8N_IMPORT_CONFIG = 'n8n-workflows';
const CONFIG_DIR = '/etc/shai/n8n';
const WORKFLOW_DIR = `${CONFIG_DIR}/workflows`;
const SECRETS_DIR = '/run/shai';

/**
 * Fills the credential template: each `{ "secret": s, "key": k }` value becomes the content of the mounted file
 * <secrets dir>/s/k. Run with n8n's own Node, so values of any characters reach n8n's JSON intact.
 */
const FILL_SCRIPT = `import { readFileSync, writeFileSync } from 'node:fs';
const [template, out, secrets] = process.argv.slice(2);
const read = (v) => (v && typeof v === 'object' ? readFileSync(\`\${secrets}/\${v.secret}/\${v.key}\`, 'utf8').trim() : v);
const credentials = JSON.parse(readFileSync(template, 'utf8')).map((c) => ({
  ...c,
  data: Object.fromEntries(Object.entries(c.data).map(([k, v]) => [k, read(v)])),
}));
writeFileSync(out, JSON.stringify(credentials), { mode: 0o600 });
`;

/** The workflows render imports, in registry order (sub-workflows first). */
export function plannedWorkflows(ctx: BuildContext): WorkflowDef[] {
  const ids = new Set(importedWorkflows(ctx.plan.config, new Set(ctx.plan.services.map((s) => s.name))));
  return WORKFLOWS.filter((w) => ids.has(w.id));
}

/** The credentials n8n gets: LiteLLM's always (its AI nodes), the others when an imported workflow uses them. */
export function plannedCredentials(ctx: BuildContext): CredentialSpec[] {
  const keys = new Set<CredentialKey>(['litellm', ...plannedWorkflows(ctx).flatMap((w) => w.credentials)]);
  const order: CredentialKey[] = ['litellm', 'qdrant', 'searxng', 'smtp', 'github'];
  return order.filter((k) => keys.has(k)).map((k) => credentialSpec(ctx.plan, k));
}

/** Every Secret key the credentials read, one volume per Secret. */
function secretFiles(credentials: CredentialSpec[]): Map<string, string[]> {
  const files = new Map<string, string[]>();
  for (const c of credentials)
    for (const v of Object.values(c.data))
      if (typeof v === 'object') {
        const f = v as SecretFile;
        files.set(f.secret, [...new Set([...(files.get(f.secret) ?? []), f.key])].sort());
      }
  return files;
}

/** The ConfigMap's data: one file per workflow, the credential template, the fill script. */
function configData(ctx: BuildContext): Record<string, string> {
  const data: Record<string, string> = {
    'credentials.json': `${JSON.stringify(plannedCredentials(ctx), null, 2)}\n`,
    'fill-credentials.mjs': FILL_SCRIPT,
  };
  for (const w of plannedWorkflows(ctx))
    data[`${w.id}.json`] = `${JSON.stringify(w.build(ctx.plan), null, 2)}\n`;
  return data;
}

/** The import script: credentials, then workflows (upserted by id), then every workflow published. */
function importScript(ctx: BuildContext): string {
  const workflows = plannedWorkflows(ctx);
  return [
    'set -eu',
    'umask 077',
    `node ${CONFIG_DIR}/fill-credentials.mjs ${CONFIG_DIR}/credentials.json /tmp/credentials.json ${SECRETS_DIR}`,
    'n8n import:credentials --input=/tmp/credentials.json',
    'rm -f /tmp/credentials.json',
    ...(workflows.length ? [`n8n import:workflow --separate --input=${WORKFLOW_DIR}`] : []),
    // import:workflow leaves every workflow inactive in regular mode; publishing before the server starts is
    // what makes it register their webhooks (n8n 2.41 dist/commands/publish/workflow.js). Sub-workflows too: the
    // real n8n 2.41.1 refuses to run an unpublished one from a published caller ("Workflow is not active and
    // cannot be executed.", test/real/n8n.test.ts).
    ...workflows.map((w) => `n8n publish:workflow --id=${w.n8nId}`),
  ].join('\n');
}

/**
 * What n8n's pod gets so that it starts with shai's credentials and workflows: an init container that imports
 * them through n8n's own CLI against the migrated database before the server starts (the CLI migrates it
 * first), every start. Fixed ids make it idempotent: credentials and workflows are updated in place, never
 * duplicated. A changed workflow changes the pod's config checksum, so n8n restarts and imports it.
 */
export function n8nImport(ctx: BuildContext, env: Record<string, unknown>[]) {
  const data = configData(ctx);
  const credentials = plannedCredentials(ctx);
  const files = secretFiles(credentials);
  const workflowItems = plannedWorkflows(ctx).map((w) => ({ key: `${w.id}.json`, path: `${w.id}.json` }));
  const container: ContainerSpec = {
    name: 'import',
    command: ['/bin/sh', '-c', importScript(ctx)],
    env,
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
    readOnlyRootFilesystem: true,
    volumeMounts: [
      { name: 'data', mountPath: '/home/node/.n8n' },
      { name: 'import-config', mountPath: CONFIG_DIR, readOnly: true },
      ...(workflowItems.length
        ? [{ name: 'import-workflows', mountPath: WORKFLOW_DIR, readOnly: true }]
        : []),
      ...[...files.keys()].map((s) => ({
        name: `secret-${s}`,
        mountPath: `${SECRETS_DIR}/${s}`,
        readOnly: true,
      })),
      { name: 'import-tmp', mountPath: '/tmp' },
    ],
  };
  const volumes = [
    {
      name: 'import-config',
      configMap: {
        name: N8N_IMPORT_CONFIG,
        items: ['credentials.json', 'fill-credentials.mjs'].map((k) => ({ key: k, path: k })),
      },
    },
    ...(workflowItems.length
      ? [{ name: 'import-workflows', configMap: { name: N8N_IMPORT_CONFIG, items: workflowItems } }]
      : []),
    ...[...files].map(([s, keys]) => ({
      name: `secret-${s}`,
      secret: { secretName: s, items: keys.map((k) => ({ key: k, path: k })) },
    })),
    { name: 'import-tmp', emptyDir: {} },
  ];
  const configMap: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: objectMeta(ctx.self, N8N_IMPORT_CONFIG, { component: 'workflows' }),
    data,
  };
  return {
    container,
    volumes,
    configMap,
    podAnnotations: { [CONFIG_CHECKSUM_ANNOTATION]: checksum(JSON.stringify(data)) },
  };
}
