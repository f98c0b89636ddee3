import type https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { UserError } from '../errors.ts';
import { kubeHttp } from '../kube-http.ts';

/** The controller's Service name; the platform's chart sets it with fullnameOverride (services.md). */
export const CONTROLLER_NAME = 'sealed-secrets-controller';

/** The API-server path that proxies to the controller's `GET /v1/cert.pem` (port named `http`). */
export function certProxyPath(namespace: string, controllerName: string = CONTROLLER_NAME): string {
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}/services/${encodeURIComponent(controllerName)}:http/proxy/v1/cert.pem`;
}

/** Fetches the controller certificate through the Kubernetes API service proxy, authenticated by the kubeconfig. */
export async function fetchCert(
  kc: KubeConfig,
  namespace: string,
  controllerName: string = CONTROLLER_NAME,
): Promise<string> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new UserError('kubeconfig has no current cluster: pass --cert FILE or set a context');
  const url = new URL(cluster.server.replace(/\/$/, '') + certProxyPath(namespace, controllerName));
  const options: https.RequestOptions = { method: 'GET', headers: { Accept: 'application/x-pem-file, */*' } };
  const unreachable = `cannot reach the cluster at ${url.origin} to fetch the sealing certificate`;
  const reply = await kubeHttp(kc, cluster.name, url, options, unreachable);
  if (reply.status !== 200)
    throw new UserError(
      `cannot fetch the sealing certificate from ${url.origin}${url.pathname}: HTTP ${reply.status} ${reply.text.slice(0, 200).trim()}`,
    );
  return reply.text;
}
