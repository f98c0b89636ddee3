import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { UserError } from './errors.ts';

/** One raw answer of the API server: its HTTP status and body text. */
export interface KubeHttpReply {
  status: number;
  text: string;
}

/**
 * Sends one request to `url` on the kubeconfig's cluster `clusterName`, with the kubeconfig's credentials (token,
 * client certificate, CA, exec plugins) applied to `options`. When the server cannot be reached the UserError
 * says `unreachable`, then why.
 */
export async function kubeHttp(
  kc: KubeConfig,
  clusterName: string,
  url: URL,
  options: https.RequestOptions,
  unreachable: string,
  payload?: string,
): Promise<KubeHttpReply> {
  try {
    await kc.applyToHTTPSOptions(options);
  } catch (cause) {
    throw new UserError(`kubeconfig cluster ${clusterName}: ${(cause as Error).message}`, { cause });
  }
  // The kubeconfig's agent is an HTTPS one; a plain-HTTP server (kubectl proxy, a test) needs node's default.
  if (url.protocol === 'http:') delete options.agent;
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    // Only fires when `options.timeout` is set.
    req.on('timeout', () => req.destroy(new Error('no answer (timed out)')));
    req.on('error', (cause) => reject(new UserError(`${unreachable}: ${cause.message}`, { cause })));
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}
