/*
 * A real Kubernetes API server for the tests: etcd (Debian's etcd-server) and kube-apiserver (built from
 * k8s.io/kubernetes by .ci/tools.d/20-kube-apiserver.sh), started on loopback the way controller-runtime's
 * envtest does: a throwaway data directory, a serving certificate the API server generates for 127.0.0.1,
 * static bearer tokens (an admin in system:masters and a user with no rights until a test grants some), RBAC
 * on, no controllers, no kubelet. Nothing here is a stand-in: every answer comes from kube-apiserver.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports.ts';

/** A running etcd + kube-apiserver pair. */
export interface ApiServer {
  /** `https://127.0.0.1:PORT` */
  url: string;
  /** The CA bundle that verifies the serving certificate. */
  ca: string;
  adminToken: string;
  /** User `limited` (no groups): may do nothing until a test binds a role to it. */
  limitedToken: string;
  /** A kubeconfig with contexts `admin` (current) and `limited`, and `cert-admin` when started with `clientCert`. */
  kubeconfig: string;
  /** kube-apiserver's audit log (one JSON line per request), when started with `audit: true`. */
  auditLog?: string;
  /** Raw request as the admin (or `token`): status and parsed JSON body. */
  request(method: string, path: string, body?: unknown, opts?: RequestOpts): Promise<Reply>;
  stop(): Promise<void>;
}

export interface RequestOpts {
  token?: string;
  contentType?: string;
}

export interface Reply {
  status: number;
  body: Record<string, unknown>;
}

/** The binaries, as describeWithTools found them. */
export interface ApiServerTools {
  etcd: string;
  'kube-apiserver': string;
}

const READY_WITHIN_MS = 180_000;

function startProcess(
  bin: string,
  args: string[],
  log: string,
): { child: ChildProcess; output: () => string } {
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const keep = (c: Buffer) => {
    text = (text + c.toString('utf8')).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  child.on('exit', () => void writeFile(log, text).catch(() => {}));
  return { child, output: () => text };
}

function rawRequest(
  url: string,
  ca: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<Reply> {
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(path, url),
      {
        method,
        ca,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(payload === undefined ? {} : { 'Content-Type': contentType }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: Record<string, unknown>;
          try {
            parsed = JSON.parse(text) as Record<string, unknown>;
          } catch {
            parsed = { text };
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

function kubeconfigText(
  url: string,
  ca: string,
  admin: string,
  limited: string,
  cert?: { cert: string; key: string },
): string {
  const caData = Buffer.from(ca).toString('base64');
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'test', cluster: { server: url, 'certificate-authority-data': caData } }],
    users: [
      { name: 'admin', user: { token: admin } },
      { name: 'limited', user: { token: limited } },
      ...(cert
        ? [
            {
              name: 'cert-admin',
              user: { 'client-certificate-data': b64(cert.cert), 'client-key-data': b64(cert.key) },
            },
          ]
        : []),
    ],
    contexts: [
      { name: 'admin', context: { cluster: 'test', user: 'admin' } },
      { name: 'limited', context: { cluster: 'test', user: 'limited' } },
      ...(cert ? [{ name: 'cert-admin', context: { cluster: 'test', user: 'cert-admin' } }] : []),
    ],
    'current-context': 'admin',
  });
}

/**
 * A client CA and one client certificate it signed (CN cert-admin, O system:masters), made with openssl: how k3s
 * writes its admin kubeconfig (a client certificate, not a token).
 */
async function clientCertificate(dir: string): Promise<{ caFile: string; cert: string; key: string }> {
  const run = promisify(execFile);
  const f = (n: string) => join(dir, n);
  await run('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', f('client-ca.key')]);
  await run('openssl', [
    'req',
    '-x509',
    '-new',
    '-key',
    f('client-ca.key'),
    '-subj',
    '/CN=test-client-ca',
    '-days',
    '2',
    '-out',
    f('client-ca.crt'),
  ]);
  await run('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', f('cert-admin.key')]);
  await run('openssl', [
    'req',
    '-new',
    '-key',
    f('cert-admin.key'),
    '-subj',
    '/O=system:masters/CN=cert-admin',
    '-out',
    f('cert-admin.csr'),
  ]);
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    f('cert-admin.csr'),
    '-CA',
    f('client-ca.crt'),
    '-CAkey',
    f('client-ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-out',
    f('cert-admin.crt'),
  ]);
  return {
    caFile: f('client-ca.crt'),
    cert: await readFile(f('cert-admin.crt'), 'utf8'),
    key: await readFile(f('cert-admin.key'), 'utf8'),
  };
}

const AUDIT_POLICY = 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n';

/** Starts etcd and kube-apiserver, waits until /readyz answers 200. Call `stop()` in afterAll. */
export async function startApiServer(
  tools: ApiServerTools,
  opts: { audit?: boolean; clientCert?: boolean } = {},
): Promise<ApiServer> {
  // etcd fsyncs every write: on tmpfs a loaded 2-core machine still starts the API server in seconds.
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const dir = await mkdtemp(join(base, 'shai-apiserver-'));
  const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const adminToken = randomBytes(16).toString('hex');
  const limitedToken = randomBytes(16).toString('hex');
  await writeFile(
    join(dir, 'tokens.csv'),
    `${adminToken},admin,admin,system:masters\n${limitedToken},limited,limited\n`,
  );
  const sa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  await writeFile(join(dir, 'sa.key'), sa.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  await writeFile(join(dir, 'sa.pub'), sa.publicKey.export({ type: 'spki', format: 'pem' }));
  await writeFile(join(dir, 'audit-policy.yaml'), AUDIT_POLICY);

  const etcdUrl = `http://127.0.0.1:${etcdPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  const etcd = startProcess(
    tools.etcd,
    [
      `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=default=${peerUrl}`,
    ],
    join(dir, 'etcd.log'),
  );
  const url = `https://127.0.0.1:${apiPort}`;
  const cert = opts.clientCert ? await clientCertificate(dir) : undefined;
  const auditLog = opts.audit ? join(dir, 'audit.log') : undefined;
  const apiserver = startProcess(
    tools['kube-apiserver'],
    [
      `--etcd-servers=${etcdUrl}`,
      `--cert-dir=${join(dir, 'certs')}`,
      `--secure-port=${apiPort}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      '--service-cluster-ip-range=10.96.0.0/24',
      `--token-auth-file=${join(dir, 'tokens.csv')}`,
      ...(cert ? [`--client-ca-file=${cert.caFile}`] : []),
      '--authorization-mode=RBAC',
      `--service-account-issuer=${url}`,
      `--service-account-key-file=${join(dir, 'sa.pub')}`,
      `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
      // no controller-manager creates the `default` ServiceAccounts that this plugin looks up (envtest does the same)
      '--disable-admission-plugins=ServiceAccount',
      // k3s runs privileged pods (the GPU operator, Longhorn); Pod Security admission judges them per namespace
      '--allow-privileged=true',
      '--enable-priority-and-fairness=false',
      ...(auditLog
        ? [
            `--audit-log-path=${auditLog}`,
            `--audit-policy-file=${join(dir, 'audit-policy.yaml')}`,
            '--audit-log-mode=blocking',
          ]
        : []),
    ],
    join(dir, 'kube-apiserver.log'),
  );

  let ca = '';
  const stop = async () => {
    for (const p of [apiserver.child, etcd.child]) {
      if (p.exitCode !== null) continue;
      const done = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      await done;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    ca = await waitReady(url, join(dir, 'certs', 'apiserver.crt'), adminToken, [apiserver, etcd]);
  } catch (err) {
    await stop();
    throw err;
  }
  const kubeconfig = join(dir, 'kubeconfig');
  await writeFile(kubeconfig, kubeconfigText(url, ca, adminToken, limitedToken, cert));
  return {
    url,
    ca,
    adminToken,
    limitedToken,
    kubeconfig,
    ...(auditLog ? { auditLog } : {}),
    request: (method, path, body, o = {}) =>
      rawRequest(url, ca, o.token ?? adminToken, method, path, body, o.contentType),
    stop,
  };
}

async function waitReady(
  url: string,
  certFile: string,
  token: string,
  procs: { child: ChildProcess; output: () => string }[],
): Promise<string> {
  const deadline = Date.now() + READY_WITHIN_MS;
  let last = '';
  while (Date.now() < deadline) {
    const dead = procs.find((p) => p.child.exitCode !== null);
    if (dead)
      throw new Error(
        `${dead.child.spawnfile} exited ${dead.child.exitCode}:\n${dead.output().slice(-3000)}`,
      );
    if (existsSync(certFile)) {
      const ca = await readFile(certFile, 'utf8');
      try {
        const r = await rawRequest(url, ca, token, 'GET', '/readyz');
        if (r.status === 200) return ca;
        last = `HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`;
      } catch (err) {
        last = (err as Error).message;
      }
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(
    `kube-apiserver not ready within ${READY_WITHIN_MS / 1000} s (${last}):\n${procs[0]!.output().slice(-3000)}`,
  );
}
