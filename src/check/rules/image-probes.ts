import { contractedContainers, type ContractedContainer } from '../images.ts';
import { isObject, type Yaml } from '../../semantics/pods.ts';
import { fail, pass } from '../result.ts';
import type { Rule, RuleResult } from '../types.ts';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

/** A probe port as a number: a number, or a named port of the container. */
function portOf(c: ContractedContainer, port: unknown): number | undefined {
  if (typeof port === 'number') return port;
  const ports: Yaml[] = Array.isArray(c.container.ports) ? c.container.ports : [];
  return ports.find((p) => isObject(p) && p.name === port)?.containerPort;
}

/** Probes of a contracted server call the port it listens on and a path it answers. */
export const imageProbes: Rule = {
  id: 'image-probes',
  title: 'Probes call the port and health path the image serves',
  severity: 'error',
  family: 'images',
  targets: ['Deployment', 'StatefulSet', 'DaemonSet', 'Pod'],
  fix: "Point httpGet/tcpSocket probes at the contract's port (src/images/) and httpGet at its health path or a further probe path.",
  docs:
    "For a container that runs its image's server, each httpGet and tcpSocket probe must target the port the image contract says the " +
    'server listens on (named ports resolve against the container), and each httpGet path must be the health path or a further probe ' +
    "path of the contract (e.g. LiteLLM's /health/liveliness and /health/readiness). A probe on a port nothing listens on restarts " +
    'a healthy pod forever or never lets it become ready.',
  check: (ctx) => {
    const out: RuleResult[] = [];
    for (const c of contractedContainers(ctx.objects)) {
      if (c.status !== 'found' || !c.server) continue;
      const port = c.contract.listens.value.port;
      const paths = [c.contract.health?.value, ...(c.contract.probePaths ?? []).map((p) => p.value)].filter(
        Boolean,
      );
      const problems: RuleResult[] = [];
      for (const k of PROBES) {
        const p: Yaml = c.container[k];
        if (!isObject(p)) continue;
        const target = isObject(p.httpGet) ? p.httpGet : isObject(p.tcpSocket) ? p.tcpSocket : undefined;
        if (!target) continue;
        const at = portOf(c, target.port);
        if (at !== port)
          problems.push(
            fail(
              c.source,
              `container ${c.container.name} ${k} calls port ${String(target.port)} but the server listens on ${port} (${c.contract.listens.cite})`,
              `${c.jsonPath}.${k}`,
            ),
          );
        if (isObject(p.httpGet) && !paths.includes(p.httpGet.path))
          problems.push(
            fail(
              c.source,
              `container ${c.container.name} ${k} calls ${String(p.httpGet.path)}, not a health path of ${c.contract.repository}:${c.contract.tag} (${paths.join(', ')})`,
              `${c.jsonPath}.${k}.httpGet.path`,
            ),
          );
      }
      out.push(...(problems.length ? problems : [pass(c.source)]));
    }
    return out;
  },
};
