import type { Config } from '../config/schema.ts';
import type { ServiceDef } from '../services/types.ts';
import { resolveBackup } from './durable.ts';
import { placeService } from './placement.ts';
import { mergeResources } from './resources.ts';
import { planDatabase, planStorage, withDatabaseUrl } from './storage.ts';
import type { PlannedHost, PlannedSecret, PlannedService } from './types.ts';

/** In-cluster base URL of every port: `http://<service>.<namespace>.svc.cluster.local:<port>`. */
export function serviceUrls(def: ServiceDef): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const p of def.ports)
    urls[p.name] = `http://${p.serviceName ?? def.name}.${def.namespace}.svc.cluster.local:${p.port}`;
  return urls;
}

/** Hosts of a service; `public` in platform.yaml turns every host of the service public, with its reason. */
export function serviceHosts(def: ServiceDef, config: Config): PlannedHost[] {
  const publicReason = config.services[def.name]?.public;
  return def.exposes.map((e) => {
    const host = `${e.subdomain}.${config.domain}`;
    const auth = publicReason ? 'public' : e.auth;
    const reason = publicReason ?? e.publicReason;
    return {
      service: def.name,
      host,
      url: `https://${host}`,
      port: e.port,
      auth,
      ...(auth === 'public' && reason ? { publicReason: reason } : {}),
      kind: e.kind,
      ...(e.healthPath ? { healthPath: e.healthPath } : {}),
      ...(e.apiKeys && auth === 'forward-auth' ? { apiKeys: true } : {}),
    };
  });
}

/** The service's own Secrets, each in the service's namespace. */
export function serviceSecrets(def: ServiceDef): PlannedSecret[] {
  return def.secrets.map((s) => ({
    service: def.name,
    namespace: def.namespace,
    name: s.name,
    keys: s.keys,
    admin: s.admin ?? false,
    configPath: `services.${def.name}`,
  }));
}

/** One service as this platform runs it: overrides applied, placed, with its hosts, URLs and secrets. */
export function planService(
  def: ServiceDef,
  config: Config,
  ctx: { implied: boolean; enabled: ReadonlySet<string>; storageClass: string; defs: readonly ServiceDef[] },
): PlannedService {
  const override = config.services[def.name];
  const images = { ...def.images, ...(override?.image ? { main: override.image } : {}) };
  const database = planDatabase(def, override, ctx.storageClass, config.backup?.recoveries);
  return {
    def,
    name: def.name,
    layer: def.layer,
    namespace: def.namespace,
    wave: def.wave,
    replicas: override?.replicas ?? def.scaling.defaultReplicas,
    resources: mergeResources(def.resources, override?.resources),
    image: images.main ?? '',
    images,
    placement: placeService(def, config),
    hosts: serviceHosts(def, config),
    urls: serviceUrls(def),
    secrets: withDatabaseUrl(def, database, serviceSecrets(def)),
    storage: planStorage(def, override, ctx.storageClass),
    ...(database ? { database } : {}),
    backup: resolveBackup(def, ctx.defs),
    needs: [...new Set(def.needs.filter((n) => ctx.enabled.has(n.service)).map((n) => n.service))].sort(),
    configPath: `services.${def.name}`,
    implied: ctx.implied,
  };
}
