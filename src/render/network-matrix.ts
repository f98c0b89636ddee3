import { allowed, calleePods, NAME_LABEL, worldOf, type NetPod } from '../check/netpol/index.ts';
import type { Manifest } from '../k8s/object.ts';
import type { Plan } from '../plan/types.ts';

const cell = (s: string) => s.replace(/\|/g, '\\|');

/**
 * The reachability matrix of the rendered NetworkPolicies, computed by the same netpol module as the
 * network-flows check: rows are calling services, columns called services, each cell the ports open from
 * every pod of the caller to the callee (its container ports; for a chart's pods, not in the tree, the
 * ports the plan's flows declare). Only the platform's own pods call; rows and columns without any open
 * port are left out, so the table shows what is open, not the whole square.
 */
export function networkMatrix(plan: Plan, manifest: Manifest): string[] {
  const world = worldOf(manifest.map((e) => ({ object: e.object, file: e.path, service: e.service })));
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
  const open = new Map<string, Map<string, number[]>>();
  for (const [from, callers] of byService)
    for (const [to, callee] of callees) {
      if (from === to) continue;
      const ports = callee.ports
        .filter((port) => callers.every((a) => callee.pods.every((b) => allowed(world, a, b, { port }))))
        .sort((a, b) => a - b);
      if (!ports.length) continue;
      open.set(from, (open.get(from) ?? new Map()).set(to, ports));
    }
  const rows = [...open.keys()].sort();
  const cols = [...new Set(rows.flatMap((r) => [...open.get(r)!.keys()]))].sort();
  return [
    '## Network matrix',
    '',
    'Ports each service may open on another, computed from the rendered NetworkPolicies (the check rule ' +
      '`network-flows` fails when a declared flow is missing here or an undeclared one appears). Rows call, columns are called. ' +
      'Pods of upstream charts are not in this tree, so they appear only as callees, with the ports the plan declares.',
    '',
    `| caller \\ callee | ${cols.map(cell).join(' | ')} |`,
    `| --- | ${cols.map(() => '---').join(' | ')} |`,
    ...rows.map(
      (r) => `| ${cell(r)} | ${cols.map((c) => open.get(r)!.get(c)?.join(', ') ?? '').join(' | ')} |`,
    ),
    '',
  ];
}
