import { POSTGRES_IMAGE } from '../build/database.ts';
import { imageRef } from '../images/index.ts';
import { comfyuiImage } from '../images/comfyui.ts';
import { litellmImage } from '../images/litellm.ts';
import { mcpSearxngImage } from '../images/mcp-searxng.ts';
import { minioImage } from '../images/minio.ts';
import { n8nImage } from '../images/n8n.ts';
import { oauth2ProxyImage } from '../images/oauth2-proxy.ts';
import { ollamaImage } from '../images/ollama.ts';
import { openWebuiImage } from '../images/open-webui.ts';
import { qdrantImage } from '../images/qdrant.ts';
import { searxngImage } from '../images/searxng.ts';
import { valkeyImage } from '../images/valkey.ts';
import type { ChartRef } from './types.ts';

/*
 * Every pinned version of the platform, in one place: container images and upstream Helm charts.
 * Looked up in November 2026 from release notes and dependency-update PRs (Renovate) of the projects.
 * Entries marked "carried" were not newer in the sources found and keep the last version seen in use.
 */

/** Container images, pinned to a version tag (never `latest`). */
export const IMAGES = {
  // First-party images come from their contracts (src/images/), where each tag's facts are cited.
  ollama: imageRef(ollamaImage),
  openWebui: imageRef(openWebuiImage),
  // The non-root variant: the stock image keeps Prisma under /root and fails as any other uid.
  litellm: imageRef(litellmImage),
  n8n: imageRef(n8nImage),
  searxng: imageRef(searxngImage),
  qdrant: imageRef(qdrantImage),
  keycloak: 'quay.io/keycloak/keycloak:26.7.2',
  // keycloak-config-cli tags are <cli version>-<Keycloak version it was built against> (admin API of 26.x).
  keycloakConfigCli: 'adorsys/keycloak-config-cli:6.5.0-26.5.4',
  oauth2Proxy: imageRef(oauth2ProxyImage),
  valkey: imageRef(valkeyImage),
  // ComfyUI has no official image: lecode-official/comfyui-docker clones a pinned ComfyUI into PyTorch's CUDA image.
  comfyui: imageRef(comfyuiImage),
  // The upstream homelab's own GPU servers (AudioLDM2/MusicGen/Bark on :5004, AnimateDiff/SVD on :5005).
  audio: 'ghcr.io/tzervas/audio-server:1.1.0',
  video: 'ghcr.io/tzervas/video-server:1.0.0',
  // The SearXNG MCP server's own image: dependencies baked in, streamable HTTP, bearer token.
  mcpSearxng: imageRef(mcpSearxngImage),
  // Last community MinIO release published as an image; carried.
  minio: imageRef(minioImage),
  // Pinned beside the database building block that uses it (build/database.ts), with its source.
  postgres: POSTGRES_IMAGE,
  // Velero's S3 object-store plugin: v1.14.x pairs with Velero 1.18.x, which chart 12.1.0 ships (appVersion 1.18.1);
  // compatibility table of velero-io/velero-plugin-for-aws README at tag v1.14.2.
  veleroAws: 'velero/velero-plugin-for-aws:v1.14.2',
  actionsRunner: 'ghcr.io/actions/actions-runner:2.338.1',
};

const chart = (repoURL: string, name: string, version: string): ChartRef => ({
  repoURL,
  chart: name,
  version,
});

/**
 * Upstream Helm charts, pinned to a chart version. Every pin is a version seen in the chart's own source at its
 * release tag (the chart recordings in test/fixtures/charts/ are rendered from those tags). Pins moved back in
 * December 2026 because the newer version named before was nowhere in the chart's source: kyverno 3.9.1 (newest
 * tag kyverno-chart-3.9.0), kube-prometheus-stack 89.1.0 (newest tag 88.5.3), prometheus-operator-crds 33.0.2
 * (newest 31.0.1), velero 12.2.0 (only on an unmerged pull request; newest tag velero-12.1.0) and the ARC charts
 * 0.15.1 (newest tag gha-runner-scale-set-0.14.2).
 */
export const CHARTS = {
  argoCd: chart('https://argoproj.github.io/argo-helm', 'argo-cd', '9.5.11'),
  certManager: chart('https://charts.jetstack.io', 'cert-manager', 'v1.21.1'),
  // carried
  sealedSecrets: chart('https://bitnami-labs.github.io/sealed-secrets', 'sealed-secrets', '2.17.6'),
  longhorn: chart('https://charts.longhorn.io', 'longhorn', '1.12.1'),
  gpuOperator: chart('https://helm.ngc.nvidia.com/nvidia', 'gpu-operator', 'v25.10.1'),
  cloudnativePg: chart('https://cloudnative-pg.github.io/charts', 'cloudnative-pg', '0.28.0'),
  // plugin-barman-cloud v0.13.0 (appVersion); the newest chart tag (plugin-barman-cloud-v0.7.0) of cloudnative-pg/charts.
  barmanCloud: chart('https://cloudnative-pg.github.io/charts', 'plugin-barman-cloud', '0.7.0'),
  kyverno: chart('https://kyverno.github.io/kyverno/', 'kyverno', '3.9.0'),
  kubePrometheusStack: chart(
    'https://prometheus-community.github.io/helm-charts',
    'kube-prometheus-stack',
    '88.5.3',
  ),
  prometheusOperatorCrds: chart(
    'https://prometheus-community.github.io/helm-charts',
    'prometheus-operator-crds',
    '31.0.1',
  ),
  // carried
  loki: chart('https://grafana.github.io/helm-charts', 'loki', '6.30.1'),
  alloy: chart('https://grafana.github.io/helm-charts', 'alloy', '1.10.1'),
  velero: chart('https://vmware-tanzu.github.io/helm-charts', 'velero', '12.1.0'),
  // Argo CD reads OCI Helm repositories without the oci:// scheme.
  arcController: chart(
    'ghcr.io/actions/actions-runner-controller-charts',
    'gha-runner-scale-set-controller',
    '0.14.2',
  ),
  arcRunners: chart('ghcr.io/actions/actions-runner-controller-charts', 'gha-runner-scale-set', '0.14.2'),
  // carried
  gitlab: chart('https://charts.gitlab.io', 'gitlab', '9.8.4'),
} as const;
