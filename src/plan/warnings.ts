import type { Config } from '../config/schema.ts';
import { endpointWarnings } from './endpoints.ts';
import { gpuSlices } from './placement.ts';
import { requirements } from '../config/requires.ts';
import type { PlannedService, PlanWarning } from './types.ts';

/** Things worth a person's attention that are not errors: public hosts, implied services, GPU oversubscription. */
export function planWarnings(config: Config, services: readonly PlannedService[]): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  for (const s of services) {
    for (const h of s.hosts.filter((x) => x.auth === 'public'))
      warnings.push({
        message: `https://${h.host} (${s.name}) is public, without login: ${h.publicReason ?? 'no reason given'}`,
        configPath: s.configPath,
      });
    if (s.implied)
      warnings.push({
        message: `${s.name} runs because ${services
          .filter((o) => requirements(o.def).some((r) => r.service === s.name))
          .map((o) => o.name)
          .join(', ')} need(s) it`,
        configPath: s.configPath,
      });
  }
  const offered = config.cluster.nodes.reduce((n, node) => n + gpuSlices(node), 0);
  const wanted = services.reduce((n, s) => n + s.placement.gpuSlices * s.replicas, 0);
  if (wanted > offered && offered > 0)
    warnings.push({
      message: `GPU services request ${wanted} GPU slices, but the GPU nodes offer ${offered}; some GPU pods will stay Pending`,
      configPath: 'cluster.nodes',
    });
  warnings.push(...endpointWarnings(config, services));
  return warnings;
}
