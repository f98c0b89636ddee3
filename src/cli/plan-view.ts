import type { Config } from '../config/schema.ts';
import type { Plan, PlannedService } from '../plan/types.ts';

const HEADER = ['SERVICE', 'LAYER', 'NAMESPACE', 'WAVE', 'HOST', 'AUTH', 'GPU'] as const;
type Row = [string, string, string, string, string, string, string];

/** GPU slices the nodes offer: each GPU counts once, or once per time-slicing replica. */
export function gpuSlicesAvailable(config: Config): number {
  let total = 0;
  for (const node of config.cluster.nodes) {
    for (const gpu of node.gpus)
      total += gpu.count * (gpu.sharing.strategy === 'time-slicing' ? gpu.sharing.replicas : 1);
  }
  return total;
}

/** GPU slices the enabled services request across all their replicas. */
export function gpuSlicesUsed(plan: Plan): number {
  return plan.services.reduce((n, s) => n + s.placement.gpuSlices * s.replicas, 0);
}

function gpuCell(s: PlannedService): string {
  if (!s.placement.gpuSlices) return '-';
  const slices = s.placement.gpuSlices * s.replicas;
  return `${slices} ${slices === 1 ? 'slice' : 'slices'}`;
}

/** One row per service; a service with several hosts gets one more row per extra host. */
function rows(s: PlannedService): Row[] {
  const [first, ...more] = s.hosts;
  const head: Row = [
    s.name,
    s.layer,
    s.namespace,
    String(s.wave),
    first?.host ?? '-',
    first?.auth ?? '-',
    gpuCell(s),
  ];
  return [head, ...more.map((h): Row => ['', '', '', '', h.host, h.auth, ''])];
}

function table(all: Row[]): string[] {
  const widths = HEADER.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  // WAVE is a number column: right-aligned so negative and positive waves line up.
  return all.map((r) =>
    r
      .map((c, i) => (i === 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

/** Each MCP server: its endpoint, the clients configured with it and its tools. */
function toolServerLines(plan: Plan): string[] {
  if (!plan.toolServers.length) return [];
  return [
    'MCP servers',
    ...plan.toolServers.flatMap((t) => [
      `  ${t.service}  ${t.url}  (clients: ${t.clients.join(', ') || 'none'})`,
      `    tools: ${t.tools.join(', ')}`,
    ]),
    '',
  ];
}

/** `shai plan` for a person: the service table, the totals, then the warnings. */
export function planText(plan: Plan, file: string): string {
  const c = plan.config;
  const nodes = c.cluster.nodes.length;
  const implied = plan.services.filter((s) => s.implied).length;
  const out = [
    `shai plan: ${file} · cluster ${c.cluster.name} (k3s ${c.cluster.k3sVersion}, ${nodes} ${nodes === 1 ? 'node' : 'nodes'}) · domain ${c.domain}`,
    '',
    ...table([[...HEADER], ...plan.services.flatMap(rows)]),
    '',
    'Totals',
  ];
  const totals: [string, string][] = [
    [
      'services',
      `${plan.services.length}${implied ? ` (${implied} enabled because another service needs them)` : ''}`,
    ],
    ['namespaces', String(plan.namespaces.length)],
    ['hosts', String(plan.hosts.length)],
    ['secrets', String(plan.secrets.length)],
    ['SSO clients', String(plan.ssoClients.length)],
    ['MCP servers', String(plan.toolServers.length)],
    ['flows', String(plan.flows.length)],
    ['models', String(plan.models.length)],
    ['GPU slices', `${gpuSlicesUsed(plan)} used of ${gpuSlicesAvailable(c)} available`],
  ];
  out.push(...totals.map(([k, v]) => `  ${k.padEnd(11)}  ${v}`), '');
  out.push(...toolServerLines(plan));
  if (!plan.warnings.length) out.push('No warnings.');
  else {
    out.push(`Warnings (${plan.warnings.length})`);
    out.push(...plan.warnings.map((w) => `  - ${w.configPath ? `${w.configPath}: ` : ''}${w.message}`));
  }
  return `${out.join('\n')}\n`;
}

/** The Plan as data: everything but the services' `build` functions, which are code, not data. */
export function planData(plan: Plan): object {
  return {
    ...plan,
    services: plan.services.map((s) => {
      const { build: _build, ...def } = s.def;
      return { ...s, def };
    }),
  };
}

/** `shai plan --format json`. */
export function planJson(plan: Plan): string {
  return `${JSON.stringify(planData(plan), null, 2)}\n`;
}
