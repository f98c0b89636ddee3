import type { KubeObject } from '../../k8s/object.ts';
import { parseQuantity } from '../../k8s/quantity.ts';
import { GPU, operatorConfigs, safeLoad, type OperatorConfig } from '../gpu.ts';
import { isObject, type Yaml } from '../../semantics/pods.ts';
import { fail, pass } from '../result.ts';
import type { Rule, RuleContext, RuleResult, SourcedObject } from '../types.ts';

/** Node label selecting a device-plugin config (a key of the time-slicing ConfigMap). */
const NODE_CONFIG_LABEL = 'nvidia.com/device-plugin.config';

/** The time-slicing ConfigMap parses, holds the keys the operator and the nodes name, and matches what the nodes advertise. */
export const gpuTimeSlicingConsistent: Rule = {
  id: 'gpu-time-slicing-consistent',
  title: 'GPU time-slicing configuration is consistent',
  severity: 'error',
  family: 'gpu',
  targets: ['ConfigMap', 'ClusterPolicy', 'Application', 'Node'],
  fix: 'Make devicePlugin.config.name/default and the nvidia.com/device-plugin.config node labels name keys of the time-slicing ConfigMap, each a valid device-plugin config (version: v1, sharing.timeSlicing.resources).',
  docs:
    'The device plugin reads its config from the ConfigMap named by `devicePlugin.config.name` (ClusterPolicy or Helm values), the ' +
    'key `devicePlugin.config.default` or, per node, the label `nvidia.com/device-plugin.config`. A missing ConfigMap or key, or a ' +
    'value that is not a device-plugin config (`version: v1`, `sharing.timeSlicing.resources: [{name: nvidia.com/gpu, replicas: N}]`) ' +
    'leaves the plugin crash-looping: the upstream\'s "ConfigMap format issues". A ConfigMap holding time-slicing configs that no ' +
    'operator config names does nothing and fails too. With a node inventory, a node labelled `nvidia.com/gpu.count` must advertise ' +
    '`count × replicas` of `nvidia.com/gpu` in `status.allocatable`, as the plugin would.',
  check: (ctx) => {
    const out: RuleResult[] = [];
    const referenced = new Set<SourcedObject>();
    for (const cfg of operatorConfigs(ctx.index)) out.push(...checkConfig(ctx, cfg, referenced));
    for (const cm of ctx.index.byKind('ConfigMap')) {
      if (referenced.has(cm) || !looksLikeTimeSlicing(cm)) continue;
      out.push(
        fail(
          cm,
          `ConfigMap ${cm.object.metadata.name} holds time-slicing configs, but no GPU operator devicePlugin.config.name names it`,
          '.data',
        ),
      );
    }
    return out;
  },
};

function checkConfig(ctx: RuleContext, cfg: OperatorConfig, referenced: Set<SourcedObject>): RuleResult[] {
  const conf = cfg.values.devicePlugin?.config ?? {};
  if (!isObject(conf) || typeof conf.name !== 'string' || !conf.name) return [pass(cfg.source)];
  const at = `${cfg.jsonPath}.devicePlugin.config`;
  const cm =
    ctx.index.get('ConfigMap', cfg.namespace, conf.name) ?? ctx.index.named('ConfigMap', conf.name)[0];
  if (cm) referenced.add(cm);
  const data: Record<string, unknown> | undefined = cm
    ? ((cm.object.data as Yaml) ?? {})
    : conf.create === true && isObject(conf.data)
      ? conf.data
      : undefined;
  if (!data)
    return [
      fail(
        cfg.source,
        `devicePlugin.config.name ${conf.name}: no ConfigMap ${conf.name} in namespace ${cfg.namespace}`,
        `${at}.name`,
      ),
    ];
  const out: RuleResult[] = [];
  const replicas = new Map<string, number>();
  for (const [key, text] of Object.entries(data)) {
    const r = parseConfig(text);
    if (typeof r === 'string')
      out.push(
        fail(
          cm ?? cfg.source,
          `time-slicing config "${key}" ${r}`,
          cm ? `.data["${key}"]` : `${at}.data["${key}"]`,
        ),
      );
    else replicas.set(key, r);
  }
  const keys = Object.keys(data).sort().join(', ') || 'none';
  if (typeof conf.default === 'string' && conf.default && !(conf.default in data)) {
    out.push(
      fail(
        cfg.source,
        `devicePlugin.config.default "${conf.default}" is not a key of ConfigMap ${conf.name} (keys: ${keys})`,
        `${at}.default`,
      ),
    );
  }
  for (const node of ctx.nodes ?? []) {
    const label = node.metadata.labels?.[NODE_CONFIG_LABEL];
    if (label !== undefined && !(label in data)) {
      out.push(
        fail(
          cfg.source,
          `node ${node.metadata.name} selects device-plugin config "${label}" (label ${NODE_CONFIG_LABEL}), not a key of ConfigMap ${conf.name} (keys: ${keys})`,
          `${at}.name`,
        ),
      );
      continue;
    }
    const want = label ?? (typeof conf.default === 'string' ? conf.default : undefined);
    const problem =
      want !== undefined && replicas.has(want)
        ? allocatableProblem(node, want, replicas.get(want)!)
        : undefined;
    if (problem) out.push(fail(cfg.source, problem, `${at}.name`));
  }
  if (!out.length) out.push(pass(cfg.source));
  return out;
}

/** The nvidia.com/gpu replicas of a device-plugin config, or what is wrong with it. */
function parseConfig(text: unknown): number | string {
  const doc = typeof text === 'string' ? safeLoad(text) : text;
  if (doc instanceof Error) return `does not parse as YAML: ${doc.message}`;
  if (!isObject(doc)) return 'is not a device-plugin config (expected a mapping with version: v1)';
  if (doc.version !== 'v1') return `has version ${JSON.stringify(doc.version)}, expected "v1"`;
  const resources = doc.sharing?.timeSlicing?.resources;
  if (doc.sharing === undefined) return 1;
  if (!Array.isArray(resources) || !resources.length) return 'has no sharing.timeSlicing.resources list';
  const gpu = resources.find((r: Yaml) => r?.name === GPU);
  if (!gpu) return `shares no ${GPU} (resources: ${resources.map((r: Yaml) => r?.name).join(', ')})`;
  if (!Number.isInteger(gpu.replicas) || gpu.replicas < 1)
    return `has replicas ${JSON.stringify(gpu.replicas)} for ${GPU}, expected a whole number ≥ 1`;
  return gpu.replicas;
}

function allocatableProblem(node: KubeObject, key: string, replicas: number): string | undefined {
  const count = Number.parseInt(node.metadata.labels?.['nvidia.com/gpu.count'] ?? '', 10);
  const have = parseQuantity((node.status as Yaml)?.allocatable?.[GPU]);
  if (Number.isNaN(count) || have === undefined || have === count * replicas) return undefined;
  return `node ${node.metadata.name} advertises ${have} ${GPU}, but config "${key}" gives ${count} GPU(s) × ${replicas} replicas = ${count * replicas}`;
}

function looksLikeTimeSlicing(cm: SourcedObject): boolean {
  const data = cm.object.data;
  return (
    isObject(data) && Object.values(data).some((v) => typeof v === 'string' && /timeSlicing\s*:/.test(v))
  );
}
