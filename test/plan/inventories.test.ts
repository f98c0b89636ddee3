import { describe, expect, it } from 'vitest';
import { plan } from '../../src/plan/plan.ts';
import { cluster, config, cpuNode, def, gpuNode } from './helpers.ts';

const keycloak = def('keycloak', { layer: 'platform', namespace: 'auth', wave: -4 });
const keycloakConfig = def('keycloak-config', { layer: 'platform', namespace: 'auth', wave: -3, ports: [] });
const proxy = def('oauth2-proxy', {
  layer: 'platform',
  namespace: 'auth',
  wave: -2,
  ports: [{ name: 'http', port: 4180 }],
  sso: { kind: 'oauth2-proxy' },
  secrets: [{ name: 'oauth2-proxy', keys: { 'cookie-secret': { kind: 'cookie-secret' } } }],
});
const traefik = def('traefik', {
  layer: 'system',
  namespace: 'kube-system',
  wave: -7,
  ports: [{ name: 'web', port: 8000 }],
});
const cache = def('valkey', { namespace: 'data', wave: -5, ports: [{ name: 'redis', port: 6379 }] });
const chat = def('chat', {
  wave: 3,
  needs: [
    { service: 'keycloak', port: 'http', why: 'OIDC login' },
    { service: 'valkey', port: 'redis', why: 'sessions' },
  ],
  exposes: [{ port: 'http', subdomain: 'ai', auth: 'oidc', kind: 'ui' }],
  sso: { kind: 'oidc', redirectPaths: ['/oauth/oidc/callback'] },
  secrets: [{ name: 'chat', keys: { 'secret-key': { kind: 'token', bytes: 32, encoding: 'hex' } } }],
});
const grafana = def('dashboards', {
  namespace: 'monitoring',
  wave: 3,
  exposes: [
    { port: 'http', subdomain: 'grafana', auth: 'oidc', kind: 'ui' },
    { port: 'http', subdomain: 'prometheus', auth: 'forward-auth', kind: 'ui' },
  ],
  sso: { kind: 'oidc', redirectPaths: ['/login/generic_oauth'], clientId: 'grafana' },
});
const search = def('search', {
  wave: 2,
  exposes: [{ port: 'http', subdomain: 'search', auth: 'forward-auth', kind: 'ui' }],
});
const registry = [traefik, cache, keycloak, keycloakConfig, proxy, search, chat, grafana];
const homelab = plan(config(registry), registry);

describe('SSO clients', () => {
  it('gives every native-OIDC service a client with https redirect URIs on its oidc hosts', () => {
    expect(homelab.ssoClients.find((c) => c.clientId === 'chat')).toEqual({
      service: 'chat',
      clientId: 'chat',
      kind: 'oidc',
      redirectUris: ['https://ai.lab.example/oauth/oidc/callback'],
      secret: { namespace: 'ai', name: 'chat-oidc', key: 'client-secret' },
    });
    expect(homelab.ssoClients.find((c) => c.service === 'dashboards')!.redirectUris).toEqual([
      'https://grafana.lab.example/login/generic_oauth',
    ]);
  });

  it('gives oauth2-proxy one client with the /oauth2/callback of every forward-auth host', () => {
    expect(homelab.ssoClients.find((c) => c.clientId === 'oauth2-proxy')!.redirectUris).toEqual([
      'https://prometheus.lab.example/oauth2/callback',
      'https://search.lab.example/oauth2/callback',
    ]);
  });

  it('plans each client secret in its service namespace and a composed copy for keycloak-config', () => {
    expect(
      homelab.secrets.find((s) => s.name === 'grafana-oidc' || s.name === 'dashboards-oidc'),
    ).toMatchObject({
      service: 'dashboards',
      namespace: 'monitoring',
      configPath: 'services.dashboards',
      keys: {
        'client-id': { kind: 'fixed', value: 'grafana' },
        'client-secret': { kind: 'password', length: 32 },
      },
    });
    const copy = homelab.secrets.find((s) => s.name === 'sso-clients')!;
    expect(copy).toMatchObject({
      namespace: 'auth',
      service: 'keycloak-config',
      configPath: 'services.keycloak-config',
    });
    expect(copy.keys.chat).toEqual({ kind: 'composed', template: '${ai/chat-oidc/client-secret}' });
    expect(copy.keys['oauth2-proxy']).toEqual({
      kind: 'composed',
      template: '${auth/oauth2-proxy-oidc/client-secret}',
    });
  });
});

describe('secrets inventory', () => {
  it('places each secret in the namespace of the service that consumes it, with its config path', () => {
    expect(homelab.secrets.filter((s) => s.name === 'chat' || s.name === 'oauth2-proxy')).toEqual([
      {
        service: 'chat',
        namespace: 'ai',
        name: 'chat',
        keys: chat.secrets[0]!.keys,
        admin: false,
        configPath: 'services.chat',
      },
      {
        service: 'oauth2-proxy',
        namespace: 'auth',
        name: 'oauth2-proxy',
        keys: proxy.secrets[0]!.keys,
        admin: false,
        configPath: 'services.oauth2-proxy',
      },
    ]);
  });
});

describe('network flows', () => {
  it('allows one flow per needs edge, with the port number of the named port', () => {
    expect(homelab.flows).toContainEqual({
      from: { service: 'chat', namespace: 'ai' },
      to: { service: 'valkey', namespace: 'data', port: 6379, portName: 'redis' },
      why: 'sessions',
    });
  });

  it('lets traefik reach each exposed port and oauth2-proxy for forward-auth', () => {
    const fromTraefik = homelab.flows
      .filter((f) => f.from.service === 'traefik')
      .map((f) => `${f.to.service}:${f.to.port} ${f.why}`);
    expect(fromTraefik).toEqual([
      'chat:8080 serves https://ai.lab.example',
      'search:8080 serves https://search.lab.example',
      'oauth2-proxy:4180 forward-auth checks and the /oauth2/ login routes',
      'dashboards:8080 serves https://grafana.lab.example',
      'dashboards:8080 serves https://prometheus.lab.example',
    ]);
  });

  it('lists every host once, sorted', () => {
    expect(homelab.hosts.map((h) => h.host)).toEqual([
      'ai.lab.example',
      'grafana.lab.example',
      'prometheus.lab.example',
      'search.lab.example',
    ]);
  });
});

describe('models', () => {
  const gpuOllama = def('ollama-gpu', { namespace: 'gpu', gpu: { mode: 'required', slices: 1, vramGiB: 1 } });
  const cpuOllama = def('ollama-cpu');
  const ollamas = [gpuOllama, cpuOllama];
  const models = [
    { name: 'qwen2.5:7b', purpose: 'general', placement: 'gpu', alias: 'general' },
    { name: 'nomic-embed-text:v1.5', purpose: 'embedding', capabilities: ['embedding'], placement: 'cpu' },
    { name: 'llama3.2:3b', purpose: 'small', placement: 'both' },
  ];

  it('serves gpu models from ollama-gpu, cpu models from ollama-cpu, both from both', () => {
    const p = plan(config(ollamas, { ...cluster(cpuNode('box'), gpuNode('gpu1')), models }), ollamas);
    expect(p.models.map((m) => [m.alias, m.instances, m.configPath])).toEqual([
      ['general', ['ollama-gpu'], 'models[0]'],
      ['nomic-embed-text:v1.5', ['ollama-cpu'], 'models[1]'],
      ['llama3.2:3b', ['ollama-gpu', 'ollama-cpu'], 'models[2]'],
    ]);
    expect(p.warnings).toEqual([]);
  });

  it('falls back to the other instance with a warning when the wanted one is off', () => {
    const p = plan(config(ollamas, { models }), ollamas);
    expect(p.models[0]!.instances).toEqual(['ollama-cpu']);
    expect(p.models[2]!.instances).toEqual(['ollama-cpu']);
    expect(p.warnings).toEqual([
      {
        message: 'model qwen2.5:7b is placed on gpu, but ollama-gpu is off; serving it from ollama-cpu',
        configPath: 'models[0]',
      },
    ]);
  });
});
