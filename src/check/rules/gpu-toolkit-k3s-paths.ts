import { operatorConfigs, toolkitEnv } from '../gpu.ts';
import { fail, pass } from '../result.ts';
import type { Rule, RuleResult } from '../types.ts';

/** k3s's embedded containerd: the config k3s regenerates (templates beside it) and its socket. */
const K3S_CONFIG_DIR = '/var/lib/rancher/k3s/agent/etc/containerd/';
const K3S_CONFIG = `${K3S_CONFIG_DIR}config.toml`;
const K3S_SOCKET = '/run/k3s/containerd/containerd.sock';

/** The GPU operator's container toolkit writes to k3s's containerd, not the stock paths. */
export const gpuToolkitK3sPaths: Rule = {
  id: 'gpu-toolkit-k3s-paths',
  title: 'GPU toolkit points at k3s containerd',
  severity: 'error',
  family: 'gpu',
  targets: ['ClusterPolicy', 'Application'],
  fix: `Set toolkit.env CONTAINERD_CONFIG=${K3S_CONFIG} and CONTAINERD_SOCKET=${K3S_SOCKET} in the GPU operator values.`,
  docs:
    "The NVIDIA GPU operator's toolkit defaults to `/etc/containerd/config.toml` and `/run/containerd/containerd.sock`; on k3s " +
    'it then configures a containerd nobody runs, and GPU pods fail with `no runtime for "nvidia" is configured`. Checks the ' +
    'ClusterPolicy (`nvidia.com/v1`) and the Helm values (`valuesObject` or `values`) of an Application of the `gpu-operator` ' +
    `chart: with the toolkit enabled, \`toolkit.env\` must set \`CONTAINERD_CONFIG\` to a file in \`${K3S_CONFIG_DIR}\` (normally ` +
    `\`config.toml\`) and \`CONTAINERD_SOCKET\` to \`${K3S_SOCKET}\` (\`RUNTIME_CONFIG\`/\`RUNTIME_SOCKET\` are accepted too).`,
  check: (ctx) => {
    const out: RuleResult[] = [];
    for (const cfg of operatorConfigs(ctx.index)) {
      if (cfg.values.toolkit?.enabled === false) {
        out.push(pass(cfg.source));
        continue;
      }
      const env = toolkitEnv(cfg.values);
      const config = env.CONTAINERD_CONFIG ?? env.RUNTIME_CONFIG;
      const socket = env.CONTAINERD_SOCKET ?? env.RUNTIME_SOCKET;
      const problems: string[] = [];
      if (!config?.startsWith(K3S_CONFIG_DIR))
        problems.push(
          `CONTAINERD_CONFIG is ${config ? `"${config}"` : 'unset (default /etc/containerd/config.toml)'}, not ${K3S_CONFIG}`,
        );
      if (socket !== K3S_SOCKET)
        problems.push(
          `CONTAINERD_SOCKET is ${socket ? `"${socket}"` : 'unset (default /run/containerd/containerd.sock)'}, not ${K3S_SOCKET}`,
        );
      if (!problems.length) out.push(pass(cfg.source));
      for (const p of problems)
        out.push(fail(cfg.source, `GPU operator toolkit: ${p}`, `${cfg.jsonPath}.toolkit.env`));
    }
    return out;
  },
};
