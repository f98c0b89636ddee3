import type https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { UserError } from '../errors.ts';
import { kubeHttp } from '../kube-http.ts';
import type { KubeObject } from '../k8s/object.ts';

/** One answer of the API server: the HTTP status and the JSON body (a Status object on errors). */
export interface ApiReply {
  status: number;
  body: Record<string, unknown>;
}

/** The few raw calls `shai install` makes; the kubeconfig's credentials are applied by `kubeApi`. */
export interface KubeApi {
  /** The API server's URL, for messages. */
  server: string;
  request(method: string, path: string, body?: unknown, contentType?: string): Promise<ApiReply>;
}

/** A KubeApi over the kubeconfig's current context (token, client certificate, CA, exec plugins). */
export function kubeApi(kc: KubeConfig, timeoutMs = 30_000): KubeApi {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new UserError('no Kubernetes cluster configured: pass --kubeconfig or --context');
  const server = cluster.server.replace(/\/$/, '');
  return {
    server,
    async request(method, path, body, contentType = 'application/json') {
      const url = new URL(server + path);
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const options: https.RequestOptions = {
        method,
        headers: {
          Accept: 'application/json',
          ...(payload === undefined ? {} : { 'Content-Type': contentType }),
        },
        timeout: timeoutMs,
      };
      const reply = await kubeHttp(
        kc,
        cluster.name,
        url,
        options,
        `cannot reach the API server at ${url.origin}`,
        payload,
      );
      return { status: reply.status, body: jsonBody(reply.text) };
    },
  };
}

/** The JSON body of an answer; text that is not JSON (a proxy's error page) as a Status-like message. */
function jsonBody(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { message: text.slice(0, 500) };
  }
}

/** The `message` of a Status body, or the HTTP status. */
export function statusMessage(reply: ApiReply): string {
  const m = reply.body.message;
  return typeof m === 'string' && m ? m : `HTTP ${reply.status}`;
}

/** Throws a UserError naming what was being done unless the reply is 2xx. */
export function expectOk(reply: ApiReply, doing: string): Record<string, unknown> {
  if (reply.status >= 200 && reply.status < 300) return reply.body;
  throw new UserError(`${doing}: ${statusMessage(reply)}`);
}

/** A served resource: the path segment and whether it lives in a namespace. */
export interface Resource {
  plural: string;
  namespaced: boolean;
}

/**
 * Maps apiVersion/kind to the resource the API serves, from discovery (one call per group version, cached).
 * Undefined when the API does not serve the kind (its CRD is not installed yet).
 */
export function resourceResolver(
  api: KubeApi,
): (apiVersion: string, kind: string) => Promise<Resource | undefined> {
  const groups = new Map<string, Promise<Map<string, Resource>>>();
  const load = async (apiVersion: string) => {
    const reply = await api.request(
      'GET',
      apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`,
    );
    const out = new Map<string, Resource>();
    if (reply.status !== 200) return out;
    for (const r of (reply.body.resources ?? []) as { name: string; kind: string; namespaced: boolean }[]) {
      if (!r.name.includes('/')) out.set(r.kind, { plural: r.name, namespaced: r.namespaced });
    }
    return out;
  };
  return async (apiVersion, kind) => {
    let g = groups.get(apiVersion);
    if (!g) groups.set(apiVersion, (g = load(apiVersion)));
    const found = (await g).get(kind);
    // A CRD installed a moment ago: look again once.
    if (!found) groups.delete(apiVersion);
    return found;
  };
}

/** The URL path of an object (`name` omitted: its collection). */
export function objectPath(
  o: Pick<KubeObject, 'apiVersion' | 'metadata'>,
  r: Resource,
  withName = true,
): string {
  const base = o.apiVersion.includes('/') ? `/apis/${o.apiVersion}` : `/api/${o.apiVersion}`;
  const ns = r.namespaced ? `/namespaces/${encodeURIComponent(o.metadata.namespace ?? 'default')}` : '';
  return `${base}${ns}/${r.plural}${withName ? `/${encodeURIComponent(o.metadata.name)}` : ''}`;
}

/** The field manager of every write `shai install` makes. */
export const FIELD_MANAGER = 'shai-install';

/** Query of a server-side apply: strict field validation, conflicts forced (install owns what it applies). */
export function applyQuery(dryRun = false): string {
  return `?fieldManager=${FIELD_MANAGER}&force=true&fieldValidation=Strict${dryRun ? '&dryRun=All' : ''}`;
}
