import { n8nImage } from '../../images/n8n.ts';
import type { KubeObject } from '../../k8s/object.ts';
import { objectMeta } from '../../k8s/meta.ts';
import { serviceUrl } from '../../build/refs.ts';
import { readOnlyContainerSecurity } from '../../build/workload.ts';
import type { BuildContext } from '../types.ts';

/** The fixed id of the LiteLLM credential: `import:credentials` upserts by id, so every run updates it in place. */
export const N8N_LITELLM_CREDENTIAL_ID = 'shaiLitellm00001';
/** Where the Job mounts the LiteLLM key (a file, so no environment name n8n does not read). */
const KEY_DIR = '/run/shai/litellm';

/**
 * The n8n credential LiteLLM is reached with: n8n's own `openAiApi` type (n8n-nodes-base@2.41.2
 * dist/credentials/OpenAiApi.credentials.js: apiKey, url "Base URL", default https://api.openai.com/v1)
 * pointed at the gateway's in-cluster URL. Written by the script below with the key read from the secret.
 */
export function litellmCredential(ctx: BuildContext): {
  id: string;
  name: string;
  type: string;
  url: string;
} {
  return {
    id: N8N_LITELLM_CREDENTIAL_ID,
    name: 'LiteLLM (platform gateway)',
    type: 'openAiApi',
    url: `${serviceUrl(ctx.plan, 'litellm', 'http')}/v1`,
  };
}

/**
 * A PostSync Job (n8n is up, so its database is migrated and has its owner) that imports the LiteLLM
 * credential with n8n's CLI, `n8n import:credentials` (n8n@2.41.3 dist/commands/import/credentials.js:
 * encrypts `data` with N8N_ENCRYPTION_KEY and upserts by id into the owner's personal project). Idempotent:
 * the fixed id makes a re-run, or a rotated key, update the same credential.
 */
export function n8nCredentialsJob(ctx: BuildContext, env: Record<string, unknown>[]): KubeObject {
  const { self } = ctx;
  const c = litellmCredential(ctx);
  const name = `${self.name}-credentials`;
  // The key is hex after its sk- prefix (src/secrets/generate.ts), so it needs no JSON escaping.
  const script = [
    'set -eu',
    'umask 077',
    `key=$(cat ${KEY_DIR}/api-key)`,
    `printf '[{"id":"%s","name":"%s","type":"%s","data":{"apiKey":"%s","url":"%s"}}]' '${c.id}' '${c.name}' '${c.type}' "$key" '${c.url}' > /tmp/credentials.json`,
    'n8n import:credentials --input=/tmp/credentials.json',
  ].join('\n');
  const labels = objectMeta(self, name, { component: 'credentials' }).labels;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: objectMeta(self, name, {
      component: 'credentials',
      annotations: {
        'argocd.argoproj.io/hook': 'PostSync',
        'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
      },
    }),
    spec: {
      backoffLimit: 6,
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: self.name,
          automountServiceAccountToken: false,
          restartPolicy: 'OnFailure',
          securityContext: {
            runAsNonRoot: true,
            runAsUser: n8nImage.user.value.uid,
            runAsGroup: n8nImage.user.value.gid,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: 'import',
              image: self.image,
              imagePullPolicy: 'IfNotPresent',
              terminationMessagePolicy: 'FallbackToLogsOnError',
              command: ['/bin/sh', '-c', script],
              env,
              resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
              securityContext: readOnlyContainerSecurity(),
              volumeMounts: [
                { name: 'key', mountPath: KEY_DIR, readOnly: true },
                { name: 'n8n-home', mountPath: '/home/node/.n8n' },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          volumes: [
            {
              name: 'key',
              secret: { secretName: 'n8n-litellm', items: [{ key: 'api-key', path: 'api-key' }] },
            },
            { name: 'n8n-home', emptyDir: {} },
            { name: 'tmp', emptyDir: {} },
          ],
        },
      },
    },
  };
}
