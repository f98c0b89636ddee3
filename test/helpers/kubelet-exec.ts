/*
 * A node for the real kube-apiserver of test/helpers/apiserver.ts that answers `pods/exec`: kubelet-exec (built by
 * .ci/tools.d/20-kube-apiserver.sh from the kubelet's own streaming server, k8s.io/kubelet v0.33.x) listens on
 * loopback, a Node object points the API server at it, and pods bound to that Node run their exec commands on
 * this machine, in a directory of their own with the environment the test gives each container. The API server
 * and the protocol are real; the container is the stand-in (no container runtime runs here).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiServer } from './apiserver.ts';

/** A running kubelet-exec and its Node. */
export interface ExecNode {
  name: string;
  /** Creates a Running pod bound to the node; its containers' commands run in `dir(namespace, pod)`. */
  addPod(pod: PodSpec): Promise<string>;
  /** Where the pod's commands run. */
  dir(namespace: string, pod: string): string;
  stop(): Promise<void>;
}

export interface PodSpec {
  namespace: string;
  name: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Container name → its environment (the first container is the pod's default one). */
  containers: Record<string, Record<string, string>>;
  /** The pod's phase and readiness as the kubelet would report them (Running and ready unless said). */
  phase?: string;
  ready?: boolean;
}

async function check(reply: { status: number; body: unknown }, doing: string): Promise<void> {
  if (reply.status >= 300) throw new Error(`${doing}: HTTP ${reply.status} ${JSON.stringify(reply.body)}`);
}

/** Starts kubelet-exec and registers Node `name` with its address and port. Call `stop()` in afterAll. */
export async function startExecNode(bin: string, server: ApiServer, name = 'node-1'): Promise<ExecNode> {
  const root = mkdtempSync(join(tmpdir(), 'shai-kubelet-exec-'));
  const child: ChildProcess = spawn(bin, ['--root', root], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-10_000)));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`kubelet-exec exited (${code}): ${log}`)));
  });
  await check(
    await server.request('POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name } }),
    'create Node',
  );
  const node = await server.request('GET', `/api/v1/nodes/${name}`);
  await check(
    await server.request('PUT', `/api/v1/nodes/${name}/status`, {
      ...node.body,
      status: {
        addresses: [
          { type: 'InternalIP', address: '127.0.0.1' },
          { type: 'Hostname', address: '127.0.0.1' },
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: port } },
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
      },
    }),
    'write Node status',
  );
  const dir = (ns: string, pod: string) => join(root, ns, pod);
  return {
    name,
    dir,
    async addPod(p) {
      const podDir = dir(p.namespace, p.name);
      mkdirSync(podDir, { recursive: true });
      for (const [container, env] of Object.entries(p.containers))
        writeFileSync(
          join(podDir, `${container}.env`),
          Object.entries(env)
            .map(([k, v]) => `${k}=${v}`)
            .join('\n') + '\n',
        );
      const base = `/api/v1/namespaces/${p.namespace}/pods`;
      await check(
        await server.request('POST', base, {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: p.name,
            namespace: p.namespace,
            ...(p.labels ? { labels: p.labels } : {}),
            ...(p.annotations ? { annotations: p.annotations } : {}),
          },
          spec: {
            nodeName: name,
            containers: Object.keys(p.containers).map((c) => ({ name: c, image: 'stand-in' })),
          },
        }),
        `create Pod ${p.namespace}/${p.name}`,
      );
      const created = await server.request('GET', `${base}/${p.name}`);
      const ready = p.ready ?? true;
      await check(
        await server.request('PUT', `${base}/${p.name}/status`, {
          ...created.body,
          status: {
            phase: p.phase ?? 'Running',
            conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
            containerStatuses: Object.keys(p.containers).map((c) => ({
              name: c,
              image: 'stand-in',
              imageID: '',
              ready,
              restartCount: 0,
              ...(ready
                ? { started: true, state: { running: { startedAt: new Date().toISOString() } } }
                : {}),
            })),
          },
        }),
        `write Pod ${p.namespace}/${p.name} status`,
      );
      return podDir;
    },
    async stop() {
      child.kill('SIGTERM');
      rmSync(root, { recursive: true, force: true });
    },
  };
}
