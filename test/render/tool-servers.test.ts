import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { runCheck } from '../../src/check/engine.ts';
import { imageEnvKnown } from '../../src/check/rules/image-env-known.ts';
import { networkFlows } from '../../src/check/rules/network-flows.ts';
import type { SourcedObject } from '../../src/check/types.ts';
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
        service: 'mcp-servers',
        title: 'MCP tool servers',
        url: 'http://mcp-servers.ai.svc.cluster.local:8000/mcp',
        tools: ['searxng_web_search', 'searxng_search_suggestions', 'searxng_instance_info', 'web_url_read'],
        token: { namespace: 'ai', name: 'mcp-servers', key: 'auth-token' },
        tokenRef: '${ai/mcp-servers/auth-token}',
        clients: ['litellm', 'open-webui'],
      },
    ]);
  });

  it('shows them in shai plan, with their tools', () => {
    expect(planText(plan, 'platform.yaml')).toContain(
      [
        'MCP servers',
        '  mcp-servers  http://mcp-servers.ai.svc.cluster.local:8000/mcp  (clients: litellm, open-webui)',
        '    tools: searxng_web_search, searxng_search_suggestions, searxng_instance_info, web_url_read',
      ].join('\n'),
    );
  });

  it('pins the server image to a version', () => {
    const d = objects.find(
      (o) => o.object.kind === 'Deployment' && o.object.metadata.name === 'mcp-servers',
    )!;
    expect(JSON.stringify(d.object)).toContain('"image":"isokoliuk/mcp-searxng:2.0.0"');
  });

  it("gives Open WebUI its tool server connections from a Secret composed with the server's token", () => {
    const secret = plan.secrets.find((s) => s.name === 'open-webui-tool-servers')!;
    expect(secret).toMatchObject({ service: 'open-webui', namespace: 'ai' });
    const format = secret.keys['connections']!;
    expect(format.kind).toBe('composed');
    expect(containerEnv(objects, 'open-webui')).toContainEqual({
      name: 'TOOL_SERVER_CONNECTIONS',
      valueFrom: { secretKeyRef: { name: 'open-webui-tool-servers', key: 'connections' } },
    });
    // Filled as `shai secrets generate` fills it: the server's own token, nothing else.
    const value = resolveTemplate((format as { template: string }).template, secret, (r) =>
      r.namespace === 'ai' && r.name === 'mcp-servers' && r.key === 'auth-token' ? TOKEN : undefined,
    )!;
    // The shape open-webui 0.8.11 reads (src/services/shared/open-webui-tool-servers.ts cites where).
    expect(JSON.parse(value)).toEqual([
      {
        type: 'mcp',
        url: 'http://mcp-servers.ai.svc.cluster.local:8000/mcp',
        path: '',
        auth_type: 'bearer',
        key: TOKEN,
        config: {
          enable: true,
          access_grants: [{ principal_type: 'user', principal_id: '*', permission: 'read' }],
        },
        info: {
          id: 'mcp-servers',
          name: 'MCP tool servers',
          description:
            'Tools: searxng_web_search, searxng_search_suggestions, searxng_instance_info, web_url_read',
        },
      },
    ]);
  });

  it("sends a Host header the server's DNS-rebinding allowlist accepts", () => {
    const host = new URL(plan.toolServers[0]!.url).host;
    const allowed = containerEnv(objects, 'mcp-servers').find((e) => e.name === 'MCP_HTTP_ALLOWED_HOSTS')!;
    expect(allowed.value!.split(',')).toContain(host);
  });

  it('is reachable from Open WebUI: network-flows proves the flow open, and fails without its allow', () => {
    const calls = (objs: SourcedObject[]) =>
      runCheck({ objects: objs }, [networkFlows]).findings.filter(
        (f) => f.target.name === 'open-webui' && f.status === 'fail',
      );
    expect(calls(objects)).toEqual([]);
    const ingress = (o: SourcedObject) =>
      o.object.kind === 'NetworkPolicy' && o.object.metadata.name === 'mcp-servers-ingress';
    expect(objects.some(ingress)).toBe(true);
    expect(calls(objects.filter((o) => !ingress(o))).map((f) => f.message)).toContainEqual(
      expect.stringContaining('declared flow to ai/mcp-servers:8000 is blocked'),
    );
  });

  it("lists them in LiteLLM's MCP gateway, in the config shape litellm 1.104.2 reads, the token from the environment", () => {
    const cm = objects.find(
      (o) => o.object.kind === 'ConfigMap' && o.object.metadata.name === 'litellm-config',
    )!.object as unknown as { data: Record<string, string> };
    const config = parseYaml(cm.data['config.yaml']!) as { mcp_servers: Record<string, unknown> };
    // Keyed without dashes: LiteLLM refuses a server name containing its tool prefix separator `-`.
    expect(config.mcp_servers).toEqual({
      mcp_servers: {
        url: 'http://mcp-servers.ai.svc.cluster.local:8000/mcp',
        transport: 'http',
        auth_type: 'bearer_token',
        auth_value: 'os.environ/MCP_SERVERS_TOKEN',
        description:
          'MCP tool servers: searxng_web_search, searxng_search_suggestions, searxng_instance_info, web_url_read',
      },
    });
    expect(containerEnv(objects, 'litellm')).toContainEqual({
      name: 'MCP_SERVERS_TOKEN',
      valueFrom: { secretKeyRef: { name: 'litellm-mcp-servers', key: 'mcp-servers' } },
    });
    // The token is the server's own, copied in by composition (one key per server).
    const secret = plan.secrets.find((s) => s.name === 'litellm-mcp-servers')!;
    expect(secret).toMatchObject({ service: 'litellm', namespace: 'ai' });
    expect(secret.keys).toEqual({
      'mcp-servers': { kind: 'composed', template: '${ai/mcp-servers/auth-token}' },
    });
    // The Host LiteLLM sends is in the server's DNS-rebinding allowlist.
    const allowed = containerEnv(objects, 'mcp-servers').find((e) => e.name === 'MCP_HTTP_ALLOWED_HOSTS')!;
    expect(allowed.value!.split(',')).toContain('mcp-servers.ai.svc.cluster.local:8000');
  });

  it("sets the token's variable only because the mounted config.yaml reads it (os.environ/), as image-env-known proves", () => {
    const litellmFindings = (objs: SourcedObject[]) =>
      runCheck({ objects: objs }, [imageEnvKnown])
        .findings.filter((f) => f.target.name === 'litellm' && f.status === 'fail')
        .map((f) => f.message);
    expect(litellmFindings(objects)).toEqual([]);
    // The same Deployment with a config that no longer names the variable: LiteLLM would never read it.
    const unreferenced = objects.map((o) =>
      o.object.kind === 'ConfigMap' && o.object.metadata.name === 'litellm-config'
        ? ({ ...o, object: { ...o.object, data: { 'config.yaml': 'model_list: []\n' } } } as SourcedObject)
        : o,
    );
    expect(litellmFindings(unreferenced)).toEqual([
      expect.stringContaining(
        'container litellm sets MCP_SERVERS_TOKEN, which litellm/litellm-non_root:v1.104.2 does not read',
      ),
    ]);
  });

  it("is reachable from LiteLLM's gateway: network-flows proves the flow open, and fails without its allow", () => {
    const calls = (objs: SourcedObject[]) =>
      runCheck({ objects: objs }, [networkFlows]).findings.filter(
        (f) => f.target.name === 'litellm' && f.status === 'fail',
      );
    expect(calls(objects)).toEqual([]);
    const egress = (o: SourcedObject) =>
      o.object.kind === 'NetworkPolicy' && o.object.metadata.name === 'litellm-egress';
    const withoutMcp = objects.map((o) => {
      if (!egress(o)) return o;
      const spec = (o.object as unknown as { spec: { egress: { to: { podSelector?: unknown }[] }[] } }).spec;
      const kept = spec.egress.filter((r) => !JSON.stringify(r.to).includes('"mcp-servers"'));
      expect(kept.length).toBe(spec.egress.length - 1);
      return { ...o, object: { ...o.object, spec: { ...spec, egress: kept } } } as SourcedObject;
    });
    expect(calls(withoutMcp).map((f) => f.message)).toContainEqual(
      expect.stringContaining('declared flow to ai/mcp-servers:8000 is blocked'),
    );
  });

  it('leaves Open WebUI without tool servers when the MCP servers are off', () => {
    const off = planOf(TEXT.replace(/mcp-servers: \{ enabled: true \}/, 'mcp-servers: { enabled: false }'));
    expect(off.toolServers).toEqual([]);
    expect(off.secrets.some((s) => s.name === 'open-webui-tool-servers')).toBe(false);
    expect(containerEnv(objectsOf(off), 'open-webui').some((e) => e.name === 'TOOL_SERVER_CONNECTIONS')).toBe(
      false,
    );
    // Nor LiteLLM with an MCP gateway entry or a token it cannot be given.
    expect(off.secrets.some((s) => s.name === 'litellm-mcp-servers')).toBe(false);
    expect(containerEnv(objectsOf(off), 'litellm').some((e) => e.name === 'MCP_SERVERS_TOKEN')).toBe(false);
    const cm = objectsOf(off).find((o) => o.object.metadata.name === 'litellm-config')!.object as unknown as {
      data: Record<string, string>;
    };
    expect(cm.data['config.yaml']).not.toContain('mcp_servers');
  });
});
