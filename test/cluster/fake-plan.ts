/**
 * A Plan with only what doctor reads (services with namespace and configPath, nodes with GPUs, hosts),
 * for the default platform. Replace with plan(loadConfig('platform.yaml')) once the plan step lands.
 */
import type { Plan, PlannedHost } from '../../src/plan/types.ts';
import { NO_WORKLOAD, SERVICES } from '../fixtures/cluster/healthy.ts';

const NAMESPACES: Record<string, string> = {
  namespaces: 'kube-system',
  'prometheus-crds': 'monitoring',
  pki: 'cert-manager',
  'kyverno-policies': 'kyverno',
  'keycloak-config': 'auth',
  'arc-runners': 'arc-runners',
  traefik: 'kube-system',
};

/** The default platform's plan as doctor sees it; `hosts` defaults to none. */
export function fakePlan(hosts: PlannedHost[] = []): Plan {
  const names = [...new Set([...SERVICES.map((s) => s[0]), ...NO_WORKLOAD])];
  const services = names.map((name) => ({
    name,
    namespace: SERVICES.find((s) => s[0] === name)?.[1] ?? NAMESPACES[name]!,
    configPath: `services.${name}`,
  }));
  const config = {
    cluster: {
      nodes: [
        { name: 'homelab', gpus: [] },
        { name: 'akula-prime', gpus: [{ count: 1, sharing: { strategy: 'time-slicing', replicas: 4 } }] },
      ],
    },
  };
  return { config, services, hosts } as unknown as Plan;
}
