/*
 * The real Keycloak (Maven Central's keycloak-quarkus-dist, `.ci/tools.d/61-keycloak.sh`) started as the rendered
 * Deployment auth/keycloak starts it: `kc.sh start` (production mode) with the rendered env, against a real
 * PostgreSQL holding the rendered CloudNativePG database. What is changed, and only that (listed in `rewrites`):
 *   - in-cluster hostnames → loopback addresses (KC_DB_URL's host; ports stay as rendered);
 *   - KC_HOSTNAME https://auth.<domain> → Keycloak's own loopback http address: there is no Traefik (TLS and the
 *     public name) in front of it here, so clients reach it directly and the issuer is that address;
 *   - KC_HTTP_HOST and KC_HTTP_MANAGEMENT_HOST are added (Keycloak binds every address otherwise);
 *   - the JVM gets a smaller heap than its 70%-of-RAM default, as the container's memory limit would make it.
 * Readiness is Keycloak's own management endpoint /health/ready (the rendered readiness probe) answering 200.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTool } from '../../helpers/tools.ts';
import { cnpgDatabase, hostPort } from './cluster.ts';
import { renderedContainer } from './container.ts';
import { clusterHosts, LoopbackHosts, type Rewrite } from './loopback.ts';
import { type Postgres, startPostgres } from './postgres.ts';
import { type Server, startServer } from './process.ts';
import type { RenderedPlatform } from './rendered.ts';

/** A running Keycloak: its HTTP address (also its public URL here), the admin login, and what it was given. */
export interface KeycloakRun extends Server {
  url: string;
  management: string;
  admin: { username: string; password: string };
  env: Record<string, string>;
  rewrites: Rewrite[];
  postgres: Postgres;
}

/** The rendered container port `name` of Deployment auth/keycloak. */
function port(r: RenderedPlatform, name: string): number {
  const d = r.objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'keycloak')!;
  const c = (
    d.spec as { template: { spec: { containers: { ports: { name: string; containerPort: number }[] }[] } } }
  ).template.spec.containers[0]!;
  return c.ports.find((p) => p.name === name)!.containerPort;
}

async function ready(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Starts PostgreSQL and Keycloak on loopback addresses of their own. */
export async function startKeycloak(r: RenderedPlatform): Promise<KeycloakRun> {
  const kc = findTool('kc.sh');
  if (!kc) throw new Error('kc.sh not found; run bash .ci/tools.sh');
  const c = renderedContainer(r, 'Deployment', 'auth', 'keycloak');
  if (c.args.join(' ') !== 'start') throw new Error(`Keycloak's rendered args changed: ${c.args.join(' ')}`);
  const httpPort = port(r, 'http');
  const mgmtPort = port(r, 'management');
  const hosts = new LoopbackHosts();
  const self = await hosts.add('keycloak.auth.svc.cluster.local', [httpPort, mgmtPort]);
  for (const h of Object.values(c.env).flatMap(clusterHosts))
    if (!hosts.hosts.has(h)) await hosts.add(h, [hostPort(r, h)]);
  const dbHost = 'keycloak-db-rw.auth.svc.cluster.local';
  if (!hosts.hosts.has(dbHost)) throw new Error(`KC_DB_URL no longer names ${dbHost}: ${c.env.KC_DB_URL}`);
  const postgres = await startPostgres(hosts.hosts.get(dbHost)!, 5432, [
    cnpgDatabase(r, 'auth', 'keycloak-db'),
  ]);
  const home = mkdtempSync(join(tmpdir(), 'shai-keycloak-'));
  try {
    const url = `http://${self}:${httpPort}`;
    const env = hosts.rewriteEnv(c.env);
    hosts.rewrites.push({ key: 'env KC_HOSTNAME', from: env.KC_HOSTNAME!, to: url });
    env.KC_HOSTNAME = url;
    const server = await startServer({
      name: 'keycloak',
      command: kc,
      args: c.args,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        LANG: 'C.UTF-8',
        JAVA_OPTS_KC_HEAP: '-Xms64m -Xmx768m',
        ...env,
        KC_HTTP_HOST: self,
        KC_HTTP_MANAGEMENT_HOST: self,
      },
      cwd: home,
      ready: () => ready(`http://${self}:${mgmtPort}/health/ready`),
      // The first start runs Keycloak's build step for the rendered build options (KC_DB, health, metrics).
      startTimeoutMs: 600_000,
    });
    return {
      ...server,
      url,
      management: `http://${self}:${mgmtPort}`,
      admin: { username: env.KC_BOOTSTRAP_ADMIN_USERNAME!, password: env.KC_BOOTSTRAP_ADMIN_PASSWORD! },
      env,
      rewrites: hosts.rewrites,
      postgres,
      stop: async () => {
        await server.stop();
        await postgres.stop();
        rmSync(home, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await postgres.stop();
    rmSync(home, { recursive: true, force: true });
    throw e;
  }
}
