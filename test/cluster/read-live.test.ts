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

  it('marks a forbidden kind and a missing CRD unavailable, and their analyzers skipped', async () => {
    api = await startFakeApi(healthyPlatform(), { deny: ['Endpoints'], missing: ['Volume'] });
    const state = await readLive({ kubeconfig: api.kubeconfig });
    expect(state.unavailable.get('Endpoints')).toMatch(/no permission to list endpoints \(HTTP 403\)/);
    expect(state.unavailable.get('Volume')).toMatch(/CRD not installed/);
    const skipped = runAnalyzers(ANALYZERS, state)
      .filter((f) => f.status === 'skipped')
      .map((f) => f.rule);
    expect(skipped).toEqual(['longhorn-volume', 'ingress-backend', 'ingressroute-backend']);
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
      /^\/nonexistent\/kubeconfig: cannot load \(.*ENOENT/,
    );
  });

  it('refuses an unknown context with the ones that exist', async () => {
    api = await startFakeApi([]);
    await expect(readLive({ kubeconfig: api.kubeconfig, context: 'prod' })).rejects.toThrow(
      '--context prod: no such context (have: fake, other)',
    );
  });
});
