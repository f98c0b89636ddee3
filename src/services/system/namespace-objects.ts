import type { KubeObject } from '../../k8s/object.ts';
import type { Plan, PlannedService } from '../../plan/types.ts';
import { objectMeta } from '../../k8s/meta.ts';
import { parseQuantity } from '../../k8s/quantity.ts';
import { podTemplate, type BuiltObject } from './built.ts';
import { CONTAINER_DEFAULTS, format, namespaceNeeds, quotaHard } from './quota.ts';
import { POD_SECURITY_REASON_ANNOTATION, RUNS_AS_ROOT_ANNOTATION } from '../../k8s/annotations.ts';

/** Namespaces k3s creates and owns: never rendered. */
export const BUILTIN_NAMESPACES: readonly string[] = ['default', 'kube-system'];

const LEVELS = ['restricted', 'baseline', 'privileged'] as const;
type Level = (typeof LEVELS)[number];

/** The strictest Pod Security level every service of the namespace allows, with the reasons for it. */
export function podSecurity(services: readonly PlannedService[]): { level: Level; reasons: string[] } {
  let level: Level = 'restricted';
  for (const s of services)
    if (LEVELS.indexOf(s.def.podSecurity.level) > LEVELS.indexOf(level)) level = s.def.podSecurity.level;
  const reasons = services
    .filter((s) => s.def.podSecurity.level === level && level !== 'restricted')
    .map((s) => `${s.name}: ${s.def.podSecurity.reason ?? 'needs it'}`);
  return { level, reasons };
}

/** Services whose pods come from an upstream chart (a chart that only ships CRDs runs none). */
function chartPods(services: readonly PlannedService[]): PlannedService[] {
  return services.filter((s) => s.def.chart && (parseQuantity(s.resources.requests.cpu) ?? 0) > 0);
}

/** Every namespace the platform uses, except those k3s owns. */
export function platformNamespaces(plan: Plan, built: readonly BuiltObject[]): string[] {
  const all = new Set([...plan.namespaces, ...built.flatMap((b) => b.object.metadata.namespace ?? [])]);
  return [...all].filter((n) => !BUILTIN_NAMESPACES.includes(n)).sort();
}

const q = (key: string, n: number) => format(key, n);

/**
 * The Namespace, and for namespaces whose pods are all ours a LimitRange and a ResourceQuota computed from them.
 * Namespaces where an upstream chart runs pods (operators, Argo CD, monitoring, ...) get neither: the chart
 * decides its pod set and sizes, so a quota computed from our data could block the platform's own pods (what
 * broke the upstream), and a LimitRange default limit below a chart container's request makes that pod invalid.
 * Their sizes are set through each chart's values from the ServiceDef instead.
 */
export function namespaceObjects(
  self: PlannedService,
  plan: Plan,
  built: readonly BuiltObject[],
  ns: string,
): KubeObject[] {
  const services = plan.services.filter((s) => s.namespace === ns);
  let { level, reasons } = podSecurity(services);
  // A pod another service places here that runs as root (written beside it by workload()) needs baseline too.
  const root = built.filter(
    (b) =>
      b.object.metadata.namespace === ns &&
      podTemplate(b.object)?.metadata?.annotations?.[RUNS_AS_ROOT_ANNOTATION],
  );
  if (level === 'restricted' && root.length) {
    level = 'baseline';
    reasons = root.map(
      (b) =>
        `${b.object.kind} ${b.object.metadata.name}: ${podTemplate(b.object)!.metadata!.annotations![RUNS_AS_ROOT_ANNOTATION]}`,
    );
  }
  const objects: KubeObject[] = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ns,
        labels: {
          ...objectMeta(self, ns).labels,
          'pod-security.kubernetes.io/enforce': level,
          'pod-security.kubernetes.io/audit': level,
          'pod-security.kubernetes.io/warn': level,
        },
        annotations: {
          ...objectMeta(self, ns).annotations,
          ...(reasons.length ? { [POD_SECURITY_REASON_ANNOTATION]: reasons.join('; ') } : {}),
        },
      },
    },
  ];
  const needs = namespaceNeeds(built, ns, plan.config.cluster.nodes.length);
  if (!(needs.totals['pods'] ?? 0) || chartPods(services).length) return objects;
  const meta = (name: string) => objectMeta(self, name, { namespace: ns });
  const cpuDefault = Math.min(CONTAINER_DEFAULTS.default.cpu, needs.maxLimits.cpu);
  const memDefault = Math.min(CONTAINER_DEFAULTS.default.memory, needs.maxLimits.memory);
  objects.push(
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: meta('defaults'),
      spec: {
        limits: [
          {
            type: 'Container',
            // For containers operators inject without resources; never above the max.
            default: { cpu: q('cpu', cpuDefault), memory: q('memory', memDefault) },
            defaultRequest: {
              cpu: q('cpu', Math.min(CONTAINER_DEFAULTS.defaultRequest.cpu, cpuDefault)),
              memory: q('memory', Math.min(CONTAINER_DEFAULTS.defaultRequest.memory, memDefault)),
            },
            // The largest limit of the namespace's own containers: no platform pod is ever rejected.
            max: { cpu: q('cpu', needs.maxLimits.cpu), memory: q('memory', needs.maxLimits.memory) },
          },
        ],
      },
    },
    { apiVersion: 'v1', kind: 'ResourceQuota', metadata: meta('platform'), spec: { hard: quotaHard(needs) } },
  );
  return objects;
}
