import type { Config } from '../config/schema.ts';
import type { ServiceDef } from '../services/types.ts';
import { selectServices } from '../config/selection.ts';
import { planFlows } from './flows.ts';
import { planModels } from './models.ts';
import { planConfigSecrets } from './config-secrets.ts';
import { backupWarnings, planBackupSecrets } from './backup.ts';
import { planService } from './service.ts';
import { planSso, withOidcPlanValues } from './sso.ts';
import { planToolServers } from './tool-servers.ts';
import { storageClass } from './storage.ts';
import type { Plan, PlannedService } from './types.ts';
import { validateCatalog } from './waves.ts';
import { planWarnings } from './warnings.ts';
import { workflowWarnings } from './workflows.ts';
import { pipelineGpu } from './pipeline-gpu.ts';

/** False for a service's own secret whose `plannedWhen` does not hold for this platform. */
function isPlanned(
  def: ServiceDef,
  name: string,
  config: Config,
  services: readonly PlannedService[],
): boolean {
  return def.secrets.find((x) => x.name === name)?.plannedWhen?.(config, services) ?? true;
}

/**
 * Everything derived from the config and the service catalog: pure and deterministic (same input, same
 * output). Throws InternalError when the catalog itself is inconsistent (waves, needs).
 */
export function plan(config: Config, registry: readonly ServiceDef[]): Plan {
  validateCatalog(registry);
  const selection = selectServices(config, registry);
  const enabled = new Set(selection.keys());
  const cls = storageClass(enabled.has('longhorn'));
  const defs = registry.filter((d) => enabled.has(d.name));
  const bare = withOidcPlanValues(
    [...defs]
      .sort((a, b) => a.wave - b.wave || a.name.localeCompare(b.name))
      .map((d) =>
        planService(d, config, { implied: selection.get(d.name)!.implied, enabled, storageClass: cls, defs }),
      ),
    config.sso.realm,
  );
  const sso = planSso(bare);
  const referenced = [...planConfigSecrets(config, bare), ...planBackupSecrets(config, bare)];
  const tools = planToolServers(bare);
  // SSO client secrets, MCP clients' connections and the Secrets platform.yaml references belong to the
  // service that consumes them, like its own secrets.
  const derived = [...sso.secrets, ...tools.secrets, ...referenced];
  const services = bare.map((s) => ({
    ...s,
    secrets: [
      ...s.secrets.filter((x) => isPlanned(s.def, x.name, config, bare)),
      ...derived.filter((x) => x.service === s.name),
    ],
  }));
  const models = planModels(config, enabled);
  const hosts = services.flatMap((s) => s.hosts).sort((a, b) => a.host.localeCompare(b.host));
  const secrets = services
    .flatMap((s) => s.secrets)
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  return {
    config,
    services,
    namespaces: [...new Set(services.map((s) => s.namespace))].sort(),
    hosts,
    secrets,
    ssoClients: sso.clients,
    toolServers: tools.servers,
    flows: planFlows(services),
    models: models.models,
    warnings: [
      ...planWarnings(config, services),
      ...backupWarnings(config, services),
      ...models.warnings,
      ...workflowWarnings(config, enabled),
      ...pipelineGpu(config, services).warnings,
    ],
  };
}
