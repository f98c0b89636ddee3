/*
 * The real LiteLLM proxy (PyPI, `.ci/tools.d/40-litellm.sh`) started with the rendered `config.yaml` and the
 * rendered environment of Deployment ai/litellm, against a real PostgreSQL and Redis and two Ollama STAND-INS.
 * What is changed from the rendered tree, and only that:
 *   - in-cluster hostnames → loopback addresses (LoopbackHosts; ports stay as rendered);
 *   - mount paths → temporary files (the ConfigMap mounted at /etc/litellm, the emptyDir at /tmp, which HOME names);
 *   - `--host <loopback address>` is added (LiteLLM listens on 0.0.0.0 otherwise; the port stays the rendered one);
 *   - with `database: false`, DATABASE_URL is left out (see the test for why).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { findTool } from '../../helpers/tools.ts';
import { type RenderedContainer, renderedConfigMap, renderedContainer } from './container.ts';
import { clusterHosts, LoopbackHosts } from './loopback.ts';
import { type OllamaStandIn, startOllamaStandIn } from './ollama-stand-in.ts';
import { type Postgres, startPostgres } from './postgres.ts';
import { type Redis, startRedis } from './redis.ts';
import { answers, type Server, startServer } from './process.ts';
import type { RenderedPlatform } from './rendered.ts';
import { cnpgDatabase, hostPort } from './cluster.ts';

/** Everything started for one LiteLLM run; `stop()` ends all of it. */
export interface LitellmRun {
  url: string;
  masterKey: string;
  /** The rendered config.yaml as rendered, and as LiteLLM got it (hostnames rewritten). */
  renderedConfig: string;
  configText: string;
  config: Record<string, unknown>;
  container: RenderedContainer;
  hosts: LoopbackHosts;
  standIns: Map<string, OllamaStandIn>;
  postgres: Postgres;
  redis: Redis;
  litellm: Server;
  stop: () => Promise<void>;
}

/** Starts stand-ins, PostgreSQL, Redis and LiteLLM; everything is stopped again if any step fails. */
export async function startLitellm(r: RenderedPlatform, opts: { database: boolean }): Promise<LitellmRun> {
  const started: { stop: () => Promise<void> }[] = [];
  const stopAll = async () => {
    for (const s of started.reverse()) await s.stop().catch(() => {});
  };
  const home = mkdtempSync(join(tmpdir(), 'shai-litellm-'));
  started.push({ stop: async () => rmSync(home, { recursive: true, force: true }) });
  try {
    const container = renderedContainer(r, 'Deployment', 'ai', 'litellm');
    const renderedConfig = renderedConfigMap(r, 'ai', 'litellm-config')['config.yaml']!;
    const hosts = new LoopbackHosts();
    const envHosts = Object.values(container.env).flatMap(clusterHosts);
    for (const host of [...new Set([...clusterHosts(renderedConfig), ...envHosts])].sort())
      await hosts.add(host, [hostPort(r, host)]);
    const self = await hosts.add('litellm.ai.svc.cluster.local', [4000]);
    const address = (h: string) => hosts.hosts.get(h)!;

    const standIns = new Map<string, OllamaStandIn>();
    for (const host of clusterHosts(renderedConfig).filter((h) => h.startsWith('ollama-'))) {
      const s = await startOllamaStandIn(host.split('.')[0]!, address(host), hostPort(r, host));
      standIns.set(host.split('.')[0]!, s);
      started.push({ stop: s.close });
    }
    const valkeyHost = container.env.REDIS_HOST!;
    const redis = await startRedis(
      address(valkeyHost),
      Number(container.env.REDIS_PORT),
      container.env.REDIS_PASSWORD!,
    );
    started.push(redis);
    const postgres = await startPostgres(address('litellm-db-rw.ai.svc.cluster.local'), 5432, [
      cnpgDatabase(r, 'ai', 'litellm-db'),
    ]);
    started.push(postgres);

    const configText = hosts.rewrite('config.yaml', renderedConfig);
    const configFile = join(home, 'config.yaml');
    writeFileSync(configFile, configText);
    const env = hosts.rewriteEnv(container.env);
    if (!opts.database) delete env.DATABASE_URL;
    const args = container.args.map((a) => (a === '/etc/litellm/config.yaml' ? configFile : a));
    const port = Number(args[args.indexOf('--port') + 1]);
    const url = `http://${self}:${port}`;
    const litellm = await startServer({
      name: 'litellm',
      command: findTool('litellm')!,
      args: [...args, '--host', self],
      env: { PATH: process.env.PATH, LANG: 'C.UTF-8', ...env, HOME: home, TMPDIR: home },
      cwd: home,
      ready: () => answers(`${url}/health/liveliness`).then(Boolean),
      startTimeoutMs: 240_000,
    });
    started.push(litellm);
    return {
      url,
      masterKey: container.env.LITELLM_MASTER_KEY!,
      renderedConfig,
      configText,
      config: parse(configText) as Record<string, unknown>,
      container,
      hosts,
      standIns,
      postgres,
      redis,
      litellm,
      stop: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
