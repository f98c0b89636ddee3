/*
 * The real n8n (npm) with the rendered environment of Deployment automation/n8n against a real PostgreSQL (see
 * harness/n8n.ts for the exact list of what is changed: hostnames → loopback, the data volume → a temp HOME,
 * N8N_LISTEN_ADDRESS added).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGES } from '../../src/services/versions.ts';
import { ROOT } from '../helpers/cli.ts';
import { describeWithTools } from '../helpers/tools.ts';
import { serviceUrl } from '../../src/build/refs.ts';
import { type N8nRun, startN8n } from './harness/n8n.ts';
import { exportCredentials, hasCredentialsJob, runCredentialsJob } from './harness/n8n-credentials.ts';
import { type RenderedPlatform, renderedPlatform, secretValue } from './harness/rendered.ts';

const TOOLS = ['n8n', 'initdb', 'postgres', 'psql'];

/*
 * Env names of the rendered Deployment that n8n 2.41.1 lists as deprecated at start, already reported to the apps
 * owner (issue 13): "N8N_RUNNERS_ENABLED -> Remove this environment variable; it is no longer needed." and
 * "WEBHOOK_URL -> Use N8N_WEBHOOK_URL instead". The test fails on any other; once the Deployment drops these, it
 * keeps passing.
 */
const KNOWN_DEPRECATED = ['N8N_RUNNERS_ENABLED', 'WEBHOOK_URL'];

/** The env names n8n's start-up deprecation notice names (lines ` - NAME -> advice`). */
function deprecatedEnv(logs: string, env: Record<string, unknown>): string[] {
  const named = [...logs.matchAll(/^\s*-\s+([A-Z][A-Z0-9_]+)\s+->/gm)].map((m) => m[1]!);
  return [...new Set(named)].filter((n) => n in env).sort();
}

describe('the n8n tools pin', () => {
  it('follows the image the platform pins (re-pin .ci/tools.d/50-n8n.sh when the image moves)', () => {
    const script = readFileSync(resolve(ROOT, '.ci/tools.d/50-n8n.sh'), 'utf8');
    expect(IMAGES.n8n.split(':')[1]).toBe(script.match(/The image pins n8n ([\d.]+)/)?.[1]);
  });
});

describeWithTools(
  'n8n (npm) with the rendered environment and PostgreSQL',
  TOOLS,
  'bash .ci/tools.sh',
  () => {
    let r: RenderedPlatform;
    let run: N8nRun;
    beforeAll(async () => {
      r = await renderedPlatform();
      run = await startN8n(r);
    }, 420_000);
    afterAll(() => run?.stop(), 60_000);

    it('answers its health endpoints once it has reached and migrated its database', async () => {
      const health = await fetch(`${run.url}/healthz`);
      expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
      expect((await fetch(`${run.url}/healthz/readiness`)).status).toBe(200);
    });

    it('keeps its tables in the rendered database, owned by the rendered owner', async () => {
      const db = run.container.env.DB_POSTGRESDB_DATABASE!;
      const owners = await run.postgres.sql(
        db,
        "select distinct tableowner from pg_tables where schemaname = 'public'",
      );
      expect(owners).toBe(run.container.env.DB_POSTGRESDB_USER);
      expect(Number(await run.postgres.sql(db, 'select count(*) from migrations'))).toBeGreaterThan(0);
    });

    it('serves Prometheus metrics where the ServiceMonitor scrapes (N8N_METRICS)', async () => {
      const res = await fetch(`${run.url}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toMatch(/^n8n_version_info\{/m);
    });

    it('names no rendered env var as deprecated beyond the ones already reported', () => {
      const named = deprecatedEnv(run.n8n.logs(), run.container.env);
      expect(named.filter((n) => !KNOWN_DEPRECATED.includes(n))).toEqual([]);
    });

    it('holds a LiteLLM credential with the address and key the plan says', async () => {
      if (!hasCredentialsJob(r)) {
        // Today's tree sets OPENAI_API_BASE / OPENAI_API_KEY on the Deployment, which make no n8n credential
        // (issue 13, problem 8): n8n holds none.
        expect(run.container.env.OPENAI_API_BASE).toBeDefined();
        expect(await exportCredentials(run.env)).toEqual([]);
        return;
      }
      await runCredentialsJob(r, run.hosts);
      const litellm = (await exportCredentials(run.env)).filter((c) => c.type === 'openAiApi');
      expect(litellm.map((c) => c.data.url)).toEqual([`${serviceUrl(r.plan, 'litellm', 'http')}/v1`]);
      expect(litellm[0]!.data.apiKey).toBe(secretValue(r, 'automation', 'n8n-litellm', 'api-key'));
    }, 600_000);
  },
);
