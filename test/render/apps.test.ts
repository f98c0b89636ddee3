import { describe, expect, it } from 'vitest';
import { hostAuthenticated } from '../../src/check/rules/host-authenticated.ts';
import { llmEndpointNotPublic } from '../../src/check/rules/llm-endpoint-not-public.ts';
import { networkFlows } from '../../src/check/rules/network-flows.ts';
import { uniqueHosts } from '../../src/check/rules/unique-hosts.ts';
import { urlReachable } from '../../src/check/rules/url-reachable.ts';
import { litellmImage } from '../../src/images/litellm.ts';
import { contractOf, readsEnv } from '../../src/images/index.ts';
import { OPEN_WEBUI_ENV } from '../../src/images/open-webui-env.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { built, failures, objectsOf } from './system-helpers.ts';

type Env = { name: string; value?: string; valueFrom?: unknown };
type Container = { image: string; args?: string[]; command?: string[]; env?: Env[] };
type Spec = { securityContext?: { runAsUser?: number; runAsGroup?: number }; containers: Container[] };

const spec = (o: KubeObject) => (o.spec as { template: { spec: Spec } }).template.spec;
const main = (objects: KubeObject[]) => objects.find((o) => ['Deployment', 'StatefulSet'].includes(o.kind))!;
const envOf = (c: Container) => Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value ?? 'secret']));

describe('first-party services on the default platform', () => {
  it('oauth2-proxy never replaces the Authorization header of a request (apps keep their own API keys)', async () => {
    const { manifest } = await built('platform.yaml');
    const proxy = objectsOf(manifest, 'oauth2-proxy');
    expect(spec(main(proxy)).containers[0]!.args).not.toContain('--set-authorization-header=true');
    const mw = proxy.find((o) => o.kind === 'Middleware')!;
    const headers = (mw.spec as { forwardAuth: { authResponseHeaders: string[] } }).forwardAuth
      .authResponseHeaders;
    expect(headers.map((h) => h.toLowerCase())).not.toContain('authorization');
  });

  it('sends LiteLLM keys (Bearer sk-…) straight to LiteLLM and everything else through forward-auth', async () => {
    const { plan, manifest } = await built('platform.yaml');
    const route = objectsOf(manifest, 'litellm', 'IngressRoute')[0]!;
    const routes = (route.spec as { routes: { match: string; middlewares?: unknown[] }[] }).routes;
    const keyed = routes.filter((r) => r.match.includes('HeaderRegexp'));
    expect(keyed).toEqual([
      expect.objectContaining({
        match: 'Host(`llm.home.arpa`) && HeaderRegexp(`Authorization`, `^Bearer sk-`)',
      }),
    ]);
    expect(keyed[0]!.middlewares).toBeUndefined();
    expect(routes.find((r) => r.match === 'Host(`llm.home.arpa`)')!.middlewares).toHaveLength(1);
    // The check rules accept that route, and only because LiteLLM's contract says it checks that key.
    expect(failures(plan, manifest, [hostAuthenticated, llmEndpointNotPublic, uniqueHosts])).toEqual([]);
  });

  it('runs LiteLLM from its non-root image as the user that image owns its Prisma files for', async () => {
    const { manifest } = await built('platform.yaml');
    const s = spec(main(objectsOf(manifest, 'litellm')));
    expect(s.containers[0]!.image).toBe('litellm/litellm-non_root:v1.104.2');
    expect(s.securityContext).toMatchObject({ runAsUser: 65534, runAsGroup: 65534 });
    expect(litellmImage.user.value).toEqual({ uid: 65534, gid: 65534 });
    // HOME stays the image's /app, where the Prisma engines and the cache live.
    expect(envOf(s.containers[0]!).HOME).toBeUndefined();
  });

  it('gives every realm user a role in Open WebUI and takes its settings from the environment at each start', async () => {
    const { plan, manifest } = await built('platform.yaml');
    const env = envOf(spec(main(objectsOf(manifest, 'open-webui'))).containers[0]!);
    const realm = objectsOf(manifest, 'keycloak-config', 'ConfigMap')
      .map((o) => Object.values((o.data ?? {}) as Record<string, string>).join('\n'))
      .join('\n');
    const json = JSON.parse(realm.slice(realm.indexOf('{'))) as {
      realm: string;
      roles: { realm: { name: string }[] };
      groups: { name: string; realmRoles?: string[] }[];
    };
    // The roles claim holds realm roles: the admin group's own role, and the default role every realm user has.
    expect(env.OAUTH_ROLES_CLAIM).toBe('realm_roles');
    expect(json.roles.realm.map((r) => r.name)).toContain(env.OAUTH_ADMIN_ROLES);
    expect(json.groups.find((g) => g.name === plan.config.sso.adminGroup)?.realmRoles).toEqual([
      env.OAUTH_ADMIN_ROLES,
    ]);
    expect(env.OAUTH_ALLOWED_ROLES).toBe(`default-roles-${json.realm}`);
    expect(env.DEFAULT_USER_ROLE).toBe('pending');
    expect(env.ENABLE_PERSISTENT_CONFIG).toBe('false');
    // Every name is one Open WebUI v0.8.11 reads (recorded from its config.py and env.py).
    for (const name of Object.keys(env))
      expect(
        OPEN_WEBUI_ENV.includes(name) || ['HOME', 'SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE'].includes(name),
        name,
      ).toBe(true);
  });

  it('wires n8n to LiteLLM with an n8n credential imported by its CLI, not with environment n8n ignores', async () => {
    const { plan, manifest } = await built('platform.yaml');
    const n8n = objectsOf(manifest, 'n8n');
    const env = envOf(spec(main(n8n)).containers[0]!);
    for (const gone of ['OPENAI_API_BASE', 'OPENAI_API_KEY', 'N8N_RUNNERS_ENABLED', 'WEBHOOK_URL'])
      expect(env[gone], gone).toBeUndefined();
    // The import runs in an init container before the server starts (src/services/shared/n8n-import.ts).
    const pod = spec(main(n8n));
    const init = (pod as unknown as { initContainers: { name: string; command: string[] }[] })
      .initContainers[0]!;
    expect(init.name).toBe('import');
    expect(init.command[2]).toContain('n8n import:credentials --input=/tmp/credentials.json');
    const config = n8n.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'n8n-workflows')!;
    const credentials = JSON.parse(
      (config as unknown as { data: Record<string, string> }).data['credentials.json']!,
    );
    const litellm = plan.services.find((s) => s.name === 'litellm')!;
    expect(credentials[0]).toMatchObject({
      id: 'shaiLitellm00001',
      type: 'openAiApi',
      data: { url: `${litellm.urls.http}/v1`, apiKey: { secret: 'n8n-litellm', key: 'api-key' } },
    });
  });

  it('scrapes Qdrant with its API key, as Qdrant accepts it (Authorization: Bearer)', async () => {
    const { manifest } = await built('platform.yaml');
    const sm = objectsOf(manifest, 'qdrant', 'ServiceMonitor')[0]!;
    expect((sm.spec as { endpoints: unknown[] }).endpoints[0]).toMatchObject({
      path: '/metrics',
      authorization: { type: 'Bearer', credentials: { name: 'qdrant', key: 'api-key' } },
    });
  });

  it('binds SearXNG to IPv4 so it starts on nodes without IPv6', async () => {
    const { manifest } = await built('platform.yaml');
    expect(envOf(spec(main(objectsOf(manifest, 'searxng'))).containers[0]!).GRANIAN_HOST).toBe('0.0.0.0');
  });

  it('runs PostgreSQL from a supported (not the deprecated system) image tag', async () => {
    const { manifest } = await built('platform.yaml');
    for (const svc of ['litellm', 'n8n', 'keycloak']) {
      const image = (objectsOf(manifest, svc, 'Cluster')[0]!.spec as { imageName: string }).imageName;
      expect(image, svc).toMatch(
        /^ghcr\.io\/cloudnative-pg\/postgresql:\d+\.\d+-(standard|minimal)-(trixie|bookworm)$/,
      );
    }
  });

  it('runs the MCP server from a pinned image with no package download at start, behind its own token', async () => {
    const { manifest } = await built('platform.yaml');
    const objects = objectsOf(manifest, 'mcp-servers');
    const c = spec(main(objects)).containers[0]!;
    expect(JSON.stringify([c.command ?? [], c.args ?? []])).not.toMatch(/npx|npm/);
    expect(contractOf(c.image)?.status).toBe('found');
    const env = envOf(c);
    expect(env).toMatchObject({
      MCP_HTTP_HARDEN: 'true',
      MCP_HTTP_AUTH_TOKEN: 'secret',
      MCP_HTTP_HOST: '0.0.0.0',
    });
    for (const name of Object.keys(env))
      expect(readsEnv(contractOf(c.image)!.contract, name), name).toBe(true);
  });

  it('lets every Job reach the address it is configured with (Ollama model pulls, the MinIO bucket, n8n credentials)', async () => {
    for (const file of ['platform.yaml', 'examples/dual-gpu.yaml']) {
      const { plan, manifest } = await built(file);
      const pull = objectsOf(manifest, 'ollama-gpu', 'Job')[0]!;
      const labels = (pull.spec as { template: { metadata: { labels: Record<string, string> } } }).template
        .metadata.labels;
      expect(labels['app.kubernetes.io/name'], file).toBe('ollama-gpu');
      expect(failures(plan, manifest, [urlReachable, networkFlows]), file).toEqual([]);
    }
  });

  it('starts ComfyUI itself as a non-root user, every path it writes mounted, its models seeded by a verified download', async () => {
    const { plan, manifest } = await built('platform.yaml');
    const objects = objectsOf(manifest, 'comfyui');
    const deployment = main(objects);
    const s = spec(deployment) as Spec & {
      containers: (Container & {
        volumeMounts: { mountPath: string; readOnly?: boolean }[];
        securityContext: Record<string, unknown>;
      })[];
    };
    const c = s.containers[0]!;
    expect(contractOf(c.image)?.status).toBe('found');
    expect(c.command).toEqual(expect.arrayContaining(['main.py', '--listen', '0.0.0.0', '--port', '8188']));
    expect(s.securityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 1000 });
    expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsNonRoot: true });
    expect(deployment.metadata.annotations?.['shai.dev/runs-as-root']).toBeUndefined();
    const mounted = c.volumeMounts.filter((m) => !m.readOnly).map((m) => m.mountPath);
    for (const path of contractOf(c.image)!.contract.writes.map((w) => w.value))
      expect(mounted, path).toContain(path);
    const list = JSON.parse(
      (
        objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'comfyui-models')!.data as Record<
          string,
          string
        >
      )['models.json']!,
    ) as { sha256: string; size: number; url: string }[];
    expect(list).toEqual(plan.config.comfyui.models.map(({ licence: _l, ...m }) => m));
    const job = objects.find((o) => o.kind === 'Job')!;
    expect(JSON.stringify(job.spec)).toContain('podAffinity');
  });
});
