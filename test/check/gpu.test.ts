import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/semantics/objects.ts';
import { gpuRequest, operatorConfigs, toolkitEnv } from '../../src/check/gpu.ts';
import { podSpecOf } from '../../src/semantics/pods.ts';
import { parseObjects } from '../../src/check/read.ts';

const app = `
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: gpu-operator, namespace: argocd}
spec:
  destination: {namespace: nvidia}
  sources:
    - repoURL: https://helm.ngc.nvidia.com/nvidia
      chart: gpu-operator
      targetRevision: v25.10.1
      helm:
        values: |
          cdi: {enabled: true, default: true}
          toolkit:
            env:
              - {name: CONTAINERD_SOCKET, value: /run/k3s/containerd/containerd.sock}
`;

describe('operatorConfigs', () => {
  it('reads Helm values given as a YAML string, in the namespace of the Application', () => {
    const [cfg] = operatorConfigs(buildIndex(parseObjects(app, 'a.yaml')));
    expect(cfg?.jsonPath).toBe('.spec.sources[0].helm.values');
    expect(cfg?.namespace).toBe('nvidia');
    expect(cfg?.values.cdi).toEqual({ enabled: true, default: true });
    expect(toolkitEnv(cfg!.values)).toEqual({ CONTAINERD_SOCKET: '/run/k3s/containerd/containerd.sock' });
  });
});

describe('gpuRequest', () => {
  it('sums containers, takes the larger init container, and reads limits when requests are absent', () => {
    const [pod] = parseObjects(
      `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers: [{name: i, resources: {limits: {nvidia.com/gpu: 3}}}]
  containers:
    - {name: a, resources: {limits: {nvidia.com/gpu: 1}}}
    - {name: b, resources: {requests: {nvidia.com/gpu: "1"}, limits: {nvidia.com/gpu: "1"}}}
`,
      'p.yaml',
    );
    expect(gpuRequest(podSpecOf(pod!.object)!)).toBe(3);
  });
});
