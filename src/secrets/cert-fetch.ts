import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { UserError } from '../errors.ts';

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
  try {
    await kc.applyToHTTPSOptions(options);
  } catch (cause) {
    throw new UserError(`kubeconfig cluster ${cluster.name}: ${(cause as Error).message}`, { cause });
  }
  // The kubeconfig's agent is an HTTPS one; a plain-HTTP server (a local proxy, a test) needs node's default.
  if (url.protocol === 'http:') delete options.agent;
  const where = `${url.origin}${url.pathname}`;
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) {
          reject(
            new UserError(
              `cannot fetch the sealing certificate from ${where}: HTTP ${res.statusCode} ${body.slice(0, 200).trim()}`,
            ),
          );
        } else resolve(body);
      });
    });
    req.on('error', (cause) =>
      reject(
        new UserError(
          `cannot reach the cluster at ${url.origin} to fetch the sealing certificate: ${cause.message}`,
          { cause },
        ),
      ),
    );
    req.end();
  });
}
