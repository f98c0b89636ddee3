/** A local HTTP server that answers Kubernetes list calls the way the API server does, and counts them. */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KINDS, SECRET_KIND, type KindInfo } from '../../src/cluster/kinds.ts';

/** The API path that lists a kind across all namespaces. */
export const listPath = (k: KindInfo) =>
  k.apiVersion.includes('/') ? `/apis/${k.apiVersion}/${k.plural}` : `/api/v1/${k.plural}`;

export interface FakeApi {
  url: string;
  kubeconfig: string;
  requests: { method: string; path: string; auth?: string }[];
  close(): Promise<void>;
}

/** The kube-apiserver's answer to a request whose credentials it does not accept (an expired token). */
export const UNAUTHORIZED = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'Unauthorized',
  reason: 'Unauthorized',
  code: 401,
};

/**
 * Serves `objects` as typed lists (items without kind, like the real API); `deny` kinds answer 403, `missing`
 * 404. `unauthorized` answers every request 401 as the API server does for a bad token; `notAnApi` answers
 * every path 404 in plain text, like any web server that is not a Kubernetes API.
 */
export async function startFakeApi(
  objects: { kind: string }[],
  o: {
    deny?: string[];
    missing?: string[];
    hang?: string[];
    unauthorized?: boolean;
    notAnApi?: boolean;
  } = {},
): Promise<FakeApi> {
  const requests: FakeApi['requests'] = [];
  const byPath = new Map([...KINDS, SECRET_KIND].map((k) => [listPath(k), k]));
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    requests.push({ method: req.method ?? '', path, auth: req.headers.authorization });
    if (o.unauthorized) {
      res.writeHead(401, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(UNAUTHORIZED));
    }
    if (o.notAnApi) {
      res.writeHead(404, { 'content-type': 'text/html' });
      return res.end('<html><body><h1>404 Not Found</h1></body></html>\n');
    }
    const k = byPath.get(path);
    if (k && o.hang?.includes(k.kind)) return; // never answers
    const doc = discovery(path, o.missing ?? []);
    if (doc) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(doc));
    }
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (!k || o.missing?.includes(k.kind)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end('404 page not found\n');
    }
    if (o.deny?.includes(k.kind)) {
      return send(403, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `${k.plural} is forbidden: User "system:serviceaccount:default:doctor" cannot list resource "${k.plural}" in API group "${k.apiVersion.includes('/') ? k.apiVersion.split('/')[0] : ''}" at the cluster scope`,
        reason: 'Forbidden',
        details: { kind: k.plural },
        code: 403,
      });
    }
    const items = objects
      .filter((x) => x.kind === k.kind)
      .map(({ kind: _k, apiVersion: _a, ...rest }: { kind: string; apiVersion?: string }) => rest);
    send(200, {
      kind: `${k.kind}List`,
      apiVersion: k.apiVersion,
      metadata: { resourceVersion: '48213' },
      items,
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'shai-kube-'));
  const kubeconfig = join(dir, 'config');
  writeFileSync(kubeconfig, kubeconfigYaml(url));
  return {
    url,
    kubeconfig,
    requests,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A kubeconfig with one bearer-token user and two contexts: `fake` (default) and `other`. */
export function kubeconfigYaml(url: string): string {
  return `apiVersion: v1
kind: Config
clusters:
- cluster:
    # The client refuses plain HTTP unless told; the replay server has no certificate.
    insecure-skip-tls-verify: true
    server: ${url}
  name: fake
- cluster:
    insecure-skip-tls-verify: true
    server: http://127.0.0.1:1
  name: other
contexts:
- context:
    cluster: fake
    user: doctor
  name: fake
- context:
    cluster: other
    user: doctor
  name: other
current-context: fake
users:
- name: doctor
  user:
    token: test-token-123
`;
}

/** Legacy discovery documents (/api, /apis, /api/v1, /apis/<group>/<version>), enough for kubectl to map resource names. */
function discovery(path: string, missing: string[]): unknown {
  const kinds = [...KINDS, SECRET_KIND].filter((k) => !missing.includes(k.kind));
  const groups = [...new Set(kinds.filter((k) => k.apiVersion.includes('/')).map((k) => k.apiVersion))];
  if (path === '/api')
    return {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }],
    };
  if (path === '/apis') {
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: groups.map((gv) => {
        const [name, version] = gv.split('/') as [string, string];
        return {
          name,
          versions: [{ groupVersion: gv, version }],
          preferredVersion: { groupVersion: gv, version },
        };
      }),
    };
  }
  const gv = path === '/api/v1' ? 'v1' : path.startsWith('/apis/') ? path.slice('/apis/'.length) : undefined;
  if (!gv || (gv !== 'v1' && !groups.includes(gv))) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: gv,
    resources: kinds
      .filter((k) => k.apiVersion === gv)
      .map((k) => ({
        name: k.plural,
        singularName: k.kind.toLowerCase(),
        namespaced: k.namespaced,
        kind: k.kind,
        verbs: ['get', 'list', 'watch'],
      })),
  };
}
