/*
 * The real LiteLLM proxy with the rendered config.yaml and environment (see harness/litellm.ts for the exact list of
 * what is changed: hostnames → loopback, mount paths → temp files, --host added). Models are served by Ollama
 * STAND-INS, so this proves LiteLLM's keys, aliases, routing, fallbacks and limits, not a model's answers.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { litellm as litellmMetrics } from '../../src/observe/exporters/litellm.ts';
import { ROOT } from '../helpers/cli.ts';
import { describeWithTools } from '../helpers/tools.ts';
import { type LitellmRun, startLitellm } from './harness/litellm.ts';
import { standInReply } from './harness/ollama-stand-in.ts';
import { clusterHosts } from './harness/loopback.ts';
import { rendered, renderedPlatform, type RenderedPlatform, secretValue } from './harness/rendered.ts';

const TOOLS = ['litellm', 'initdb', 'postgres', 'psql', 'redis-server', 'redis-cli'];
const START = 300_000;

let asked = 0;

/** One chat request; each asks something new, so LiteLLM's response cache never answers it. */
async function chat(run: LitellmRun, model: string, content = `question ${++asked}`) {
  const res = await fetch(`${run.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${run.masterKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content }] }),
  });
  const text = await res.text();
  const answer = () => (JSON.parse(text) as ChatAnswer).choices[0]!.message.content;
  return { status: res.status, text, answer };
}

/** The label names of each series name in a Prometheus text exposition. */
function exposition(text: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? /.exec(line);
    if (!m) continue;
    const labels = out.get(m[1]!) ?? new Set<string>();
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g)) labels.add(l[1]!);
    out.set(m[1]!, labels);
  }
  return out;
}

interface ChatAnswer {
  choices: { message: { content: string } }[];
}

/** The model and api_base each alias's deployments have in the rendered config. */
function deployments(run: LitellmRun) {
  const list = run.config.model_list as {
    model_name: string;
    litellm_params: { model: string; api_base: string };
  }[];
  return list.map((d) => ({
    alias: d.model_name,
    model: d.litellm_params.model.replace(/^ollama(_chat)?\//, ''),
    standIn: run.standIns.get(
      [...run.hosts.hosts].find(([, a]) => d.litellm_params.api_base.includes(a))![0].split('.')[0]!,
    )!,
  }));
}

describe('the LiteLLM tools pin', () => {
  it('follows the image the platform pins (re-pin .ci/tools.d/40-litellm.sh when the image moves)', async () => {
    const script = readFileSync(resolve(ROOT, '.ci/tools.d/40-litellm.sh'), 'utf8');
    const imageTag = script.match(/^# The image pins (v[\d.]+)/m)?.[1];
    const { IMAGES } = await import('../../src/services/versions.ts');
    expect(IMAGES.litellm.split(':')[1]).toBe(imageTag);
  });
});

describeWithTools(
  'LiteLLM proxy (PyPI) with the rendered config, PostgreSQL, Redis and Ollama stand-ins',
  TOOLS,
  'bash .ci/tools.sh',
  () => {
    let r: RenderedPlatform;
    let run: LitellmRun;
    beforeAll(async () => {
      r = await renderedPlatform();
      run = await startLitellm(r, { database: false });
    }, START);
    afterAll(() => run?.stop(), 60_000);

    it('got the rendered config.yaml with only hostnames changed', () => {
      expect(clusterHosts(run.configText)).toEqual([]);
      const back = [...run.hosts.hosts].reduce(
        (t, [host, address]) => t.replaceAll(address, host),
        run.configText,
      );
      expect(back).toBe(run.renderedConfig);
    });

    it('prices with the cost map its image ships, forced by the rendered env, never fetched at start', async () => {
      // Without LITELLM_LOCAL_MODEL_COST_MAP the proxy tries GitHub at import; the failure is logged from two threads
      // at once and at 1.104.2 that can crash the import (ImportError on litellm.rust_bridge.catalog, seen in CI).
      const res = await fetch(`${run.url}/model/cost_map/source`, {
        headers: { authorization: `Bearer ${run.masterKey}` },
      });
      expect(res.status).toBe(200);
      const source = (await res.json()) as { source: string; is_env_forced: boolean; url: string | null };
      expect(source).toMatchObject({ source: 'local', is_env_forced: true, url: null });
    });

    it('accepts the master key and refuses a wrong or missing one', async () => {
      const models = (key?: string) =>
        fetch(`${run.url}/v1/models`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
      expect((await models(run.masterKey)).status).toBe(200);
      // Without its database LiteLLM cannot look a virtual key up, and says so (see the database suite below).
      const wrong = await models(`${run.masterKey}x`);
      expect(wrong.status).toBe(400);
      expect(await wrong.text()).toContain('No connected db.');
      const none = await models();
      expect(none.status).toBe(401);
    });

    it('lists every alias of the plan on /v1/models', async () => {
      const res = await fetch(`${run.url}/v1/models`, {
        headers: { authorization: `Bearer ${run.masterKey}` },
      });
      const ids = ((await res.json()) as { data: { id: string }[] }).data.map((m) => m.id).sort();
      const aliases = [
        ...new Set(r.plan.models.filter((m) => m.instances.length).map((m) => m.alias)),
      ].sort();
      expect(ids).toEqual(aliases);
    });

    it("routes a chat request for each chat alias to its deployment's Ollama", async () => {
      const chatAliases = deployments(run).filter((d) => !d.alias.startsWith('embed'));
      for (const d of chatAliases.filter((x, i, all) => all.findIndex((y) => y.alias === x.alias) === i)) {
        const res = await chat(run, d.alias);
        expect(res.status, res.text).toBe(200);
        expect(res.answer()).toBe(standInReply(d.standIn.name, d.model));
      }
    });

    it('answers an embedding request for the embed alias from one of its two deployments', async () => {
      const res = await fetch(`${run.url}/v1/embeddings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${run.masterKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'embed', input: 'a document' }),
      });
      expect(res.status, await res.clone().text()).toBe(200);
      expect(((await res.json()) as { data: { embedding: number[] }[] }).data[0]!.embedding).toEqual([
        0.1, 0.2, 0.3,
      ]);
      const served = [...run.standIns.values()].flatMap((s) =>
        s.seen.filter((q) => q.path.startsWith('/api/embed')),
      );
      expect(served.map((q) => q.model)).toEqual(['nomic-embed-text:v1.5']);
    });

    it('keeps its response cache in Redis with the rendered password: a repeated question is not asked again', async () => {
      const gpu = run.standIns.get('ollama-gpu')!;
      const before = gpu.seen.length;
      const first = await chat(run, 'general', 'the same question');
      const second = await chat(run, 'general', 'the same question');
      expect(second.answer()).toBe(first.answer());
      expect(gpu.seen.length - before).toBe(1);
      expect(Number(await run.redis.cli('dbsize'))).toBeGreaterThan(0);
    });

    it("falls back from general to small when general's deployment fails", async () => {
      const gpu = run.standIns.get('ollama-gpu')!;
      const cpu = run.standIns.get('ollama-cpu')!;
      gpu.failing.add('qwen2.5:7b');
      try {
        const res = await chat(run, 'general');
        expect(res.status, res.text).toBe(200);
        expect(res.answer()).toBe(standInReply('ollama-cpu', 'llama3.2:3b'));
        expect(gpu.seen.at(-1)?.model).toBe('qwen2.5:7b');
        expect(cpu.seen.at(-1)?.model).toBe('llama3.2:3b');
      } finally {
        gpu.failing.delete('qwen2.5:7b');
      }
    });

    it('applies the rendered rpm of general-large: past it, requests go to its fallback', async () => {
      const list = run.config.model_list as { model_name: string; litellm_params: { rpm?: number } }[];
      const rpm = list.find((d) => d.model_name === 'general-large')!.litellm_params.rpm!;
      const cpu = run.standIns.get('ollama-cpu')!;
      // LiteLLM counts a deployment's requests in a 60 s window opened by the first of them (Router._update_usage,
      // ttl=60): let the window the routing test opened expire, then ask rpm + 1 times inside one window.
      const last = cpu.seen.filter((q) => q.model === 'qwen2.5:14b').at(-1)?.at ?? 0;
      await new Promise((done) => setTimeout(done, Math.max(0, last + 61_000 - Date.now())));
      const start = Date.now();
      const answeredBy: string[] = [];
      for (let i = 0; i <= rpm; i++) answeredBy.push((await chat(run, 'general-large')).answer());
      expect(Date.now() - start, 'the requests did not fit in one 60 s window').toBeLessThan(60_000);
      expect(answeredBy).toEqual([
        ...Array<string>(rpm).fill(standInReply('ollama-cpu', 'qwen2.5:14b')),
        standInReply('ollama-cpu', 'llama3.2:3b'),
      ]);
    }, 180_000);

    // After the requests, the fallback and the unknown alias above: what Prometheus scrapes (the ServiceMonitor's
    // path) holds the metric families and labels of shai's LiteLLM list (src/observe/exporters/litellm.ts).
    it('serves /metrics with the families and labels of the exporter list the dashboards and alerts use', async () => {
      expect((await chat(run, 'no-such-alias')).status).toBe(400);
      // LiteLLM refuses an anonymous scrape; Prometheus sends what the rendered ServiceMonitor names.
      expect((await fetch(`${run.url}/metrics`)).status).toBe(401);
      const monitor = rendered(
        r,
        'ServiceMonitor',
        r.plan.services.find((s) => s.name === 'litellm')!.namespace,
        'litellm',
      );
      const endpoint = (
        monitor.spec as {
          endpoints: {
            path: string;
            authorization: { type: string; credentials: { name: string; key: string } };
          }[];
        }
      ).endpoints[0]!;
      expect(endpoint.authorization.type).toBe('Bearer');
      const { name, key } = endpoint.authorization.credentials;
      const token = secretValue(r, monitor.metadata.namespace!, name, key);
      const res = await fetch(`${run.url}${endpoint.path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      const scraped = exposition(await res.text());
      const listed = Object.entries(litellmMetrics.metrics).map(([name, m]) => ({
        name,
        series: m.type === 'histogram' ? `${name}_bucket` : name,
        labels: m.labels,
      }));
      // Every family these requests raise is there; a failed fallback never happened, so it has no series yet.
      const raised = listed.filter((l) => l.name !== 'litellm_deployment_failed_fallbacks_total');
      expect(raised.filter((l) => !scraped.has(l.series)).map((l) => l.name)).toEqual([]);
      // Each scraped series carries exactly the labels the list gives its family (histograms add `le`).
      const sorted = (labels: Iterable<string>) => [...labels].filter((k) => k !== 'le').sort();
      const apart = listed
        .filter((l) => scraped.has(l.series))
        .map((l) => ({ name: l.name, scraped: sorted(scraped.get(l.series)!), listed: sorted(l.labels) }))
        .filter((d) => JSON.stringify(d.scraped) !== JSON.stringify(d.listed));
      expect(apart).toEqual([]);
    });
  },
);

describeWithTools('LiteLLM proxy with the rendered DATABASE_URL', TOOLS, 'bash .ci/tools.sh', () => {
  /*
   * LiteLLM's database layer is Prisma: its CLI (npm) downloads the query and schema engines for its commit from
   * binaries.prisma.sh at first start. No registry serves them (Prisma's maintainers: they are only on that CDN,
   * prisma/prisma-engines#4447) and that host is unreachable here, so on this machine the proxy stops at its
   * migration step. LiteLLM 1.108.14 took its migration lock in PostgreSQL before it needed the engines, which proved
   * the rendered DATABASE_URL opens the database; 1.104.2 (the version the non-root image pins) prepares the engines
   * first, so on this machine the test now proves only that the proxy reaches its migration step with the rendered
   * URL and stops there for want of the engines, not that the URL opens PostgreSQL (open, for part B).
   */
  it(
    'opens PostgreSQL with the rendered DATABASE_URL, then needs Prisma engines from binaries.prisma.sh',
    async () => {
      const r = await renderedPlatform();
      let run: LitellmRun | undefined;
      try {
        run = await startLitellm(r, { database: true });
      } catch (e) {
        const message = (e as Error).message;
        expect(message).toContain('Database migration cannot proceed');
        expect(message).toMatch(/litellm exited \(\d+\) before it was ready/);
        expect(message).toMatch(/binaries\.prisma\.sh.*(ENOTFOUND|EAI_AGAIN|ECONNREFUSED)/);
        return;
      }
      // Where the engines can be had, the proxy migrates its schema and checks virtual keys in the database.
      try {
        const tables = await run.postgres.sql(
          'litellm',
          `select count(*) from pg_tables where tablename = 'LiteLLM_VerificationToken'`,
        );
        expect(tables).toBe('1');
        const wrong = await fetch(`${run.url}/v1/models`, {
          headers: { authorization: `Bearer ${run.masterKey}x` },
        });
        expect(wrong.status).toBe(401);
      } finally {
        await run.stop();
      }
    },
    START,
  );
});
