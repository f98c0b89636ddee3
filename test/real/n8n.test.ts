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
import {
  exportCredentials,
  exportWorkflows,
  installedCredentialTypes,
  installedNodeTypes,
  type N8nExportedWorkflow,
  runImport,
} from './harness/n8n-import.ts';
import { renderedConfigMap } from './harness/container.ts';
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
    let importLog = '';
    /** The workflow files of the rendered ConfigMap, by n8n id. */
    let files: Map<string, N8nExportedWorkflow>;
    beforeAll(async () => {
      r = await renderedPlatform();
      // platform.yaml's external secrets hold what the user seals; here, values that name the stand-in.
      r.secrets.set('automation/alertmanager-smtp', { password: 'stand-in-smtp-password' });
      files = new Map(
        Object.entries(renderedConfigMap(r, 'automation', 'n8n-workflows'))
          .filter(([k]) => k.endsWith('.json') && k !== 'credentials.json')
          .map(([, v]) => JSON.parse(v) as N8nExportedWorkflow)
          .map((w) => [w.id, w]),
      );
      // The pod's init container runs where the kubelet runs it: after the database is up, before n8n starts.
      run = await startN8n(r, async (hosts) => (importLog = await runImport(r, hosts)));
    }, 900_000);
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
      const litellm = (await exportCredentials(run.env)).filter((c) => c.type === 'openAiApi');
      // The harness gave the in-cluster host a loopback address (harness/n8n-import.ts); the rest is as rendered.
      const url = run.hosts.rewrite('expected', `${serviceUrl(r.plan, 'litellm', 'http')}/v1`);
      expect(litellm.map((c) => c.data.url)).toEqual([url]);
      expect(litellm[0]!.data.apiKey).toBe(secretValue(r, 'automation', 'n8n-litellm', 'api-key'));
    }, 300_000);

    it('imported every rendered workflow under its fixed id, the triggered ones published', async () => {
      expect(importLog).toMatch(/Successfully imported \d+ workflows?/);
      const held = await exportWorkflows(run.env);
      expect(held.map((w) => w.id).sort()).toEqual([...files.keys()].sort());
      expect(files.size).toBeGreaterThanOrEqual(4);
      for (const w of held) {
        const file = files.get(w.id)!;
        expect([w.name, w.nodes.length]).toEqual([file.name, file.nodes.length]);
        const triggered = file.nodes.some((n) => /\.(webhook|chatTrigger)$/.test(n.type));
        expect([w.id, w.active]).toEqual([w.id, triggered]);
      }
    }, 300_000);

    it('knows every node type and typeVersion and every credential type the workflows use', () => {
      const nodes = installedNodeTypes();
      const credentialTypes = installedCredentialTypes();
      for (const w of files.values())
        for (const n of w.nodes) {
          expect(nodes.get(n.type), `${w.name}: ${n.name} (${n.type})`).toContain(n.typeVersion);
          for (const type of Object.keys(n.credentials ?? {})) expect(credentialTypes).toContain(type);
        }
    });

    it('holds every credential a node names, by id and type (credentials resolve)', async () => {
      const held = new Map((await exportCredentials(run.env)).map((c) => [c.id, c]));
      for (const w of files.values())
        for (const n of w.nodes)
          for (const [type, ref] of Object.entries(n.credentials ?? {}) as [string, { id: string }][])
            expect([n.name, held.get(ref.id)?.type]).toEqual([n.name, type]);
    }, 300_000);

    // n8n itself stamps a re-import: each workflow gets a new versionId (and a history entry), each credential a
    // new updatedAt. Everything the workflows do is compared.
    it('a re-import changes nothing: same workflows, nodes, connections, activation, credentials; no duplicates', async () => {
      const strip = (ws: N8nExportedWorkflow[]) =>
        ws
          .map((w) => ({
            id: w.id,
            name: w.name,
            active: w.active,
            nodes: w.nodes,
            connections: w.connections,
          }))
          .sort((a, b) => a.id.localeCompare(b.id));
      const before = strip(await exportWorkflows(run.env));
      const credentials = async () =>
        (await exportCredentials(run.env)).map(({ id, name, type, data }) => ({ id, name, type, data }));
      const credentialsBefore = await credentials();
      await runImport(r, run.hosts);
      expect(strip(await exportWorkflows(run.env))).toEqual(before);
      expect(await credentials()).toEqual(credentialsBefore);
    }, 600_000);
  },
);
