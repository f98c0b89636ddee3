import { smarthostHostPort } from '../plan/endpoints.ts';
import type { Plan } from '../plan/types.ts';
import { serviceUrl } from '../build/refs.ts';
import type { CredentialKey } from './types.ts';

/** A value read at import time from a mounted Secret key, so no secret is written into a ConfigMap. */
export interface SecretFile {
  secret: string;
  key: string;
}

/** One n8n credential shai creates: fixed id (upserted in place), n8n credential type, its data. */
export interface CredentialSpec {
  key: CredentialKey;
  id: string;
  name: string;
  type: string;
  data: Record<string, string | number | boolean | SecretFile>;
}

/*
 * Fixed ids and n8n credential types, read from the installed node packages at 2.41.1
 * (n8n-nodes-base dist/types/credentials.json: openAiApi, smtp, githubApi; @n8n/n8n-nodes-langchain: qdrantApi,
 * searXngApi). `import:credentials` upserts by id, `import:workflow` keeps the ids the nodes name.
 */
const CREDENTIALS: Record<CredentialKey, { id: string; name: string; type: string }> = {
  litellm: { id: 'shaiLitellm00001', name: 'LiteLLM (platform gateway)', type: 'openAiApi' },
  qdrant: { id: 'shaiQdrant000001', name: 'Qdrant (platform)', type: 'qdrantApi' },
  searxng: { id: 'shaiSearxng00001', name: 'SearXNG (platform)', type: 'searXngApi' },
  smtp: { id: 'shaiSmtp00000001', name: 'SMTP (alerts.email)', type: 'smtp' },
  github: { id: 'shaiGithub000001', name: 'GitHub (workflows.github-summary.token)', type: 'githubApi' },
};

/** How a node names a credential: `{ [type]: { id, name } }`. */
export function credentialRef(key: CredentialKey): { type: string; ref: { id: string; name: string } } {
  const c = CREDENTIALS[key];
  return { type: c.type, ref: { id: c.id, name: c.name } };
}

/** The Secret n8n reads Qdrant's API key from (composed from Qdrant's own by src/services/n8n.ts). */
export const N8N_QDRANT_SECRET = 'n8n-qdrant';

/** A platform.yaml Secret reference as a mounted file. */
const fileOf = (ref: { name: string; key: string }): SecretFile => ({ secret: ref.name, key: ref.key });

/** The data of one credential, from the plan; secrets as mounted files. */
export function credentialSpec(plan: Plan, key: CredentialKey): CredentialSpec {
  const base = { key, ...CREDENTIALS[key] };
  switch (key) {
    case 'litellm':
      return {
        ...base,
        data: {
          apiKey: { secret: 'n8n-litellm', key: 'api-key' },
          url: `${serviceUrl(plan, 'litellm', 'http')}/v1`,
        },
      };
    case 'qdrant':
      return {
        ...base,
        data: {
          apiKey: { secret: N8N_QDRANT_SECRET, key: 'api-key' },
          qdrantUrl: serviceUrl(plan, 'qdrant', 'http'),
        },
      };
    case 'searxng':
      return { ...base, data: { apiUrl: serviceUrl(plan, 'searxng', 'http') } };
    case 'smtp': {
      const email = plan.config.alerts.email!;
      const { host, port } = smarthostHostPort(email.smarthost)!;
      // Port 465 speaks TLS from the first byte; any other port starts plain and upgrades with STARTTLS.
      return {
        ...base,
        data: { user: email.from, password: fileOf(email.password), host, port, secure: port === 465 },
      };
    }
    case 'github':
      return {
        ...base,
        data: {
          server: 'https://api.github.com',
          user: '',
          accessToken: fileOf(plan.config.workflows['github-summary'].token!),
        },
      };
  }
}
