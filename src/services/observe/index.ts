import type { ServiceObservability } from '../../observe/types.ts';
import { argocdObservability } from './argocd.ts';
import { certManagerObservability } from './cert-manager.ts';
import { cnpgOperatorObservability } from './cnpg-operator.ts';
import { gpuOperatorObservability } from './gpu-operator.ts';
import { keycloakObservability } from './keycloak.ts';
import { litellmObservability } from './litellm.ts';
import { longhornObservability } from './longhorn.ts';
import { monitoringObservability } from './monitoring.ts';
import { n8nObservability } from './n8n.ts';
import { openWebuiObservability } from './open-webui.ts';
import { qdrantObservability } from './qdrant.ts';
import { sealedSecretsObservability } from './sealed-secrets.ts';
import { traefikObservability } from './traefik.ts';
import { veleroObservability } from './velero.ts';

/**
 * What each service adds to the alerts it gets from its data (ServiceUnavailable for its workloads,
 * ServiceTargetDown for its metric endpoints): its own alerts and its chart's scrape jobs. One explicit list.
 */
export const SERVICE_OBSERVABILITY: readonly ServiceObservability[] = [
  argocdObservability,
  certManagerObservability,
  cnpgOperatorObservability,
  gpuOperatorObservability,
  keycloakObservability,
  litellmObservability,
  longhornObservability,
  ...monitoringObservability,
  n8nObservability,
  openWebuiObservability,
  qdrantObservability,
  sealedSecretsObservability,
  traefikObservability,
  veleroObservability,
];
