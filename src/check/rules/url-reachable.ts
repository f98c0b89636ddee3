import { blockedBy, worldOf, type NetPod, type NetWorld } from '../../semantics/netpol/index.ts';
import { serviceWorkloads } from '../../semantics/exposure.ts';
import { isObject, workloads, type Yaml } from '../../semantics/pods.ts';
import { fail, pass, skipped } from '../result.ts';
import type { ObjectIndex, Rule, RuleResult } from '../types.ts';
import { configuredAddresses, type ConfiguredAddress } from '../urls.ts';

/** What an address resolves to: the pods behind it and the container port per pod, or why it cannot. */
type Target =
  | { ok: true; svc: string; pods: { pod: NetPod; port: number }[] }
  | { ok: false; status: 'fail' | 'skipped'; why: string };

const CNPG_SERVICE = /^(.+)-(rw|ro|r)$/;
const POSTGRES_PORT = 5432;

/** Does an Argo CD Application deploy a Helm chart into that namespace (its Services are not in the tree)? */
function chartNamespace(index: ObjectIndex, ns: string): string | undefined {
  for (const a of index.byKind('Application')) {
    const spec: Yaml = a.object.spec;
    const sources: Yaml[] = isObject(spec)
      ? [spec.source, ...(Array.isArray(spec.sources) ? spec.sources : [])]
      : [];
    if (
      isObject(spec?.destination) &&
      spec.destination.namespace === ns &&
      sources.some((s) => isObject(s) && s.chart)
    )
      return String(a.object.metadata?.name);
  }
  return undefined;
}

/** The Services CloudNativePG makes for a Cluster (`<name>-rw|-ro|-r`, port 5432, its instance pods). */
function cnpgTarget(index: ObjectIndex, a: ConfiguredAddress): Target | undefined {
  const m = CNPG_SERVICE.exec(a.service);
  const cluster = m && index.get('Cluster', a.namespace, m[1]!);
  if (!cluster || !cluster.object.apiVersion?.startsWith('postgresql.cnpg.io/')) return undefined;
  if (a.port !== undefined && a.port !== POSTGRES_PORT)
    return {
      ok: false,
      status: 'fail',
      why: `the CloudNativePG Service ${a.namespace}/${a.service} listens on ${POSTGRES_PORT}, not ${a.port}`,
    };
  const pod: NetPod = {
    id: `${a.namespace}/${m![1]} (CloudNativePG instances)`,
    namespace: a.namespace,
    labels: { 'cnpg.io/cluster': m![1]! },
    ports: [{ name: 'postgresql', port: POSTGRES_PORT, protocol: 'TCP' }],
  };
  return { ok: true, svc: `${a.namespace}/${a.service}`, pods: [{ pod, port: POSTGRES_PORT }] };
}

function resolve(
  index: ObjectIndex,
  world: NetWorld,
  podsOf: ReturnType<typeof serviceWorkloads>,
  a: ConfiguredAddress,
): Target {
  const svc = index.get('Service', a.namespace, a.service);
  if (!svc) {
    const cnpg = cnpgTarget(index, a);
    if (cnpg) return cnpg;
    const chart = chartNamespace(index, a.namespace);
    if (chart)
      return {
        ok: false,
        status: 'skipped',
        why: `${a.namespace} is deployed by the chart of Application ${chart}, whose Services are not in the tree`,
      };
    return { ok: false, status: 'fail', why: `no Service ${a.service} in namespace ${a.namespace}` };
  }
  const ports: Yaml[] = Array.isArray((svc.object.spec as Yaml)?.ports)
    ? (svc.object.spec as Yaml).ports
    : [];
  const chosen = a.port === undefined ? ports : ports.filter((p) => isObject(p) && p.port === a.port);
  if (!chosen.length)
    return {
      ok: false,
      status: 'fail',
      why: `Service ${a.namespace}/${a.service} has no port ${a.port} (it has ${ports.map((p) => p?.port).join(', ') || 'none'})`,
    };
  const workloadPods = podsOf(svc);
  if (!workloadPods.length)
    return {
      ok: false,
      status: 'skipped',
      why: `Service ${a.namespace}/${a.service} selects no pod in the tree`,
    };
  const out: { pod: NetPod; port: number }[] = [];
  for (const w of workloadPods) {
    const pod = world.pods.find((p) => p.source === w.source);
    if (!pod) continue;
    // A numeric targetPort reaches every selected pod; a named one only pods declaring that port (a Job
    // carrying the service's labels serves nothing), as the endpoints controller does.
    for (const p of chosen) {
      const tp = p.targetPort ?? p.port;
      const port = typeof tp === 'number' ? tp : pod.ports.find((c) => c.name === tp)?.port;
      if (port !== undefined) out.push({ pod, port });
    }
  }
  if (!out.length)
    return {
      ok: false,
      status: 'fail',
      why: `no pod behind Service ${a.namespace}/${a.service} listens on its target port`,
    };
  return { ok: true, svc: `${a.namespace}/${a.service}`, pods: out };
}

/** Every in-cluster address a container is configured with names a Service and port, and the NetworkPolicies let the pod reach it. */
export const urlReachable: Rule = {
  id: 'url-reachable',
  title: 'Configured in-cluster addresses resolve and are reachable',
  severity: 'error',
  family: 'network',
  targets: ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod', 'ConfigMap', 'NetworkPolicy'],
  fix: "Point the key at a Service and port that exist, or open the flow on both ends (the caller's egress and the callee's ingress); for a platform service declare it in `needs` (or its Jobs' `network.selfCalls`) so render writes the policies.",
  docs:
    'Reads every address a container is configured with: env values, command and args, and the data of ConfigMaps (and plain ' +
    'Secrets) it mounts or reads with envFrom, such as the LiteLLM config. An address is in-cluster when a URL names ' +
    "`<service>.<namespace>.svc[.cluster.local]` or a bare name of a Service in the pod's namespace, or a bare " +
    "`<service>.<namespace>.svc[.cluster.local][:port]` host (the port is the URL's, the scheme's default, or any port of the Service " +
    "for a bare host). It must name a Service of the tree (CloudNativePG's `<cluster>-rw|-ro|-r` count for a Cluster; a namespace an " +
    'Application deploys a chart into is skipped) with that port, and the NetworkPolicies, evaluated as network-flows does, must let ' +
    "the pod open the Service's target port on a pod behind it: its egress and the target's ingress. The finding names the key.",
  check: (ctx) => {
    const world = worldOf(ctx.objects);
    const podsOf = serviceWorkloads(ctx.objects);
    const out: RuleResult[] = [];
    for (const w of workloads(ctx.objects)) {
      const ns = w.source.object.metadata?.namespace || 'default';
      const from = world.pods.find((p) => p.source === w.source);
      if (!from) continue;
      const problems: { r: RuleResult }[] = [];
      for (const a of configuredAddresses(w.template, ctx.index, ns)) {
        if (a.service === 'kubernetes' && a.namespace === 'default') continue;
        const t = resolve(ctx.index, world, podsOf, a);
        const at = `${a.key} (${a.text})`;
        // The pod's own address (a Host allowlist, its public URL): nothing to reach.
        if (t.ok && t.pods.some((p) => p.pod === from)) continue;
        if (!t.ok) {
          problems.push({
            r:
              t.status === 'fail'
                ? fail(w.source, `${at}: ${t.why}`, a.jsonPath)
                : skipped(w.source, `${at}: ${t.why}`, a.jsonPath),
          });
          continue;
        }
        const blocked = t.pods
          .map(({ pod, port }) => ({ pod, port, side: blockedBy(world, from, pod, { port }) }))
          .find((b) => b.side);
        if (blocked)
          problems.push({
            r: fail(
              w.source,
              `${at}: ${t.svc} is unreachable: the ${blocked.side === 'egress' ? `egress policies of ${from.namespace} do not let ${from.id} out` : `ingress policies of ${blocked.pod.id} do not let ${from.id} in`} to port ${blocked.port}`,
              a.jsonPath,
            ),
          });
      }
      if (!problems.some((p) => p.r.status === 'fail')) out.push(pass(w.source));
      out.push(...problems.map((p) => p.r));
    }
    return out;
  },
};
