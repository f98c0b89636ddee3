import { resources, SINGLE_CONTROLLER, singleReplica } from './helpers.ts';
import { gpuOperatorValues, timeSlicingConfigMap } from './system/gpu-values.ts';
import type { ServiceDef } from './types.ts';
import { CHARTS } from './versions.ts';

/** The NVIDIA GPU operator for k3s: toolkit, device plugin with time-slicing, GPU feature discovery, DCGM. */
export const gpuOperator: ServiceDef = {
  name: 'gpu-operator',
  title: 'NVIDIA GPU operator',
  description:
    'Makes the GPUs of platform.yaml schedulable (runtime class nvidia, time-slicing from the sharing settings).',
  layer: 'system',
  namespace: 'gpu-operator',
  wave: -7,
  defaultEnabled: true,
  images: {},
  chart: CHARTS.gpuOperator,
  ports: [
    { name: 'metrics', port: 8080, serviceName: 'gpu-operator' },
    { name: 'dcgm', port: 9400, serviceName: 'nvidia-dcgm-exporter' },
  ],
  needs: [],
  gpuNodesOnly: true,
  exposes: [],
  secrets: [],
  storage: [],
  metrics: { port: 'dcgm', path: '/metrics' },
  backup: { kind: 'none', reason: 'stateless; configured from platform.yaml' },
  // nfd.k8s-sigs.io: the node-feature-discovery subchart's NodeFeature CRDs.
  installsCrds: ['nfd.k8s-sigs.io', 'nvidia.com'],
  // The chart renders the operator's configuration as the cluster-scoped ClusterPolicy `cluster-policy`.
  chartClusterKinds: [{ group: 'nvidia.com', kind: 'ClusterPolicy' }],
  egress: { apiServer: true },
  scaling: singleReplica(SINGLE_CONTROLLER),
  resources: resources('100m', '256Mi', '500m', '512Mi'),
  podSecurity: {
    level: 'privileged',
    reason: 'the toolkit and device plugin write the containerd config and use host devices on GPU nodes',
  },
  build: (ctx) => ({
    objects: timeSlicingConfigMap(ctx),
    chart: { ...CHARTS.gpuOperator, values: gpuOperatorValues(ctx) },
  }),
};
