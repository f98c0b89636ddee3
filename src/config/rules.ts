import type { ServiceDef } from '../services/types.ts';
import { enabledServices } from './enabled.ts';
import { backupRecoveries } from './rules/backup-recoveries.ts';
import { backupTarget } from './rules/backup-target.ts';
import { devicePluginConfig } from './rules/device-plugin-config.ts';
import { disabledDependency } from './rules/disabled-dependency.ts';
import { gpuCapacity } from './rules/gpu-capacity.ts';
import { gpuServices } from './rules/gpu-services.ts';
import { modelCapabilities } from './rules/model-capabilities.ts';
import { modelPlacement } from './rules/model-placement.ts';
import { nodeRoles } from './rules/node-roles.ts';
import { pinnedNode } from './rules/pinned-node.ts';
import { serviceArchs } from './rules/service-archs.ts';
import { serviceOverrides } from './rules/service-overrides.ts';
import { tlsAcme } from './rules/tls-acme.ts';
import type { ConfigRule, RuleIssue } from './rules/types.ts';
import { uniqueHosts } from './rules/unique-hosts.ts';
import { uniqueModels } from './rules/unique-models.ts';
import { uniqueNodeNames } from './rules/unique-node-names.ts';
import type { Config } from './schema.ts';

/** Every cross-field rule of platform.yaml, run after the schema passed. */
export const configRules: readonly ConfigRule[] = [
  uniqueNodeNames,
  nodeRoles,
  gpuServices,
  gpuCapacity,
  devicePluginConfig,
  pinnedNode,
  serviceArchs,
  serviceOverrides,
  disabledDependency,
  uniqueHosts,
  uniqueModels,
  modelPlacement,
  modelCapabilities,
  tlsAcme,
  backupTarget,
  backupRecoveries,
];

/** Runs every rule; the caller places and sorts the issues. */
export function checkRules(config: Config, registry: readonly ServiceDef[]): RuleIssue[] {
  const ctx = {
    config,
    registry,
    enabled: enabledServices(config, registry),
    byName: new Map(registry.map((d) => [d.name, d])),
  };
  return configRules.flatMap((rule) => rule.check(ctx));
}
