/*
 * `shai install` against a real kube-apiserver, as far as an API server alone allows: there is no kubelet and
 * no Argo CD controller, so the tests seed the Node objects a k3s cluster would have and play Argo CD's part by
 * writing Application statuses between polls. Everything install reads and writes goes through the real API.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { diagnoseApp } from '../../src/cli/commands/install.ts';
import { loadConfig } from '../../src/config/load.ts';
import type { ChartSource } from '../../src/install/chart.ts';
import { treeObjects, type InstallContext, type InstallOptions } from '../../src/install/context.ts';
import { runInstall } from '../../src/install/install.ts';
import { byWave } from '../../src/install/waves.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { plan as makePlan } from '../../src/plan/plan.ts';
import { readTree } from '../../src/render/write.ts';
import { registry } from '../../src/services/registry.ts';
import { startApiServer, type ApiServer } from '../helpers/apiserver.ts';
import { captureIo, ROOT } from '../helpers/cli.ts';
import { describeWithTools } from '../helpers/tools.ts';
import { recordedArgoCd } from './chart-recording.ts';
import { connect } from './helpers.ts';

const config = await loadConfig(join(ROOT, 'platform.yaml'), registry);
const plan = makePlan(config, registry);
const tree = await readTree(join(ROOT, 'deploy'));
const apps = treeObjects(tree, 'apps/').filter((o) => o.kind === 'Application');

/** A Node as k3s registers it: capacity and architecture from the kubelet, no labels shai sets. */
function seedNode(name: string, cpu: string, memory: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/arch': 'amd64', 'kubernetes.io/os': 'linux' },
    },
    status: {
      capacity: { cpu, memory, pods: '110' },
      allocatable: { cpu, memory, pods: '110' },
      nodeInfo: { architecture: 'amd64', operatingSystem: 'linux', kubeletVersion: 'v1.33.10+k3s1' },
    },
  };
}

describeWithTools(
  'shai install against kube-apiserver',
  ['etcd', 'kube-apiserver'],
  'bash .ci/tools.sh',
  (tools) => {
    let server: ApiServer;
    let keyDir: string;
    const calls: ChartSource[] = [];

    beforeAll(async () => {
      server = await startApiServer(tools as never);
      keyDir = await mkdtemp(join(tmpdir(), 'shai-install-key-'));
      const r = await server.request('POST', '/api/v1/nodes', seedNode('homelab', '28', '125829120Ki'));
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }, 300_000);
    afterAll(async () => server?.stop());

    /** An install context over the real API server; a clock that moves only when install sleeps. */
    function context(sleep: (ms: number) => Promise<void> = async () => {}) {
      let clock = Date.parse('2030-01-01T00:00:00Z');
      const io = captureIo({ now: () => new Date(clock) });
      const { api, resolve } = connect(server);
      const ctx: InstallContext = {
        api,
        resolve,
        io,
        config,
        plan,
        tree,
        renderChart: recordedArgoCd(calls),
        sealingKey: { file: join(keyDir, 'homelab-sealing-keys.yaml'), given: false },
        confirm: async () => true,
        sleep: async (ms) => {
          clock += ms;
          await sleep(ms);
        },
        diagnose: (app) => diagnoseApp({ kubeconfig: server.kubeconfig }, plan, app),
      };
      return { ctx, io };
    }
    const options = (o: Partial<InstallOptions> = {}): InstallOptions => ({
      dryRun: false,
      yes: true,
      waveTimeoutMs: 600_000,
      pollMs: 5000,
      ...o,
    });

    /** Plays Argo CD: each call marks the next wave's Applications synced and healthy. */
    function argoPlaysWaves() {
      const waves = byWave(apps);
      let next = 0;
      return async () => {
        const wave = waves[next++];
        if (!wave) return;
        for (const app of wave[1])
          await writeApp(app, { sync: { status: 'Synced' }, health: { status: 'Healthy' } });
      };
    }

    async function writeApp(app: KubeObject, status: Record<string, unknown>) {
      const path = `/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/${app.metadata.name}`;
      const body = { ...app, metadata: { ...app.metadata, finalizers: [] }, status };
      const r = await server.request('PATCH', `${path}?fieldManager=argocd-test&force=true`, body, {
        contentType: 'application/apply-patch+yaml',
      });
      expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
    }

    async function get(path: string) {
      return server.request('GET', path);
    }

    it('preflight names the node the cluster lacks, with the fix, and changes nothing', async () => {
      const { ctx, io } = context();
      expect(await runInstall(ctx, options())).toBe(1);
      expect(io.out()).toContain('FAIL node akula-prime (cluster.nodes[1]) is not in the cluster');
      expect(io.out()).toContain('fix: Join it with the k3s agent under the name akula-prime');
      expect(io.out()).toContain('preflight: 1 check(s) failed; nothing was changed');
      expect((await get('/api/v1/namespaces/argocd')).status).toBe(404);
      const r = await server.request('POST', '/api/v1/nodes', seedNode('akula-prime', '20', '49283072Ki'));
      expect(r.status).toBe(201);
    }, 600_000);

    it('--dry-run prints every action and writes nothing', async () => {
      const { ctx, io } = context();
      expect(await runInstall(ctx, options({ dryRun: true }))).toBe(0);
      const out = io.out();
      expect(out).toContain('  + label node-role.kubernetes.io/gpu=true');
      expect(out).toContain('  + taint nvidia.com/gpu=true:NoSchedule');
      expect(out).toContain('(dry run: not applied)');
      expect(out).toMatch(/would be created: Namespace argocd/);
      expect(out).toMatch(/would follow \d+ waves/);
      expect(out.trim().split('\n').at(-1)).toBe('dry run: nothing was changed');
      expect((await get('/api/v1/namespaces/argocd')).status).toBe(404);
      const node = await get('/api/v1/nodes/akula-prime');
      expect((node.body.metadata as { labels: Record<string, string> }).labels).not.toHaveProperty(
        'node-role.kubernetes.io/gpu',
      );
    }, 600_000);

    it('applies labels and taints, installs Argo CD with the values of its Application, then the projects and root', async () => {
      const { ctx, io } = context();
      expect(await runInstall(ctx, options({ fromWave: 1000 })), io.out() + io.err()).toBe(0);
      const node = await get('/api/v1/nodes/akula-prime');
      expect((node.body.metadata as { labels: Record<string, string> }).labels).toMatchObject({
        'node-role.kubernetes.io/gpu': 'true',
        'node-role.kubernetes.io/worker': 'true',
      });
      // kube-apiserver's TaintNodesByCondition admission added not-ready to the new node: install keeps it.
      expect((node.body.spec as { taints: unknown[] }).taints).toEqual([
        { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
        { key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' },
      ]);
      const argocdApp = apps.find((a) => a.metadata.name === 'argocd')!;
      const source = (argocdApp.spec as { sources: { helm: { valuesObject: unknown } }[] }).sources[0]!;
      expect(calls.at(-1)!.values).toEqual(source.helm.valuesObject);
      expect((await get('/api/v1/namespaces/argocd')).status).toBe(200);
      expect((await get('/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/root')).status).toBe(200);
      for (const p of treeObjects(tree, 'apps/projects/'))
        expect(
          (await get(`/apis/argoproj.io/v1alpha1/namespaces/argocd/appprojects/${p.metadata.name}`)).status,
        ).toBe(200);
      expect(io.out()).toContain('sealing key: no backup at');
      expect(io.out()).toMatch(/argo cd: \d+ created, 0 changed, 0 unchanged/);
    }, 600_000);

    it('a second run changes nothing', async () => {
      const before = await get('/api/v1/namespaces/argocd/configmaps');
      const { ctx, io } = context();
      expect(await runInstall(ctx, options({ fromWave: 1000 }))).toBe(0);
      expect(io.out()).toContain('nodes: every label and taint of platform.yaml is set');
      expect(io.out()).toMatch(/argo cd: 0 created, 0 changed, \d+ unchanged/);
      expect(io.out()).toMatch(/root: 0 created, 0 changed, \d+ unchanged/);
      const after = await get('/api/v1/namespaces/argocd/configmaps');
      const versions = (r: typeof before) =>
        (r.body.items as KubeObject[]).map((c) => `${c.metadata.name}@${String(c.metadata.resourceVersion)}`);
      expect(versions(after)).toEqual(versions(before));
    }, 600_000);

    it('follows the sync wave by wave as Argo CD reports it, then prints hosts, credentials and the CA', async () => {
      const { ctx, io } = context(argoPlaysWaves());
      expect(await runInstall(ctx, options()), io.out()).toBe(0);
      const out = io.out();
      for (const [wave] of byWave(apps)) expect(out).toContain(`wave ${wave}: synced and healthy in 5s`);
      expect(out).toMatch(/APPLICATION +WAVE {2}SYNC {7}HEALTH {7}ELAPSED/);
      expect(out).toMatch(/litellm +2 {2}Missing +Missing +0s/);
      expect(out).toMatch(/litellm +2 {2}Synced +Healthy +5s/);
      expect(out).toContain('https://llm.home.arpa');
      expect(out).toContain('shai secrets export');
      expect(out).toContain('shai secrets ca');
    }, 600_000);

    it('stops at the first failed Application and prints what shai doctor finds in its namespace', async () => {
      const litellm = apps.find((a) => a.metadata.name === 'litellm')!;
      await writeApp(litellm, {
        sync: { status: 'OutOfSync' },
        health: { status: 'Degraded', message: 'Deployment litellm exceeded its progress deadline' },
      });
      await crashLoopingPod(server, 'ai', 'litellm-7d9f-abcde');
      const { ctx, io } = context();
      expect(await runInstall(ctx, options({ fromWave: 2 }))).toBe(1);
      const out = io.out();
      expect(out).toContain(
        'stopped at wave 2: Application litellm degraded: Deployment litellm exceeded its progress deadline',
      );
      expect(out).toMatch(
        /shai doctor on ai:\n {2}Pod ai\/litellm-7d9f-abcde: container "litellm" is crash-looping \(12 restarts\)/,
      );
      expect(out).toContain('resume with: shai install --from-wave 2');
    }, 600_000);

    it('stops a wave that exceeds --timeout (the clock moves only when install waits)', async () => {
      const litellm = apps.find((a) => a.metadata.name === 'litellm')!;
      await writeApp(litellm, { sync: { status: 'Synced' }, health: { status: 'Progressing' } });
      const { ctx, io } = context();
      expect(await runInstall(ctx, options({ fromWave: 2, waveTimeoutMs: 30_000 }))).toBe(1);
      expect(io.out()).toContain(
        'stopped at wave 2: Application litellm not synced and healthy after 30s (Synced, Progressing; --timeout)',
      );
    }, 600_000);
  },
);

/** A pod in CrashLoopBackOff, its status written as a kubelet would (the namespace comes from the tree). */
async function crashLoopingPod(server: ApiServer, namespace: string, name: string) {
  const ns = treeObjects(tree, 'services/namespaces/').find(
    (o) => o.kind === 'Namespace' && o.metadata.name === namespace,
  )!;
  await server.request('PATCH', `/api/v1/namespaces/${namespace}?fieldManager=test&force=true`, ns, {
    contentType: 'application/apply-patch+yaml',
  });
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/name': 'litellm' } },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: 'litellm',
          image: 'ghcr.io/berriai/litellm:v1.0.0',
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        },
      ],
    },
  };
  const created = await server.request('POST', `/api/v1/namespaces/${namespace}/pods`, pod);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const status = {
    ...(created.body as object),
    status: {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'litellm',
          image: 'ghcr.io/berriai/litellm:v1.0.0',
          imageID: '',
          ready: false,
          restartCount: 12,
          started: false,
          state: {
            waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' },
          },
          lastState: {
            terminated: {
              exitCode: 1,
              reason: 'Error',
              startedAt: '2030-01-01T00:00:00Z',
              finishedAt: '2030-01-01T00:00:05Z',
            },
          },
        },
      ],
    },
  };
  const written = await server.request('PUT', `/api/v1/namespaces/${namespace}/pods/${name}/status`, status);
  expect(written.status, JSON.stringify(written.body)).toBe(200);
}
