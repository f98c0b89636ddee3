import { afterEach, describe, expect, it } from 'vitest';
import { runAnalyzers } from '../../src/cluster/analyzer.ts';
import { ANALYZERS } from '../../src/cluster/analyzers/index.ts';
import { KINDS } from '../../src/cluster/kinds.ts';
import { readLive } from '../../src/cluster/read-live.ts';
import { UserError } from '../../src/errors.ts';
import { healthyPlatform, healthySecrets } from '../fixtures/cluster/healthy.ts';
import { pod } from '../fixtures/cluster/builders.ts';
import { startFakeApi, type FakeApi } from './api-server.ts';

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const oomPod = pod('monitoring', 'loki-0', {
  owner: { kind: 'StatefulSet', name: 'loki' },
  nodeName: 'homelab',
  labels: { 'app.kubernetes.io/name': 'loki-x' },
  containers: [
    {
      name: 'loki',
      image: 'grafana/loki:3.5.7',
      limits: { memory: '1Gi' },
      restartCount: 31,
      waiting: { reason: 'CrashLoopBackOff' },
      terminated: { exitCode: 137, reason: 'OOMKilled' },
    },
  ],
});

describe('reading a live cluster through the API', () => {
  it('makes exactly one list call per kind, with the kubeconfig token', async () => {
    api = await startFakeApi([...healthyPlatform(), ...healthySecrets()]);
    await readLive({ kubeconfig: api.kubeconfig });
    expect(api.requests).toHaveLength(KINDS.length + 1);
    expect(new Set(api.requests.map((r) => r.path)).size).toBe(KINDS.length + 1);
    expect(api.requests.every((r) => r.method === 'GET' && r.auth === 'Bearer test-token-123')).toBe(true);
    expect(api.requests.map((r) => r.path)).toContain('/api/v1/pods');
    expect(api.requests.map((r) => r.path)).toContain('/apis/argoproj.io/v1alpha1/applications');
  });

  it('finds nothing wrong in the healthy platform and the root cause in a broken pod, like the dump path', async () => {
    api = await startFakeApi([...healthyPlatform(), oomPod]);
    const state = await readLive({ kubeconfig: api.kubeconfig });
    const fails = runAnalyzers(ANALYZERS, state).filter((f) => f.status !== 'pass');
    expect(fails.map((f) => `${f.rule}: ${f.message}`)).toEqual([
      'pod-crash-loop: container "loki" is crash-looping (31 restarts): it was killed for using more memory than its limit of 1Gi (OOMKilled, exit 137)',
    ]);
    expect(state.source).toBe(api.url);
  });

  it('marks a forbidden kind unreadable with the grant to make, and a missing CRD as read with none', async () => {
    api = await startFakeApi(healthyPlatform(), { deny: ['Endpoints'], missing: ['Volume'] });
    const state = await readLive({ kubeconfig: api.kubeconfig });
    expect(state.unavailable.get('Endpoints')).toEqual({
      reason:
        'forbidden (HTTP 403): user system:serviceaccount:default:doctor may not list endpoints in every namespace',
      fix: 'Grant the verb list on endpoints (API group "" (core)) cluster-wide: a ClusterRole rule { apiGroups: [""], resources: ["endpoints"], verbs: ["list"] } bound with a ClusterRoleBinding; check with: kubectl auth can-i list endpoints --all-namespaces',
    });
    expect(state.available('Volume')).toBe(true);
    expect(state.notServed).toEqual(new Set(['Volume']));
    const skipped = runAnalyzers(ANALYZERS, state)
      .filter((f) => f.status === 'skipped')
      .map((f) => `${f.rule}: ${f.message}`);
    expect(skipped).toEqual([
      'ingress-backend: not run: Endpoints could not be read',
      'ingressroute-backend: not run: Endpoints could not be read',
    ]);
  });

  it('names the API group and scope of a forbidden cluster-scoped or grouped kind', async () => {
    api = await startFakeApi(healthyPlatform(), { deny: ['Node', 'Deployment'] });
    const state = await readLive({ kubeconfig: api.kubeconfig });
    expect(state.unavailable.get('Node')?.reason).toMatch(/may not list nodes cluster-wide$/);
    expect(state.unavailable.get('Node')?.fix).toMatch(/check with: kubectl auth can-i list nodes$/);
    expect(state.unavailable.get('Deployment')?.fix).toMatch(
      /^Grant the verb list on deployments \(API group "apps"\) cluster-wide: .*apiGroups: \["apps"\].*kubectl auth can-i list deployments\.apps --all-namespaces$/,
    );
  });

  it('refuses an API that answers 401 to every list: not authenticated, check the credentials', async () => {
    api = await startFakeApi(healthyPlatform(), { unauthorized: true });
    const err = await readLive({ kubeconfig: api.kubeconfig }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe(
      `cannot read the cluster at ${api.url}: not authenticated (HTTP 401): the API server did not accept the credentials. ` +
        'Check the kubeconfig credentials (an expired token or client certificate, or the kubeconfig of another cluster); kubectl get nodes must work with the same kubeconfig.',
    );
    expect((err as Error).message).not.toMatch(/grant/i);
  });

  it('refuses a URL that answers 404 to everything: it is not a Kubernetes API server', async () => {
    api = await startFakeApi(healthyPlatform(), { notAnApi: true });
    const err = await readLive({ kubeconfig: api.kubeconfig }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(
      new RegExp(
        `^cannot read the cluster at ${api.url}: this URL is not a Kubernetes API server \\(every list answered HTTP 404\\)`,
      ),
    );
  });

  it('drops secret values as soon as they are read', async () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'litellm-secret', namespace: 'ai' },
      data: { 'master-key': 'c2stc2VjcmV0' },
      type: 'Opaque',
    };
    api = await startFakeApi([...healthyPlatform(), secret]);
    const state = await readLive({ kubeconfig: api.kubeconfig });
    expect(state.get('Secret', 'ai', 'litellm-secret')).toMatchObject({ data: { 'master-key': '' } });
    expect(JSON.stringify(state.objects('Secret'))).not.toContain('c2stc2VjcmV0');
  });

  it('gives one UserError naming the API server when nothing listens', async () => {
    api = await startFakeApi([]);
    const err = await readLive({ kubeconfig: api.kubeconfig, context: 'other' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(
      /^cannot read the cluster at http:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/,
    );
  });

  it('gives one UserError when the API server does not answer in time', async () => {
    api = await startFakeApi(healthyPlatform(), { hang: ['Pod'] });
    const err = await readLive({ kubeconfig: api.kubeconfig, timeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe(`cannot read the cluster at ${api.url}: no answer (timed out)`);
  });

  it('refuses a kubeconfig that cannot be read with one line naming it', async () => {
    await expect(readLive({ kubeconfig: '/nonexistent/kubeconfig' })).rejects.toThrow(
      /^\/nonexistent\/kubeconfig: cannot load the kubeconfig: no such file or directory \(ENOENT\)$/,
    );
  });

  it('refuses an unknown context with the ones that exist', async () => {
    api = await startFakeApi([]);
    await expect(readLive({ kubeconfig: api.kubeconfig, context: 'prod' })).rejects.toThrow(
      '--context prod: no such context (have: fake, other)',
    );
  });
});
