import { alloy } from './alloy.ts';
import { arcController } from './arc-controller.ts';
import { arcRunners } from './arc-runners.ts';
import { argocd } from './argocd.ts';
import { audio } from './audio.ts';
import { barmanCloud } from './barman-cloud.ts';
import { certManager } from './cert-manager.ts';
import { cnpgOperator } from './cnpg-operator.ts';
import { comfyui } from './comfyui.ts';
import { gitlab } from './gitlab.ts';
import { gpuOperator } from './gpu-operator.ts';
import { keycloakConfig } from './keycloak-config.ts';
import { keycloak } from './keycloak.ts';
import { kubePrometheusStack } from './kube-prometheus-stack.ts';
import { kyvernoPolicies } from './kyverno-policies.ts';
import { kyverno } from './kyverno.ts';
import { litellm } from './litellm.ts';
import { loki } from './loki.ts';
import { longhorn } from './longhorn.ts';
import { mcpFetch } from './mcp-fetch.ts';
import { mcpServers } from './mcp-servers.ts';
import { minio } from './minio.ts';
import { n8n } from './n8n.ts';
import { namespaces } from './namespaces.ts';
import { oauth2Proxy } from './oauth2-proxy.ts';
import { ollamaCpu } from './ollama-cpu.ts';
import { ollamaGpu } from './ollama-gpu.ts';
import { openWebui } from './open-webui.ts';
import { pki } from './pki.ts';
import { prometheusCrds } from './prometheus-crds.ts';
import { qdrant } from './qdrant.ts';
import { sealedSecrets } from './sealed-secrets.ts';
import { searxng } from './searxng.ts';
import { traefik } from './traefik.ts';
import type { ServiceDef } from './types.ts';
import { valkey } from './valkey.ts';
import { velero } from './velero.ts';
import { video } from './video.ts';

/** Every service of the platform, in one explicit list (by wave, then name). Adding a service is one file and one line here. */
export const registry: readonly ServiceDef[] = [
  namespaces, // -10
  prometheusCrds, // -9
  sealedSecrets,
  certManager, // -8
  cnpgOperator,
  kyverno,
  longhorn,
  barmanCloud, // -7
  gpuOperator,
  pki,
  traefik,
  kyvernoPolicies, // -6
  minio, // -5
  valkey,
  keycloak, // -4
  velero,
  keycloakConfig, // -3
  argocd, // -2
  oauth2Proxy,
  kubePrometheusStack, // -1
  loki,
  alloy, // 0
  ollamaCpu, // 1
  ollamaGpu,
  qdrant,
  searxng,
  audio, // 2
  comfyui,
  litellm,
  mcpFetch,
  mcpServers,
  video,
  n8n, // 3
  openWebui,
  arcController, // 4
  gitlab,
  arcRunners, // 5
];
