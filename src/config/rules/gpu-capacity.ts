import type { GpuConfig } from '../schema.ts';
import type { ConfigRule, RuleIssue } from './types.ts';

/** `nvidia.com/gpu` a GPU entry advertises: one per card, times the time-slicing replicas. */
function slicesOf(gpu: GpuConfig): number {
  return gpu.count * (gpu.sharing.strategy === 'time-slicing' ? gpu.sharing.replicas : 1);
}

/** A GPU pod that finds no free slice stays Pending, so the slices asked for must exist. */
export const gpuCapacity: ConfigRule = {
  id: 'gpu-capacity',
  description: 'The GPU slices the running GPU services request fit in what the nodes advertise.',
  check({ config, registry, enabled }) {
    const issues: RuleIssue[] = [];
    config.cluster.nodes.forEach((node, i) =>
      node.gpus.forEach((gpu, j) => {
        if (gpu.sharing.strategy !== 'time-slicing' && gpu.sharing.replicas > 1)
          issues.push({
            path: ['cluster', 'nodes', i, 'gpus', j, 'sharing', 'replicas'],
            message: `replicas only apply to strategy time-slicing, but the strategy is ${gpu.sharing.strategy}`,
          });
      }),
    );
    const offered = config.cluster.nodes.flatMap((n) => n.gpus).reduce((sum, g) => sum + slicesOf(g), 0);
    if (offered === 0) return issues; // gpu-services reports GPU services without any GPU
    const demand = registry
      .filter((d) => d.gpu?.mode === 'required' && enabled.has(d.name))
      .map((d) => ({
        name: d.name,
        slices: d.gpu!.slices * (config.services[d.name]?.replicas ?? d.scaling.defaultReplicas),
      }))
      .filter((d) => d.slices > 0)
      .sort((a, b) => a.name.localeCompare(b.name));
    const wanted = demand.reduce((sum, d) => sum + d.slices, 0);
    if (wanted > offered) {
      const list = demand.map((d) => `${d.name} ${d.slices}`).join(', ');
      issues.push({
        path: ['cluster', 'nodes'],
        at: 'key',
        message: `GPU services request ${wanted} GPU slices (${list}), but the nodes offer ${offered}; raise sharing.replicas or disable a GPU service`,
      });
    }
    return issues;
  },
};
