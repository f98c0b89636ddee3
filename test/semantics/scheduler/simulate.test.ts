import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/semantics/scheduler/simulate.ts';
import { parseObjects } from '../../../src/check/read.ts';
import { loadFixture } from '../../check/load.ts';

const nodes = loadFixture(join(import.meta.dirname, '../../fixtures/check/pod-schedulable/nodes.yaml')).map(
  (o) => o.object,
);
const run = (yaml: string) => simulate(parseObjects(yaml, 'test.yaml'), nodes);

const deployment = (name: string, spec: string, replicas = 1) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ai}
spec:
  replicas: ${replicas}
  template:
    spec: ${spec}
`;

describe('simulate', () => {
  it('gives the message of kube-scheduler, reasons sorted, with counts', () => {
    const sim = run(
      deployment(
        'comfyui',
        `{nodeSelector: {nvidia.com/gpu.present: "true"}, containers: [{name: c, resources: {limits: {nvidia.com/gpu: 1}}}]}`,
        5,
      ),
    );
    expect(sim.placed).toEqual([]);
    expect(sim.unplaced).toHaveLength(5);
    expect(sim.unplaced[0]?.message).toBe(
      "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {nvidia.com/gpu: true}.",
    );
  });

  it('counts nvidia.com/gpu against allocatable time-slicing replicas', () => {
    const sim = run(
      deployment(
        'video',
        `{tolerations: [{operator: Exists}], containers: [{name: c, resources: {limits: {nvidia.com/gpu: 1}}}]}`,
        5,
      ),
    );
    expect(sim.placed).toHaveLength(4);
    expect(sim.unplaced.map((u) => [u.pod.label, u.message])).toEqual([
      ['pod 5/5', '0/2 nodes are available: 2 Insufficient nvidia.com/gpu.'],
    ]);
  });

  it('uses max(init) vs sum(containers) and sums pods per node', () => {
    // Each pod asks 6 cpu via its init container; 8 + 28 cores take 1 + 4 of them.
    const spec = `{tolerations: [{operator: Exists}], initContainers: [{name: i, resources: {requests: {cpu: "6"}}}], containers: [{name: a, resources: {requests: {cpu: "1"}}}, {name: b, resources: {requests: {cpu: 1}}}]}`;
    const sim = run(deployment('w', spec, 6));
    expect(sim.placed).toHaveLength(5);
    expect(sim.unplaced[0]?.message).toBe('0/2 nodes are available: 2 Insufficient cpu.');
  });

  it('puts a DaemonSet pod on every node its tolerations admit', () => {
    const ds = (tol: string) => `
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: monitoring}
spec:
  template:
    spec: {${tol} containers: [{name: a, resources: {requests: {cpu: 100m}}}]}
`;
    expect(run(ds('tolerations: [{operator: Exists}],')).placed.map((p) => p.node)).toEqual([
      'akula-prime',
      'homelab',
    ]);
    expect(run(ds('')).placed.map((p) => p.node)).toEqual(['homelab']);
  });

  it('reports a DaemonSet pod that does not fit on its node', () => {
    const sim = run(`
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: hungry, namespace: monitoring}
spec:
  template:
    spec: {containers: [{name: a, resources: {requests: {memory: 40Gi}}}]}
`);
    expect(sim.unplaced.map((u) => [u.node, u.message])).toEqual([
      [
        'homelab',
        "0/2 nodes are available: 1 Insufficient memory, 1 node(s) didn't match Pod's node affinity/selector.",
      ],
    ]);
  });

  it('places earlier waves first', () => {
    const yaml = `
apiVersion: v1
kind: Pod
metadata: {name: a-late, namespace: x, annotations: {argocd.argoproj.io/sync-wave: "5"}}
spec: {containers: [{name: c, resources: {requests: {memory: 30Gi}}}]}
---
apiVersion: v1
kind: Pod
metadata: {name: z-early, namespace: x, annotations: {argocd.argoproj.io/sync-wave: "-1"}}
spec: {containers: [{name: c, resources: {requests: {memory: 30Gi}}}]}
`;
    const sim = run(yaml);
    expect(sim.placed.map((p) => p.pod.source.object.metadata.name)).toEqual(['z-early']);
    expect(sim.unplaced.map((u) => u.pod.source.object.metadata.name)).toEqual(['a-late']);
  });

  it('says "Too many pods" when the pod count is used up', () => {
    const small = [{ ...nodes[0]!, status: { allocatable: { cpu: '8', memory: '8Gi', pods: '2' } } }];
    const sim = simulate(parseObjects(deployment('many', '{containers: [{name: c}]}', 3), 't.yaml'), small);
    expect(sim.unplaced.map((u) => u.message)).toEqual(['0/1 nodes are available: 1 Too many pods.']);
  });
});

describe('CronJob pods', () => {
  it('must fit in what long-running pods leave, but hold nothing for each other', () => {
    const cron = (name: string, memory: string) => `
apiVersion: batch/v1
kind: CronJob
metadata: {name: ${name}, namespace: ops}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec: {containers: [{name: c, resources: {requests: {memory: ${memory}}}}]}
---`;
    const pod = `
apiVersion: v1
kind: Pod
metadata: {name: big, namespace: ops}
spec: {containers: [{name: c, resources: {requests: {memory: 30Gi}}}]}
`;
    // homelab has 32Gi: each 2Gi backup fits beside the 30Gi pod; a 4Gi one does not.
    const sim = run(cron('a-backup', '2Gi') + cron('b-backup', '2Gi') + cron('c-report', '4Gi') + pod);
    expect(sim.placed.map((p) => p.pod.source.object.metadata.name)).toEqual(['big', 'a-backup', 'b-backup']);
    expect(sim.unplaced.map((u) => u.pod.source.object.metadata.name)).toEqual(['c-report']);
  });
});
