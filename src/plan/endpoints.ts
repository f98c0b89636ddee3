import { isIP } from 'node:net';
import type { Config } from '../config/schema.ts';
import type { PlannedService, PlanWarning } from './types.ts';

/** The keys of platform.yaml that name an endpoint outside the platform's pods which a service calls. */
export type EndpointKey = 'backup.target.endpoint' | 'alerts.email.smarthost' | 'gitops.repoURL';

/**
 * How a service's pods reach one configured endpoint: an in-cluster Service (a declared flow must open it),
 * address blocks on its port (an IP literal as /32 or /128, the LAN range platform.yaml gives), or
 * internet addresses on its port (a hostname outside the cluster; private ranges stay closed there).
 */
export interface EndpointReach {
  configPath: EndpointKey;
  host: string;
  port: number;
  /** Blocks opened on `port`, even inside private ranges. */
  cidrs: string[];
  /** Internet egress on `port` (a hostname outside the cluster). */
  internet: boolean;
  /** `<service>.<namespace>` when the host is a cluster Service name. */
  inCluster?: { service: string; namespace: string };
}

/**
 * The API server: the kubernetes Service (443) and the k3s server port (6443), at addresses only the
 * cluster knows, so `egress.apiServer` opens these ports to every address (render's network rules).
 */
export const API_SERVER_PORTS = [443, 6443];

const SCHEME_PORTS: Record<string, number> = { http: 80, https: 443, ssh: 22, 'git+ssh': 22, git: 9418 };

/** Host and port of a URL, the port defaulting by scheme; undefined for a scheme without one (file://). */
export function urlHostPort(url: string): { host: string; port: number } | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const port = u.port ? Number(u.port) : SCHEME_PORTS[u.protocol.replace(/:$/, '')];
  if (!u.hostname || !port) return undefined;
  return { host: u.hostname.replace(/^\[|\]$/g, '').toLowerCase(), port };
}

/** Host and port of a Git remote: a URL, or scp-like `[user@]host:path`, which is SSH on 22. */
export function gitHostPort(remote: string): { host: string; port: number } | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(remote)) return urlHostPort(remote);
  const scp = /^(?:[^@/]+@)?(\[[^\]]+\]|[^:/]+):/.exec(remote);
  return scp ? { host: scp[1]!.replace(/^\[|\]$/g, '').toLowerCase(), port: 22 } : undefined;
}

/** Host and port of an SMTP smarthost, `host:port`. */
export function smarthostHostPort(smarthost: string): { host: string; port: number } | undefined {
  const m = /^(.+):(\d+)$/.exec(smarthost);
  return m ? { host: m[1]!.replace(/^\[|\]$/g, '').toLowerCase(), port: Number(m[2]) } : undefined;
}

/** `<service>.<namespace>` of a cluster Service name (`x.ns`, `x.ns.svc`, `x.ns.svc.cluster.local`). */
function clusterService(host: string, namespaces: readonly string[]) {
  const labels = host.split('.');
  const [service, namespace] = labels;
  if (!service || !namespace) return undefined;
  const rest = labels.slice(2).join('.');
  const inCluster =
    rest === 'svc' || rest === 'svc.cluster.local' || (rest === '' && namespaces.includes(namespace));
  return inCluster ? { service, namespace } : undefined;
}

/** The endpoint a key of platform.yaml names, and how egress reaches it; undefined when the key is unset. */
export function endpointReach(
  config: Config,
  key: EndpointKey,
  namespaces: readonly string[],
): EndpointReach | undefined {
  const hp =
    key === 'backup.target.endpoint'
      ? config.backup && urlHostPort(config.backup.target.endpoint)
      : key === 'alerts.email.smarthost'
        ? config.alerts.email && smarthostHostPort(config.alerts.email.smarthost)
        : gitHostPort(config.gitops.repoURL);
  if (!hp) return undefined;
  const cidr =
    key === 'backup.target.endpoint'
      ? config.backup?.target.cidr
      : key === 'alerts.email.smarthost'
        ? config.alerts.email?.cidr
        : config.gitops.cidr;
  const base = { configPath: key, ...hp };
  const family = isIP(hp.host);
  if (family) return { ...base, cidrs: [`${hp.host}/${family === 4 ? 32 : 128}`], internet: false };
  const inCluster = clusterService(hp.host, namespaces);
  if (inCluster) return { ...base, cidrs: [], internet: false, inCluster };
  return { ...base, cidrs: cidr ? [cidr] : [], internet: true };
}

/** One line for the docs: `key (host) → where, port`. */
export function describeReach(r: EndpointReach): string {
  const to = r.inCluster
    ? `the flow to ${r.inCluster.service}.${r.inCluster.namespace}`
    : [...(r.internet ? ['internet'] : []), ...r.cidrs].join(' and ');
  return `${r.configPath} → ${to} on ${r.port}`;
}

/** Names that only a home or site network resolves (RFC 8375 home.arpa, mDNS .local, common LAN suffixes). */
const LAN_SUFFIXES = ['home.arpa', 'local', 'lan', 'internal', 'localdomain', 'home', 'intranet', 'corp'];

/**
 * Is a hostname likely to resolve to a LAN address? A single label, a LAN suffix, or a name in the
 * platform's own parent domain (split-horizon DNS for one's own domain is the homelab norm).
 */
export function lanLikely(host: string, domain: string): boolean {
  const parent = domain.split('.').slice(-2).join('.');
  const under = (suffix: string) => host === suffix || host.endsWith(`.${suffix}`);
  return !host.includes('.') || LAN_SUFFIXES.some(under) || under(parent);
}

/** The key of platform.yaml that allows a LAN range for an endpoint. */
function cidrKey(key: EndpointKey): string {
  return key === 'gitops.repoURL' ? 'gitops.cidr' : `${key.slice(0, key.lastIndexOf('.'))}.cidr`;
}

/**
 * Endpoints the NetworkPolicies would silently block: a LAN-looking hostname without a LAN range (internet
 * egress excludes private ranges), and a cluster Service that no declared flow of its caller reaches.
 */
export function endpointWarnings(config: Config, services: readonly PlannedService[]): PlanWarning[] {
  const namespaces = [...new Set(services.map((s) => s.namespace))];
  const out: PlanWarning[] = [];
  const seen = new Set<string>();
  for (const s of services)
    for (const { key } of s.def.network?.endpoints ?? []) {
      const r = endpointReach(config, key, namespaces);
      if (!r || seen.has(key)) continue;
      seen.add(key);
      // A port open to every address for the API server reaches a LAN address as well.
      const anyAddress = s.def.egress?.apiServer && API_SERVER_PORTS.includes(r.port);
      if (r.internet && !r.cidrs.length && !anyAddress && lanLikely(r.host, config.domain))
        out.push({
          message: `${r.host} looks like a LAN name; ${s.name}'s egress to it on port ${r.port} is open to internet addresses only, so if it resolves to a private address the NetworkPolicies block it: give its LAN range in ${cidrKey(key)}, or write its IP address`,
          configPath: key,
        });
      if (r.inCluster && !reachesService(s, r.inCluster, services))
        out.push({
          message: `${r.host} is a cluster Service that ${s.name} has no declared flow to, so the NetworkPolicies block it: point it at a service of the platform that ${s.name} needs (e.g. MinIO), or at an address outside the cluster`,
          configPath: key,
        });
    }
  return out;
}

/** Does the caller need the service of the namespace that answers to this name (its own or a port's Service)? */
function reachesService(
  caller: PlannedService,
  target: { service: string; namespace: string },
  services: readonly PlannedService[],
): boolean {
  return services.some(
    (s) =>
      s.namespace === target.namespace &&
      caller.needs.includes(s.name) &&
      (s.name === target.service || s.def.ports.some((p) => p.serviceName === target.service)),
  );
}
