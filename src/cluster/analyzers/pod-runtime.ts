import type { IEvent } from 'kubernetes-models/v1/Event';
import type { Analyzer, FindingDraft } from '../analyzer.ts';
import { targetOf } from '../analyzer.ts';
import { containerLabel, containerStates, eventsOf, podsOf, isFine, typed } from '../k8s.ts';
import type { ClusterState } from '../state.ts';

const RUNTIME =
  /no runtime for "([^"]+)" is configured|RuntimeHandler "([^"]+)" not supported|RuntimeClass "([^"]+)" not found/;

/** Pods the container runtime cannot start: RunContainerError, sandbox failures, a RuntimeClass nobody configured. */
export const podRuntime: Analyzer = {
  id: 'pod-runtime',
  area: 'pods',
  title: 'Pods the container runtime cannot start',
  docs: 'Pods the container runtime cannot create: RunContainerError, FailedCreatePodSandBox with `no runtime for "nvidia" is configured`, and owners whose pods are refused because their RuntimeClass does not exist.',
  severity: 'error',
  needs: ['Pod', 'Event'],
  analyze(state) {
    const out: FindingDraft[] = [];
    for (const pod of podsOf(state)) {
      if (isFine(pod)) continue;
      const sandbox = eventsOf(state, pod)
        .filter((e) => e.reason === 'FailedCreatePodSandBox')
        .at(-1);
      const run = containerStates(pod).find((c) => c.state?.waiting?.reason === 'RunContainerError');
      const creating = containerStates(pod).some((c) => c.state?.waiting?.reason === 'ContainerCreating');
      const text =
        run?.state?.waiting?.message ??
        (creating || !pod.status?.containerStatuses ? sandbox?.message : undefined);
      if (!text) continue;
      const who = run ? containerLabel(run) : 'the pod sandbox';
      out.push({
        target: targetOf(pod),
        message: `${who} cannot be created: ${cause(state, text, pod.spec?.runtimeClassName)}`,
        fix: fix(text),
      });
    }
    // A RuntimeClass that does not exist stops pods at admission: only the owner's FailedCreate event tells.
    for (const e of typed<IEvent>(state, 'Event')) {
      if (e.reason !== 'FailedCreate' || !/RuntimeClass "[^"]+" not found/.test(e.message ?? '')) continue;
      const inv = e.involvedObject;
      out.push({
        target: { kind: inv.kind ?? 'Pod', namespace: inv.namespace, name: inv.name ?? '' },
        message: `cannot create its pods: ${cause(state, e.message ?? '', undefined)}`,
        fix: fix(e.message ?? ''),
      });
    }
    return out;
  },
};

function cause(state: ClusterState, text: string, runtimeClass: string | undefined): string {
  const m = RUNTIME.exec(text);
  const handler = m?.[1] ?? m?.[2] ?? m?.[3] ?? runtimeClass;
  if (!m) return text;
  if (m[3]) return `the RuntimeClass "${m[3]}" does not exist in the cluster`;
  const rc =
    state.available('RuntimeClass') && runtimeClass
      ? state.get('RuntimeClass', undefined, runtimeClass)
      : undefined;
  const via = rc
    ? ` (RuntimeClass ${runtimeClass} maps to handler "${(rc as { handler?: string }).handler}")`
    : '';
  return `containerd on the node has no runtime "${handler}" configured${via}: the NVIDIA container toolkit did not register it`;
}

function fix(text: string): string {
  if (/RuntimeClass "[^"]+" not found/.test(text)) {
    return 'Install the GPU operator (it creates RuntimeClass nvidia) or drop runtimeClassName when the nvidia runtime is the default.';
  }
  if (RUNTIME.test(text)) {
    return 'On k3s point the toolkit at k3s containerd (toolkit.env CONTAINERD_CONFIG=/var/lib/rancher/k3s/agent/etc/containerd/config.toml, CONTAINERD_SOCKET=/run/k3s/containerd/containerd.sock), then restart k3s on the GPU node.';
  }
  return 'Run kubectl describe pod for the runtime error and fix the container setting it names.';
}
