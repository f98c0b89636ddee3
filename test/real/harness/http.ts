/*
 * One HTTP(S) exchange with no redirect followed and no cookie jar: the SSO test plays the browser and the edge
 * itself, so it sees every status, Location and Set-Cookie as they were sent.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** What came back. Header names are lower case; `set-cookie` keeps each cookie. */
export interface Exchange {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Sends one request to `url` with `headers` (and `body`, if any); `ca` is trusted for HTTPS. */
export function exchange(
  url: string,
  init: { method?: string; headers?: Record<string, string>; ca?: string; body?: string } = {},
): Promise<Exchange> {
  const u = new URL(url);
  const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((done, fail) => {
    const req = send(
      u,
      { method: init.method ?? 'GET', headers: init.headers, ca: init.ca, timeout: 30_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
        res.on('error', fail);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} in 30 s`)));
    req.on('error', fail);
    req.end(init.body);
  });
}

/** `name=value` of each Set-Cookie, for a Cookie header. */
export function cookiesOf(e: Exchange): string[] {
  const set = e.headers['set-cookie'] ?? [];
  return (Array.isArray(set) ? set : [set]).map((c) => c.split(';')[0]!);
}
