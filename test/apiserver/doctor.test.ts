/*
 * `shai doctor` live mode against a real kube-apiserver: the failures are reproduced by writing the statuses a
 * kubelet, the scheduler and Argo CD would write; RBAC is the API server's own; the request count comes from
 * kube-apiserver's audit log.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { diagnose } from '../../src/cluster/diagnose.ts';
import { KINDS } from '../../src/cluster/kinds.ts';
import { PAGE_SIZE, readLive } from '../../src/cluster/read-live.ts';
import { startApiServer, type ApiServer } from '../helpers/apiserver.ts';
import { describeWithTools } from '../helpers/tools.ts';
import { connect, installCrds } from './helpers.ts';
import { objectsUnder } from './tree.ts';

describeWithTools(
  'shai doctor against kube-apiserver',
  ['etcd', 'kube-apiserver'],
  'bash .ci/tools.sh',
  (tools) => {
    let server: ApiServer;
    const ok = async (method: string, path: string, body?: unknown) => {
      const r = await server.request(method, path, body);
      expect(r.status, `${method} ${path}: ${JSON.stringify(r.body).slice(0, 300)}`).toBeLessThan(300);
      return r.body;
    };
    /** Creates an object, then writes its status through the status subresource, as its controller would. */
    const withStatus = async (
      path: string,
      object: Record<string, unknown>,
      status: Record<string, unknown>,
    ) => {
      const created = await ok('POST', path, object);
      const name = (object.metadata as { name: string }).name;
      await ok('PUT', `${path}/${name}/status`, { ...created, status });
    };

    beforeAll(async () => {
      server = await startApiServer(tools as never, { audit: true });
      const { api } = connect(server);
      const argo = objectsUnder('vendor/crds').filter(
        (o) => o.object.kind === 'CustomResourceDefinition' && o.object.metadata.name.endsWith('argoproj.io'),
      );
      expect(
        await installCrds(
          api,
          argo.map((o) => o.object),
        ),
      ).toEqual([]);
      await ok('POST', '/api/v1/namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'ai' },
      });
      await ok('POST', '/api/v1/namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'argocd' },
      });
      const node = {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'n1', labels: { 'kubernetes.io/hostname': 'n1' } },
      };
      await withStatus('/api/v1/nodes', node, {
        capacity: { cpu: '4', memory: '8Gi', pods: '110' },
        allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'KubeletReady',
            lastTransitionTime: '2030-01-01T00:00:00Z',
          },
        ],
      });
      const pod = (name: string, extra: Record<string, unknown> = {}) => ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: 'ai' },
        spec: {
          containers: [
            { name: 'app', image: 'example.org/app:1.0', resources: { requests: { memory: '64Gi' } } },
          ],
          ...extra,
        },
      });
      await withStatus('/api/v1/namespaces/ai/pods', pod('crashing'), {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'app',
            image: 'example.org/app:1.0',
            imageID: '',
            ready: false,
            restartCount: 9,
            state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s' } },
            lastState: {
              terminated: {
                exitCode: 137,
                reason: 'OOMKilled',
                startedAt: '2030-01-01T00:00:00Z',
                finishedAt: '2030-01-01T00:01:00Z',
              },
            },
          },
        ],
      });
      await withStatus('/api/v1/namespaces/ai/pods', pod('pending'), {
        phase: 'Pending',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message:
              '0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
            lastTransitionTime: '2030-01-01T00:00:00Z',
          },
        ],
      });
      await ok('POST', '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications', {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name: 'litellm', namespace: 'argocd' },
        spec: {
          project: 'default',
          source: {
            repoURL: 'https://example.org/repo.git',
            path: 'deploy/services/litellm',
            targetRevision: 'main',
          },
          destination: { server: 'https://kubernetes.default.svc', namespace: 'ai' },
        },
        status: {
          sync: { status: 'OutOfSync' },
          health: { status: 'Missing' },
          operationState: {
            operation: { sync: { revision: 'main' } },
            startedAt: '2030-01-01T00:00:00Z',
            phase: 'Failed',
            message: 'one or more objects failed to apply, reason: admission webhook denied the request',
          },
        },
      });
    }, 300_000);
    afterAll(async () => server?.stop());

    it('finds a crash loop, a pending pod and a failed sync from the statuses the cluster reports', async () => {
      const state = await readLive({ kubeconfig: server.kubeconfig, context: 'admin' });
      const messages = diagnose(state)
        .findings.filter((f) => f.status === 'fail')
        .map((f) => `${f.target.kind} ${f.target.name}: ${f.message}`);
      expect(messages).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /^Pod crashing: container "app" is crash-looping \(9 restarts\): .*OOMKilled/,
          ),
          expect.stringMatching(/^Pod pending: Pending, cannot be scheduled: .*memory/),
          expect.stringMatching(
            /^Application litellm: .*the last sync failed: one or more objects failed to apply/,
          ),
        ]),
      );
    }, 600_000);

    it('skips a kind the user may not list with a 403 note, and reads the others', async () => {
      const readable = KINDS.filter((k) => k.kind !== 'ConfigMap');
      const groups = [
        ...new Set(readable.map((k) => (k.apiVersion.includes('/') ? k.apiVersion.split('/')[0]! : ''))),
      ];
      await ok('POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'doctor-without-configmaps' },
        rules: [
          { apiGroups: groups, resources: [...readable.map((k) => k.plural), 'secrets'], verbs: ['list'] },
        ],
      });
      await ok('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'limited-doctor' },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'doctor-without-configmaps',
        },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'limited' }],
      });
      const state = await readLive({ kubeconfig: server.kubeconfig, context: 'limited' });
      // The CRDs of cert-manager, Traefik and Longhorn are not installed here: unavailable to the admin too.
      const admin = await readLive({ kubeconfig: server.kubeconfig, context: 'admin' });
      expect([...state.unavailable.keys()].sort()).toEqual([...admin.unavailable.keys(), 'ConfigMap'].sort());
      expect(JSON.stringify(state.unavailable.get('ConfigMap'))).toMatch(/403|forbidden|permission/i);
      expect(state.objects('Pod').map((p) => p.metadata.name)).toEqual(
        expect.arrayContaining(['crashing', 'pending']),
      );
    }, 600_000);

    it(`reads more than ${PAGE_SIZE} pods in pages: one list call per kind and page, nothing else`, async () => {
      const total = PAGE_SIZE + 100;
      for (let i = 0; i < total; i++)
        await ok('POST', '/api/v1/namespaces/default/pods', {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: `p-${i}` },
          spec: { containers: [{ name: 'c', image: 'example.org/c:1' }] },
        });
      const before = (await readFile(server.auditLog!, 'utf8')).split('\n').length;
      const state = await readLive({ kubeconfig: server.kubeconfig, context: 'admin' });
      expect(state.objects('Pod').length).toBe(total + 2);
      const events = (await readFile(server.auditLog!, 'utf8'))
        .split('\n')
        .slice(before - 1)
        .filter(Boolean)
        .map(
          (l) =>
            JSON.parse(l) as {
              stage: string;
              verb: string;
              user: { username: string };
              objectRef?: { resource?: string; apiGroup?: string };
            },
        )
        .filter((e) => e.stage === 'ResponseComplete' && e.user.username === 'admin');
      const calls = new Map<string, number>();
      // By resource and group: Velero's and CloudNativePG's `backups` are two resources.
      const callOf = (e: (typeof events)[number]) =>
        `${e.verb} ${e.objectRef?.resource}${e.objectRef?.apiGroup ? `.${e.objectRef.apiGroup}` : ''}`;
      for (const e of events) calls.set(callOf(e), (calls.get(callOf(e)) ?? 0) + 1);
      expect(calls.get('list pods')).toBe(Math.ceil((total + 2) / PAGE_SIZE));
      for (const [call, n] of calls) {
        expect(call.startsWith('list '), call).toBe(true);
        if (call !== 'list pods') expect(n, call).toBe(1);
      }
    }, 600_000);
  },
);
