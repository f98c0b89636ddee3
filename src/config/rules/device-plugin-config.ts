import { missingConfigLabels, NODE_CONFIG_LABEL } from '../device-plugin.ts';
import type { ConfigRule } from './types.ts';

/**
 * The GPU operator gets one device-plugin config per GPU model (time-slicing replicas); the first GPU node's
 * is the default and every other node selects its own with a node label. Without that label the plugin
 * would advertise the wrong number of slices on that node, so the platform is refused here, at the node.
 */
export const devicePluginConfig: ConfigRule = {
  id: 'device-plugin-config',
  description: `A GPU node whose GPU model differs from the first GPU node's selects its device-plugin config with the ${NODE_CONFIG_LABEL} label.`,
  check({ config, enabled }) {
    if (!enabled.has('gpu-operator')) return [];
    return missingConfigLabels(config.cluster.nodes).map(({ node, index, gpu, key, label }) => ({
      path: ['cluster', 'nodes', index, 'labels', ...(label === undefined ? [] : [NODE_CONFIG_LABEL])],
      at: 'key',
      near: ['cluster', 'nodes', index],
      message:
        `node ${node.name} needs the device-plugin config "${key}" for its ${gpu.model} ` +
        `(the first GPU node's config does not fit it); add labels: { ${NODE_CONFIG_LABEL}: ${key} } here, ` +
        `and set the same label on the k3s node (k3s agent --node-label ${NODE_CONFIG_LABEL}=${key}), where the device plugin reads it`,
    }));
  },
};
