import type { SourcedObject } from './types.ts';
import type { PodTemplate } from './pods.ts';

/**
 * Namespaces whose components legitimately need host access, root or privileges: k3s itself
 * (kube-system: Traefik, CoreDNS, local-path, svclb), Longhorn (mounts host disks, privileged
 * manager) and the NVIDIA GPU operator (driver and toolkit install on the host).
 */
export const SYSTEM_NAMESPACES = ['gpu-operator', 'kube-system', 'longhorn-system'] as const;

/** Node agents in `monitoring` that read the host (logs, /proc, /sys): matched by their pod label. */
export const NODE_AGENT_NAMESPACE = 'monitoring';
export const NODE_AGENT_NAMES = ['alloy', 'prometheus-node-exporter'] as const;
const NAME_LABEL = 'app.kubernetes.io/name';

/**
 * True for system components exempt from the host and privilege rules: anything in a system
 * namespace, and the node agents in `monitoring` (pods labelled app.kubernetes.io/name alloy or
 * prometheus-node-exporter). The Kyverno exclusions in kyverno.ts say the same thing.
 */
export function isSystemComponent(o: SourcedObject, t: PodTemplate): boolean {
  const ns = o.object.metadata?.namespace ?? '';
  if ((SYSTEM_NAMESPACES as readonly string[]).includes(ns)) return true;
  const name = t.labels[NAME_LABEL];
  return (
    ns === NODE_AGENT_NAMESPACE &&
    name !== undefined &&
    (NODE_AGENT_NAMES as readonly string[]).includes(name)
  );
}

/** The same exemption as a Kyverno `exclude` block. */
export function kyvernoSystemExclude(): Record<string, unknown> {
  return {
    any: [
      { resources: { namespaces: [...SYSTEM_NAMESPACES] } },
      {
        resources: {
          namespaces: [NODE_AGENT_NAMESPACE],
          selector: {
            matchExpressions: [{ key: NAME_LABEL, operator: 'In', values: [...NODE_AGENT_NAMES] }],
          },
        },
      },
    ],
  };
}
