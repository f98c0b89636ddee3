import { toYaml } from '../k8s/yaml.ts';
import { checksum, objectMeta } from '../k8s/meta.ts';
import { env, publicUrl, secretEnv } from '../build/refs.ts';
import { workload } from '../build/workload.ts';
import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { valkey } from './valkey.ts';
import { searxngImage } from '../images/searxng.ts';
import { IMAGES } from './versions.ts';
import { SETTINGS_CHECKSUM_ANNOTATION } from '../k8s/annotations.ts';

/** SearXNG: private meta search for the web-search features of Open WebUI and the MCP tools. */
export const searxng: ServiceDef = {
  name: 'searxng',
  title: 'SearXNG',
  description: 'Meta search engine with a Valkey cache; the only AI service that talks to the internet.',
  layer: 'ai',
  namespace: 'ai',
  wave: 1,
  defaultEnabled: true,
  images: { main: IMAGES.searxng },
  ports: [{ name: 'http', port: searxngImage.listens.value.port }],
  needs: [{ service: 'valkey', port: 'redis', why: 'result cache and bot limiter' }],
  exposes: [{ port: 'http', subdomain: 'search', auth: 'forward-auth', kind: 'ui', healthPath: '/healthz' }],
  secrets: [
    { name: 'searxng', keys: { 'secret-key': { kind: 'token', bytes: 32, encoding: 'hex' } } },
    {
      name: 'searxng-valkey',
      keys: {
        url: {
          kind: 'composed',
          template: `valkey://:\${${valkey.namespace}/valkey-auth/password}@valkey.${valkey.namespace}.svc.cluster.local:6379/1`,
        },
      },
    },
  ],
  storage: [],
  egress: { internet: true },
  backup: { kind: 'none', reason: 'stateless' },
  scaling: { defaultReplicas: 1, maxReplicas: 3 },
  resources: resources('100m', '256Mi', '1', '1Gi'),
  podSecurity: { level: 'restricted' },
  writableRootReason:
    'the SearXNG entrypoint writes its settings and compiled assets under /etc/searxng and /usr/local/searxng',

  build: (ctx) => {
    const { self, plan } = ctx;
    // JSON output is what Open WebUI and the MCP search tool call; the limiter is off because only
    // authenticated platform users and services reach it.
    const settings = {
      use_default_settings: true,
      server: { limiter: false, image_proxy: true, public_instance: false },
      search: { formats: ['html', 'json'] },
    };
    return {
      objects: [
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: objectMeta(self, 'searxng-settings'),
          data: { 'settings.yml': toYaml(settings) },
        },
        ...workload(ctx, {
          user: searxngImage.user.value,
          containers: [
            {
              env: [
                env('SEARXNG_BASE_URL', `${publicUrl(plan, self.name)}/`),
                secretEnv(self, 'SEARXNG_SECRET', 'searxng', 'secret-key'),
                secretEnv(self, 'SEARXNG_VALKEY_URL', 'searxng-valkey', 'url'),
                // The image binds granian to `::` (container/dist.dockerfile:31), which fails on nodes with
                // IPv6 off (searxng issues #5059, #5654): IPv4 on all interfaces works everywhere.
                env('GRANIAN_HOST', searxngImage.listens.value.address),
              ],
              liveness: { http: searxngImage.health!.value },
              readiness: { http: searxngImage.health!.value },
              volumeMounts: [
                {
                  name: 'settings',
                  mountPath: '/etc/searxng/settings.yml',
                  subPath: 'settings.yml',
                  readOnly: true,
                },
              ],
            },
          ],
          volumes: [{ name: 'settings', configMap: { name: 'searxng-settings' } }],
          podAnnotations: { [SETTINGS_CHECKSUM_ANNOTATION]: checksum(JSON.stringify(settings)) },
        }),
      ],
    };
  },
};
