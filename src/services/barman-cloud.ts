import { chartOnly, resources, SINGLE_CONTROLLER, singleReplica } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { CHARTS } from './versions.ts';

/**
 * CloudNativePG's Barman Cloud plugin (CNPG-I): the supported way for operator 1.26+ to archive WAL and take base
 * backups to an object store (the in-tree barmanObjectStore is deprecated). It must run in the operator's
 * namespace (plugin-barman-cloud v0.13.0 web/docs/installation.mdx); the operator finds it by its Service's
 * `cnpg.io/pluginName` label and calls it over mutual TLS with certificates cert-manager issues. It adds a sidecar
 * to each database pod that runs barman-cloud-wal-archive and barman-cloud-backup (build/database-backup.ts).
 */
export const barmanCloud: ServiceDef = {
  name: 'barman-cloud',
  title: 'Barman Cloud plugin',
  description:
    "CloudNativePG's backup plugin: continuous WAL archiving and scheduled base backups of every database to the S3 target.",
  layer: 'system',
  namespace: 'cnpg-system',
  wave: -7,
  defaultEnabled: true,
  images: {},
  chart: CHARTS.barmanCloud,
  ports: [{ name: 'grpc', port: 9090, serviceName: 'barman-cloud' }],
  needs: [
    { service: 'cnpg-operator', why: 'the operator that calls it, and its Cluster and Backup CRDs' },
    { service: 'cert-manager', why: 'the Issuer and Certificates of its mutual TLS with the operator' },
  ],
  exposes: [],
  secrets: [],
  storage: [],
  backup: { kind: 'none', reason: 'stateless plugin; the backups it takes are in the S3 target' },
  installsCrds: ['barmancloud.cnpg.io'],
  egress: { apiServer: true },
  network: {
    podLabel: { key: 'app.kubernetes.io/name', value: 'plugin-barman-cloud' },
    calledBy: [
      { service: 'cnpg-operator', port: 'grpc', why: 'the operator calls the plugin (CNPG-I, mutual TLS)' },
    ],
  },
  scaling: singleReplica(SINGLE_CONTROLLER),
  resources: resources('50m', '64Mi', '500m', '256Mi'),
  podSecurity: { level: 'restricted' },
  build: chartOnly(CHARTS.barmanCloud, (self) => ({
    resources: self.resources,
    // The chart's restricted container security context is kept; the pod-level one is the chart's too.
  })),
};
