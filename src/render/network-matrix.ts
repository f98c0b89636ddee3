import {
  allowed,
  calleePods,
  NAME_LABEL,
  standInCallers,
  worldOf,
  type NetPod,
} from '../semantics/netpol/index.ts';
import type { Manifest } from '../k8s/object.ts';
import { OPEN_NAMESPACES } from '../semantics/netpol/index.ts';
import { describeReach, endpointReach } from '../plan/endpoints.ts';
import type { Plan } from '../plan/types.ts';
import { defaultDenyNamespaces } from './network.ts';
import { metricPorts } from './network-rules.ts';

const cell = (s: string) => s.replace(/\|/g, '\\|');
const row = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;

/**
 * How the NetworkPolicies are derived, for deploy/README.md: which namespaces deny by default, why the open
 * ones are open, and per upstream chart the allowances its service's data declares.
 */
export function networkModel(plan: Plan): string[] {
  const denied = defaultDenyNamespaces(plan);
  const open = plan.namespaces.filter((ns) => !denied.includes(ns));
  const charts = plan.services.filter(
    (s) => s.def.chart && (denied.includes(s.namespace) || s.def.network?.podLabel),
  );
  const ports = (xs: number[]) => xs.join(', ') || '–';
  return [
    '## Network policies',
    '',
    `Default deny for ingress and egress, with DNS allowed, in ${denied.length} of ${plan.namespaces.length} namespaces: ${denied.join(', ')}.`,
    '',
    ...open.map((ns) => {
      const isolated = plan.services.filter(
        (s) => s.namespace === ns && s.def.chart && s.def.network?.podLabel,
      );
      const pods = isolated.length
        ? ` There, only the pods of ${isolated.map((s) => s.name).join(', ')} (known by their chart's label) get policies of their own.`
        : '';
      return `${ns} has none on purpose: ${OPEN_NAMESPACES[ns] ?? 'no reason recorded'}.${pods}`;
    }),
    '',
    "Every other allow comes from the service data: one per declared flow on both ends (the caller's egress, the callee's ingress, " +
      "on the callee's port), the ingress controller to each exposed port, Prometheus to each metrics port, PostgreSQL to its app, " +
      'its operator and Prometheus, API server egress (443, 6443) and internet egress (private ranges excluded) only where declared, ' +
      'and egress to the endpoints platform.yaml names (backup target, SMTP relay, Git remote) on their port: an IP address as its /32, ' +
      'a hostname as internet egress, the LAN range of its `cidr` key as that block, a cluster Service through its declared flow. ' +
      "Pods of upstream charts carry the chart's labels, not shai's, so a chart's policies select the pods of its namespace that shai " +
      'does not build, or only those with the label its data declares (charts sharing a namespace without one share their allowances); their webhooks are open to every source on the webhook port ' +
      'only, because the API server calls them from node addresses (k3s runs it in the host network) that platform.yaml does not know.',
    '',
    row([
      'chart service',
      'namespace',
      'webhook ports (from the API server)',
      'metrics ports',
      'traffic among its pods',
      'internet',
      'API server',
      'endpoints of platform.yaml',
    ]),
    row(['---', '---', '---', '---', '---', '---', '---', '---']),
    ...charts.map((s) =>
      row([
        s.name,
        s.namespace,
        ports((s.def.network?.fromApiServer ?? []).map((w) => w.port)),
        ports(metricPorts(s)),
        s.def.network?.intraNamespace ?? 'no',
        s.def.egress?.internet
          ? `yes${(s.def.network?.internetPorts ?? []).map((p) => `, ${p.port}/${p.protocol ?? 'TCP'}`).join('')}`
          : 'no',
        s.def.egress?.apiServer ? 'yes' : 'no',
        (s.def.network?.endpoints ?? [])
          .flatMap((e) => endpointReach(plan.config, e.key, plan.namespaces) ?? [])
          .map(describeReach)
          .join('; ') || 'none',
      ]),
    ),
    '',
  ];
}

/**
 * The reachability matrix of the rendered NetworkPolicies, computed by the same netpol module as the
 * network-flows check: rows are calling services, columns called services, each cell the ports open from
 * every pod of the caller to the callee (its container ports; for a chart's pods, not in the tree, the
 * ports the plan's flows declare). Callers are the platform's own pods and, for services whose pods are not
 * in the tree, the stand-in pod of their Application; rows and columns without any open port are left
 * out, so the table shows what is open, not the whole square.
 */
export function networkMatrix(plan: Plan, manifest: Manifest): string[] {
  const objects = manifest.map((e) => ({ object: e.object, file: e.path, service: e.service }));
  const world = worldOf(objects);
  const byService = new Map<string, NetPod[]>();
  for (const p of world.pods) {
    const name = p.labels[NAME_LABEL];
    if (!name || p.labels['app.kubernetes.io/part-of'] !== 'shai') continue;
    byService.set(`${p.namespace}/${name}`, [...(byService.get(`${p.namespace}/${name}`) ?? []), p]);
  }
  // Callees: the platform's pods with their container ports, and flow targets whose pods a chart creates.
  const callees = new Map<string, { pods: NetPod[]; ports: number[] }>();
  for (const [key, pods] of byService)
    callees.set(key, { pods, ports: [...new Set(pods.flatMap((p) => p.ports.map((x) => x.port)))] });
  for (const f of plan.flows) {
    const key = `${f.to.namespace}/${f.to.service}`;
    if (byService.has(key)) continue;
    const c = callees.get(key) ?? { pods: calleePods(world, f.to.namespace, f.to.service), ports: [] };
    callees.set(key, { ...c, ports: [...new Set([...c.ports, f.to.port])] });
  }
  // Callers whose pods are not in the tree (charts, k3s's Traefik): the stand-in pod of their Application.
  const callers = new Map(byService);
  for (const p of standInCallers(objects))
    callers.set(`${p.namespace}/${p.source!.object.metadata.name}`, [p]);
  const open = new Map<string, Map<string, number[]>>();
  for (const [from, pods] of callers)
    for (const [to, callee] of callees) {
      if (from === to) continue;
      const ports = callee.ports
        .filter((port) => pods.every((a) => callee.pods.every((b) => allowed(world, a, b, { port }))))
        .sort((a, b) => a - b);
      if (!ports.length) continue;
      open.set(from, (open.get(from) ?? new Map()).set(to, ports));
    }
  const rows = [...open.keys()].sort();
  const cols = [...new Set(rows.flatMap((r) => [...open.get(r)!.keys()]))].sort();
  return [
    ...networkModel(plan),
    '## Network matrix',
    '',
    'Ports each service may open on another, computed from the rendered NetworkPolicies (the check rule ' +
      '`network-flows` fails when a declared flow is missing here or an undeclared one appears). Rows call, columns are called. ' +
      "Pods of upstream charts and k3s's Traefik are not in this tree: as callers they are a stand-in pod of the namespace " +
      'with the calls their Application declares, as callees with the ports the plan declares.',
    '',
    `| caller \\ callee | ${cols.map(cell).join(' | ')} |`,
    `| --- | ${cols.map(() => '---').join(' | ')} |`,
    ...rows.map(
      (r) => `| ${cell(r)} | ${cols.map((c) => open.get(r)!.get(c)?.join(', ') ?? '').join(' | ')} |`,
    ),
    '',
  ];
}
