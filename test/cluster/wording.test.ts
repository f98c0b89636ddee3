/** The newcomer's doctor wording bugs: each message says something true and says it once. */
import { describe, expect, it } from 'vitest';
import { runAnalyzers } from '../../src/cluster/analyzer.ts';
import { podCrashLoop } from '../../src/cluster/analyzers/pod-crash-loop.ts';
import { nodeConditions } from '../../src/cluster/analyzers/node-conditions.ts';
import { diagnose } from '../../src/cluster/diagnose.ts';
import { makeState } from '../../src/cluster/state.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { deployment, node, pod } from '../fixtures/cluster/builders.ts';
import { healthyPlatform } from '../fixtures/cluster/healthy.ts';
import { defaultPlan } from './fake-plan.ts';

const state = (...objects: unknown[]) => makeState('t', objects as KubeObject[]);

describe('doctor wording', () => {
  it('says NotReady without "since ?" when the condition has no transition time', () => {
    const n = node('akula-prime', { ready: 'Unknown' }) as unknown as {
      status: { conditions: Record<string, unknown>[] };
    };
    for (const c of n.status.conditions) delete c.lastTransitionTime;
    const [f] = runAnalyzers([nodeConditions], state(n));
    expect(f!.message).toBe(
      'NotReady: the kubelet stopped reporting (node down, network cut, or k3s agent stopped) (NodeStatusUnknown)',
    );
  });

  it('gives one "logs of the last run" line when the crash has no recorded cause', () => {
    const p = pod('ai', 'litellm-5d8f9c7b6-x9z8w', {
      nodeName: 'homelab',
      containers: [
        { name: 'litellm', image: 'x:1', restartCount: 3, waiting: { reason: 'CrashLoopBackOff' } },
      ],
    });
    const [f] = runAnalyzers([podCrashLoop], state(p));
    expect(f!.message).toBe(
      'container "litellm" is crash-looping (3 restarts): it exits shortly after starting',
    );
    expect(f!.fix).toBe(
      'Read the logs of the last run: kubectl logs -n ai litellm-5d8f9c7b6-x9z8w -c litellm --previous',
    );
  });

  it('never prints "undefined restarts"', () => {
    const p = pod('ai', 'litellm-5d8f9c7b6-x9z8w', {
      nodeName: 'homelab',
      containers: [{ name: 'litellm', image: 'x:1', waiting: { reason: 'CrashLoopBackOff' } }],
    }) as unknown as { status: { containerStatuses: Record<string, unknown>[] } };
    delete p.status.containerStatuses[0]!.restartCount;
    const [f] = runAnalyzers([podCrashLoop], state(p));
    expect(f!.message).toBe('container "litellm" is crash-looping: it exits shortly after starting');
  });

  it('does not call a copy in the planned namespace "not planned here … this copy runs in" the same namespace', async () => {
    const copy = deployment('ai', 'litellm', { labels: {} }) as KubeObject;
    delete copy.metadata.annotations;
    const objects = [
      ...(healthyPlatform() as KubeObject[]).filter((o) => o.metadata.name !== 'litellm'),
      copy,
    ];
    const f = diagnose(state(...objects), await defaultPlan()).findings.filter(
      (x) => x.rule === 'intent' && x.target.kind === 'Deployment',
    );
    expect(f.map((x) => x.message)).toEqual([
      "a litellm in ai that the plan did not deploy: it carries none of shai.dev/service, Argo CD's tracking id or the app.kubernetes.io/name label (applied by hand, or left by another tool)",
    ]);
  });
});
