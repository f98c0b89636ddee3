/* What the rendered tree says about in-cluster addresses and databases, for starting their loopback stand-ins. */
import { type RenderedPlatform, rendered, secretValue } from './rendered.ts';
import type { Database } from './postgres.ts';

/** The port of in-cluster host `<name>.<ns>.svc.cluster.local`: its rendered Service, or 5432 for a CNPG `-rw`. */
export function hostPort(r: RenderedPlatform, host: string): number {
  const [name, ns] = host.split('.');
  const svc = r.objects.find(
    (o) => o.kind === 'Service' && o.metadata.name === name && o.metadata.namespace === ns,
  );
  const port = (svc?.spec as { ports?: { port: number }[] } | undefined)?.ports?.[0]?.port;
  if (port) return port;
  const cluster = name!.replace(/-rw$/, '');
  if (
    r.objects.some((o) => o.kind === 'Cluster' && o.metadata.name === cluster && o.metadata.namespace === ns)
  )
    return 5432;
  throw new Error(`no rendered Service for ${host}`);
}

/** The database, owner and password of the rendered CloudNativePG Cluster `ns/name` (its initdb bootstrap). */
export function cnpgDatabase(r: RenderedPlatform, ns: string, name: string): Database {
  const spec = rendered(r, 'Cluster', ns, name).spec as {
    bootstrap: { initdb: { database: string; owner: string; secret: { name: string } } };
  };
  const { database, owner, secret } = spec.bootstrap.initdb;
  return { name: database, owner, password: secretValue(r, ns, secret.name, 'password') };
}
