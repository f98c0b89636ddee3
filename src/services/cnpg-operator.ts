import { chartOnly, resources, SINGLE_CONTROLLER, singleReplica } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { CHARTS } from './versions.ts';

/** The CloudNativePG operator: runs the PostgreSQL clusters of the services that have a database. */
export const cnpgOperator: ServiceDef = {
  name: 'cnpg-operator',
  title: 'CloudNativePG operator',
  description: 'Operates one PostgreSQL Cluster per service database (Keycloak, LiteLLM, n8n, GitLab).',
  layer: 'system',
  namespace: 'cnpg-system',
  wave: -8,
  defaultEnabled: true,
  images: {},
  chart: CHARTS.cloudnativePg,
  ports: [
    { name: 'metrics', port: 8080 },
    { name: 'webhook', port: 9443, serviceName: 'cnpg-webhook-service' },
  ],
  needs: [],
  exposes: [],
  secrets: [],
  storage: [],
  metrics: { port: 'metrics', path: '/metrics' },
  backup: { kind: 'none', reason: 'stateless operator; the databases are backed up per service' },
  installsCrds: ['postgresql.cnpg.io'],
  egress: { apiServer: true },
  network: {
    fromApiServer: [
      { port: 9443, why: 'cnpg-webhook-service validates and defaults Cluster, Backup and Pooler objects' },
    ],
  },
  scaling: singleReplica(SINGLE_CONTROLLER),
  resources: resources('100m', '128Mi', '500m', '512Mi'),
  podSecurity: { level: 'restricted' },
  build: chartOnly(CHARTS.cloudnativePg, (self) => ({
    crds: { create: true },
    resources: self.resources,
    // A PodMonitor for the operator itself; each database Cluster enables its own.
    monitoring: { podMonitorEnabled: true },
  })),
};
