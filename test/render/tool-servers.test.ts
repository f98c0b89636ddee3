import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { runCheck } from '../../src/check/engine.ts';
import { imageEnvKnown } from '../../src/check/rules/image-env-known.ts';
import { networkFlows } from '../../src/check/rules/network-flows.ts';
import type { SourcedObject } from '../../src/check/types.ts';
import { blockCovers, blockedBy, NAME_LABEL, selecting, worldOf } from '../../src/semantics/netpol/index.ts';
import { planText } from '../../src/cli/plan-view.ts';
import { parseConfig } from '../../src/config/load.ts';
import { plan as makePlan } from '../../src/plan/plan.ts';
import type { Plan } from '../../src/plan/types.ts';
import { buildManifest } from '../../src/render/tree.ts';
import { resolveTemplate } from '../../src/secrets/compose.ts';
import { registry } from '../../src/services/registry.ts';

const FILE = join(import.meta.dirname, '../../platform.yaml');
const TEXT = readFileSync(FILE, 'utf8');
const TOKEN = 'ab'.repeat(32);
const FETCH_TOKEN = 'cd'.repeat(32);
const SEARCH = ['searxng_web_search', 'searxng_search_suggestions', 'searxng_instance_info'];
const REGISTERED = [...SEARCH, 'web_url_read'];

const planOf = (text: string) => makePlan(parseConfig(text, FILE, registry), registry);
const objectsOf = (p: Plan): SourcedObject[] =>
  buildManifest(p).manifest.map((e) => ({ object: e.object, file: e.path, service: e.service }));

type Env = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } };
const containerEnv = (objects: SourcedObject[], name: string): Env[] => {
  const d = objects.find((o) => o.object.kind === 'Deployment' && o.object.metadata.name === name)!;
  const spec = (d.object as unknown as { spec: { template: { spec: { containers: { env: Env[] }[] } } } })
    .spec;
  return spec.template.spec.containers[0]!.env;
};

let plan: Plan;
let objects: SourcedObject[];

beforeAll(() => {
  plan = planOf(TEXT);
  objects = objectsOf(plan);
});

describe('MCP tool servers rendered from platform.yaml', () => {
  it('lists each server with its endpoint, its tools and its clients in the plan', () => {
    expect(plan.toolServers).toEqual([
      {
        service: 'mcp-fetch',
        title: 'MCP fetch',
        url: 'http://mcp-fetch.ai.svc.cluster.local:8000/mcp',
        tools: ['web_url_read'],
        registered: REGISTERED,
        token: { namespace: 'ai', name: 'mcp-fetch', key: 'auth-token' },
        tokenRef: '${ai/mcp-fetch/auth-token}',
        clients: ['litellm', 'open-webui'],
      },
      {
        service: 'mcp-servers',
        title: 'MCP tool servers',
        url: 'http://mcp-servers.ai.svc.cluster.local:8000/mcp',
        tools: SEARCH,
        registered: REGISTERED,
        token: { namespace: 'ai', name: 'mcp-servers', key: 'auth-token' },
        tokenRef: '${ai/mcp-servers/auth-token}',
        clients: ['litellm', 'open-webui'],
      },
    ]);
  });

  it('shows them in shai plan, with their tools', () => {
    const text = planText(plan, 'platform.yaml');
    expect(text).toContain(
      [
        '  mcp-servers  http://mcp-servers.ai.svc.cluster.local:8000/mcp  (clients: litellm, open-webui)',
        '    tools: searxng_web_search, searxng_search_suggestions, searxng_instance_info',
      ].join('\n'),
    );
    expect(text).toContain(
      [
        '  mcp-fetch  http://mcp-fetch.ai.svc.cluster.local:8000/mcp  (clients: litellm, open-webui)',
        '    tools: web_url_read',
      ].join('\n'),
    );
  });

  it('pins both servers to the image version whose tools and settings are recorded', () => {
    for (const name of ['mcp-servers', 'mcp-fetch']) {
      const d = objects.find((o) => o.object.kind === 'Deployment' && o.object.metadata.name === name)!;
      expect(JSON.stringify(d.object)).toContain('"image":"isokoliuk/mcp-searxng:2.0.0"');
    }
    // The page reader has no SearXNG; the search server has it.
    expect(containerEnv(objects, 'mcp-fetch').some((e) => e.name === 'SEARXNG_URL')).toBe(false);
    expect(containerEnv(objects, 'mcp-servers')).toContainEqual({
      name: 'SEARXNG_URL',
      value: 'http://searxng.ai.svc.cluster.local:8080',
    });
    // Hardened mode does not start without an Origin allowlist (test/real/mcp-fetch.test.ts ran into it).
    expect(containerEnv(objects, 'mcp-fetch')).toContainEqual({
      name: 'MCP_HTTP_ALLOWED_ORIGINS',
      value: 'https://mcp-fetch.home.arpa',
    });
    expect(containerEnv(objects, 'mcp-servers')).toContainEqual({
      name: 'MCP_HTTP_ALLOWED_ORIGINS',
      value: 'https://mcp.home.arpa',
    });
    // Its own guard against private URLs stays on (the image blocks them unless this is true).
    expect(containerEnv(objects, 'mcp-fetch').some((e) => e.name === 'MCP_HTTP_ALLOW_PRIVATE_URLS')).toBe(
      false,
    );
  });

  it("gives Open WebUI its tool server connections from a Secret composed with each server's token", () => {
    const secret = plan.secrets.find((s) => s.name === 'open-webui-tool-servers')!;
    expect(secret).toMatchObject({ service: 'open-webui', namespace: 'ai' });
    const format = secret.keys['connections']!;
    expect(format.kind).toBe('composed');
    expect(containerEnv(objects, 'open-webui')).toContainEqual({
      name: 'TOOL_SERVER_CONNECTIONS',
      valueFrom: { secretKeyRef: { name: 'open-webui-tool-servers', key: 'connections' } },
    });
    // Filled as `shai secrets generate` fills it: each server's own token, nothing else.
    const tokens: Record<string, string> = { 'mcp-servers': TOKEN, 'mcp-fetch': FETCH_TOKEN };
    const value = resolveTemplate((format as { template: string }).template, secret, (r) =>
      r.namespace === 'ai' && r.key === 'auth-token' ? tokens[r.name] : undefined,
    )!;
    const grants = [{ principal_type: 'user', principal_id: '*', permission: 'read' }];
    // The shape open-webui 0.8.11 reads (src/services/shared/open-webui-tool-servers.ts cites where); each
    // connection offers only the server's tools of the plan (function_name_filter_list).
    expect(JSON.parse(value)).toEqual([
      {
        type: 'mcp',
        url: 'http://mcp-fetch.ai.svc.cluster.local:8000/mcp',
        path: '',
        auth_type: 'bearer',
        key: FETCH_TOKEN,
        config: { enable: true, access_grants: grants, function_name_filter_list: 'web_url_read' },
        info: { id: 'mcp-fetch', name: 'MCP fetch', description: 'Tools: web_url_read' },
      },
      {
        type: 'mcp',
        url: 'http://mcp-servers.ai.svc.cluster.local:8000/mcp',
        path: '',
        auth_type: 'bearer',
        key: TOKEN,
        config: { enable: true, access_grants: grants, function_name_filter_list: SEARCH.join(',') },
        info: { id: 'mcp-servers', name: 'MCP tool servers', description: `Tools: ${SEARCH.join(', ')}` },
      },
    ]);
  });

  it("sends a Host header each server's DNS-rebinding allowlist accepts", () => {
    for (const t of plan.toolServers) {
      const allowed = containerEnv(objects, t.service).find((e) => e.name === 'MCP_HTTP_ALLOWED_HOSTS')!;
      expect(allowed.value!.split(',')).toContain(new URL(t.url).host);
    }
  });

  it('is reachable from outside with its own bearer token, past the SSO front door (the API key route)', () => {
    for (const [name, host] of [
      ['mcp-servers', 'mcp.home.arpa'],
      ['mcp-fetch', 'mcp-fetch.home.arpa'],
    ] as const) {
      const route = objects.find(
        (o) => o.object.kind === 'IngressRoute' && JSON.stringify(o.object).includes(`Host(\`${host}\`)`),
      )!.object as unknown as {
        spec: {
          routes: { match: string; middlewares?: unknown[]; services: { name: string; port: number }[] }[];
        };
      };
      expect(route.spec.routes[0]).toEqual({
        kind: 'Rule',
        match: `Host(\`${host}\`) && HeaderRegexp(\`Authorization\`, \`^Bearer \`)`,
        services: [{ name, namespace: 'ai', port: 8000 }],
      });
    }
  });

  it('is reachable from Open WebUI: network-flows proves each flow open, and fails without its allow', () => {
    const calls = (objs: SourcedObject[]) =>
      runCheck({ objects: objs }, [networkFlows]).findings.filter(
        (f) => f.target.name === 'open-webui' && f.status === 'fail',
      );
    expect(calls(objects)).toEqual([]);
    for (const name of ['mcp-servers', 'mcp-fetch']) {
      const ingress = (o: SourcedObject) =>
        o.object.kind === 'NetworkPolicy' && o.object.metadata.name === `${name}-ingress`;
      expect(objects.some(ingress)).toBe(true);
      expect(calls(objects.filter((o) => !ingress(o))).map((f) => f.message)).toContainEqual(
        expect.stringContaining(`declared flow to ai/${name}:8000 is blocked`),
      );
    }
  });

  it("lists them in LiteLLM's MCP gateway, in the config shape litellm 1.104.2 reads, the token from the environment", () => {
    const cm = objects.find(
      (o) => o.object.kind === 'ConfigMap' && o.object.metadata.name === 'litellm-config',
    )!.object as unknown as { data: Record<string, string> };
    const config = parseYaml(cm.data['config.yaml']!) as { mcp_servers: Record<string, unknown> };
    // Keyed without dashes: LiteLLM refuses a server name containing its tool prefix separator `-`.
    expect(config.mcp_servers).toEqual({
      mcp_fetch: {
        url: 'http://mcp-fetch.ai.svc.cluster.local:8000/mcp',
        transport: 'http',
        auth_type: 'bearer_token',
        auth_value: 'os.environ/MCP_FETCH_TOKEN',
        description: 'MCP fetch: web_url_read',
        allowed_tools: ['web_url_read'],
      },
      mcp_servers: {
        url: 'http://mcp-servers.ai.svc.cluster.local:8000/mcp',
        transport: 'http',
        auth_type: 'bearer_token',
        auth_value: 'os.environ/MCP_SERVERS_TOKEN',
        description: `MCP tool servers: ${SEARCH.join(', ')}`,
        allowed_tools: SEARCH,
      },
    });
    for (const [name, variable] of [
      ['mcp-servers', 'MCP_SERVERS_TOKEN'],
      ['mcp-fetch', 'MCP_FETCH_TOKEN'],
    ] as const)
      expect(containerEnv(objects, 'litellm')).toContainEqual({
        name: variable,
        valueFrom: { secretKeyRef: { name: 'litellm-mcp-servers', key: name } },
      });
    // Each token is the server's own, copied in by composition (one key per server).
    const secret = plan.secrets.find((s) => s.name === 'litellm-mcp-servers')!;
    expect(secret).toMatchObject({ service: 'litellm', namespace: 'ai' });
    expect(secret.keys).toEqual({
      'mcp-fetch': { kind: 'composed', template: '${ai/mcp-fetch/auth-token}' },
      'mcp-servers': { kind: 'composed', template: '${ai/mcp-servers/auth-token}' },
    });
  });

  it("sets the tokens' variables only because the mounted config.yaml reads them (os.environ/), as image-env-known proves", () => {
    const litellmFindings = (objs: SourcedObject[]) =>
      runCheck({ objects: objs }, [imageEnvKnown])
        .findings.filter((f) => f.target.name === 'litellm' && f.status === 'fail')
        .map((f) => f.message);
    expect(litellmFindings(objects)).toEqual([]);
    // The same Deployment with a config that no longer names the variables: LiteLLM would never read them.
    const unreferenced = objects.map((o) =>
      o.object.kind === 'ConfigMap' && o.object.metadata.name === 'litellm-config'
        ? ({ ...o, object: { ...o.object, data: { 'config.yaml': 'model_list: []\n' } } } as SourcedObject)
        : o,
    );
    expect(litellmFindings(unreferenced)).toEqual(
      ['MCP_FETCH_TOKEN', 'MCP_SERVERS_TOKEN'].map((v) =>
        expect.stringContaining(
          `container litellm sets ${v}, which litellm/litellm-non_root:v1.104.2 does not read`,
        ),
      ),
    );
  });

  it("is reachable from LiteLLM's gateway: network-flows proves the flows open, and fails without their allow", () => {
    const calls = (objs: SourcedObject[]) =>
      runCheck({ objects: objs }, [networkFlows]).findings.filter(
        (f) => f.target.name === 'litellm' && f.status === 'fail',
      );
    expect(calls(objects)).toEqual([]);
    const egress = (o: SourcedObject) =>
      o.object.kind === 'NetworkPolicy' && o.object.metadata.name === 'litellm-egress';
    const withoutMcp = objects.map((o) => {
      if (!egress(o)) return o;
      const spec = (o.object as unknown as { spec: { egress: { to: unknown }[] } }).spec;
      const kept = spec.egress.filter((r) => !/"mcp-(servers|fetch)"/.test(JSON.stringify(r.to)));
      expect(kept.length).toBe(spec.egress.length - 2);
      return { ...o, object: { ...o.object, spec: { ...spec, egress: kept } } } as SourcedObject;
    });
    const blocked = calls(withoutMcp).map((f) => f.message);
    expect(blocked).toContainEqual(
      expect.stringContaining('declared flow to ai/mcp-servers:8000 is blocked'),
    );
    expect(blocked).toContainEqual(expect.stringContaining('declared flow to ai/mcp-fetch:8000 is blocked'));
  });

  it('leaves Open WebUI and LiteLLM without tool servers when the MCP servers are off', () => {
    const off = planOf(
      TEXT.replace(/mcp-servers: \{ enabled: true \}/, 'mcp-servers: { enabled: false }').replace(
        /mcp-fetch: \{ enabled: true \}/,
        'mcp-fetch: { enabled: false }',
      ),
    );
    expect(off.toolServers).toEqual([]);
    expect(off.secrets.some((s) => s.name === 'open-webui-tool-servers')).toBe(false);
    expect(containerEnv(objectsOf(off), 'open-webui').some((e) => e.name === 'TOOL_SERVER_CONNECTIONS')).toBe(
      false,
    );
    // Nor LiteLLM with an MCP gateway entry or a token it cannot be given.
    expect(off.secrets.some((s) => s.name === 'litellm-mcp-servers')).toBe(false);
    expect(containerEnv(objectsOf(off), 'litellm').some((e) => /^MCP_.*_TOKEN$/.test(e.name))).toBe(false);
    const cm = objectsOf(off).find((o) => o.object.metadata.name === 'litellm-config')!.object as unknown as {
      data: Record<string, string>;
    };
    expect(cm.data['config.yaml']).not.toContain('mcp_servers');
  });
});

/** The ports an address may be reached on from a pod, by the ipBlock rules of the egress policies selecting it. */
function ipEgress(objs: SourcedObject[], service: string, address: string, port: number): boolean {
  const world = worldOf(objs);
  const pod = world.pods.find((p) => p.labels[NAME_LABEL] === service)!;
  return selecting(world, pod, 'egress').some((p) =>
    p.egressRules.some((r) => {
      const rule = r as {
        to?: { ipBlock?: { cidr?: string; except?: string[] } }[];
        ports?: { port?: number }[];
      };
      const toOk = (rule.to ?? []).some((peer) => peer.ipBlock && blockCovers(peer.ipBlock, `${address}/32`));
      const portOk = !rule.ports?.length || rule.ports.some((q) => q.port === port);
      return toOk && portOk;
    }),
  );
}

describe('mcp-fetch reaches the internet and nothing in the cluster', () => {
  it('reaches public addresses on 80 and 443', () => {
    for (const port of [80, 443]) expect(ipEgress(objects, 'mcp-fetch', '93.184.216.34', port)).toBe(true);
  });

  it("reaches no address of k3s's Service or pod networks, the LAN, CGNAT or link-local (cloud metadata)", () => {
    for (const address of [
      '10.43.0.1',
      '10.43.12.7',
      '10.42.0.15',
      '192.168.1.10',
      '172.17.0.1',
      '100.64.0.1',
      '169.254.169.254',
    ])
      for (const port of [80, 443, 8080])
        expect(ipEgress(objects, 'mcp-fetch', address, port), `${address}:${port}`).toBe(false);
  });

  it('opens no port of any platform pod: every in-cluster Service is blocked by its egress', () => {
    const world = worldOf(objects);
    const fetch = world.pods.find((p) => p.labels[NAME_LABEL] === 'mcp-fetch')!;
    const open = world.pods
      .filter((to) => to !== fetch)
      .flatMap((to) => to.ports.map((p) => ({ to, p })))
      .filter(({ to, p }) => blockedBy(world, fetch, to, { port: p.port, protocol: p.protocol }) !== 'egress')
      .map(({ to, p }) => `${to.id}:${p.port}`);
    expect(open).toEqual([]);
    // Every pod with a port was asked (the world is the rendered platform, not an empty one).
    expect(world.pods.filter((p) => p.ports.length).length).toBeGreaterThan(10);
  });

  it('leaves the search server without the internet: it reaches SearXNG only', () => {
    expect(ipEgress(objects, 'mcp-servers', '93.184.216.34', 443)).toBe(false);
    expect(ipEgress(objects, 'mcp-fetch', '93.184.216.34', 443)).toBe(true);
  });
});
