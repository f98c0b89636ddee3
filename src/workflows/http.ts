import type { Plan } from '../plan/types.ts';
import { serviceUrl } from '../build/refs.ts';
import type { CredentialKey } from './types.ts';
import type { NodeSpec } from './nodes.ts';

/*
 * HTTP Request nodes (n8n-nodes-base.httpRequest 4.2) that call the platform's APIs with a credential of their
 * own: the credential adds the key (openAiApi: Authorization Bearer; qdrantApi: api-key; githubApi:
 * Authorization token), the URL is the in-cluster one render knows, so `shai check`'s url-reachable rule sees it
 * in the mounted workflow files and proves the NetworkPolicies let n8n call it.
 */
const CREDENTIAL_TYPES: Partial<Record<CredentialKey, string>> = {
  litellm: 'openAiApi',
  qdrant: 'qdrantApi',
  github: 'githubApi',
};

/** An HTTP Request node: `auth` (its credential parameters) goes between the address and the body, as n8n writes it. */
function requestNode(
  name: string,
  method: string,
  url: string,
  body: string | undefined,
  options: Record<string, unknown>,
  auth: Record<string, unknown> = {},
): NodeSpec {
  return {
    name,
    type: 'n8n-nodes-base.httpRequest',
    typeVersion: 4.2,
    parameters: {
      method,
      url,
      ...auth,
      ...(body ? { sendBody: true, specifyBody: 'json', jsonBody: body } : {}),
      options,
    },
  };
}

/** A JSON request `method url` sent with one credential; `body` is an n8n expression evaluating to the JSON text. */
export function httpNode(
  name: string,
  credential: CredentialKey,
  method: string,
  url: string,
  body?: string,
  options: Record<string, unknown> = {},
): NodeSpec {
  const auth = {
    authentication: 'predefinedCredentialType',
    nodeCredentialType: CREDENTIAL_TYPES[credential],
  };
  return { ...requestNode(name, method, url, body, options, auth), credentials: [credential] };
}

/**
 * A plain JSON request, no credential: ComfyUI and the GPU media servers (forward-auth guards their hosts, not
 * the in-cluster Services). `options` are the HTTP Request node's (a file response, say).
 */
export function plainNode(
  name: string,
  method: string,
  url: string,
  body?: string,
  options: Record<string, unknown> = {},
): NodeSpec {
  return requestNode(name, method, url, body, options);
}

/** LiteLLM's OpenAI-compatible base URL. */
export function litellmV1(plan: Plan): string {
  return `${serviceUrl(plan, 'litellm', 'http')}/v1`;
}

/** A chat completion by one model alias: `system` is literal text, `user` an n8n expression (without `={{ }}`). */
export function chatNode(plan: Plan, name: string, model: string, system: string, user: string): NodeSpec {
  const body = `={{ JSON.stringify({ model: ${JSON.stringify(model)}, messages: [{ role: 'system', content: ${JSON.stringify(system)} }, { role: 'user', content: ${user} }] }) }}`;
  return httpNode(name, 'litellm', 'POST', `${litellmV1(plan)}/chat/completions`, body);
}

/** The URL of one Qdrant collection. */
export function collectionUrl(plan: Plan): string {
  return `${serviceUrl(plan, 'qdrant', 'http')}/collections/${plan.config.workflows.collection}`;
}
