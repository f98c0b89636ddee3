import { longhornObjects, longhornValues } from './system/longhorn-values.ts';
import { resources, singleReplica } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { CHARTS } from './versions.ts';

/** Longhorn: replicated block storage on the nodes' disks, the platform's StorageClasses and snapshots. */
export const longhorn: ServiceDef = {
  name: 'longhorn',
  title: 'Longhorn',
  description:
    'Distributed block storage over the storage paths in platform.yaml, with a recurring snapshot job.',
  layer: 'system',
  namespace: 'longhorn-system',
  wave: -8,
  defaultEnabled: true,
  images: {},
  chart: CHARTS.longhorn,
  ports: [
    { name: 'http', port: 8000, serviceName: 'longhorn-frontend' },
    { name: 'manager', port: 9500, serviceName: 'longhorn-backend' },
  ],
  needs: [],
  exposes: [{ port: 'http', subdomain: 'longhorn', auth: 'forward-auth', kind: 'ui', healthPath: '/' }],
  secrets: [],
  storage: [],
  metrics: { port: 'manager', path: '/metrics' },
  backup: {
    kind: 'none',
    reason: 'the storage layer itself; its volumes are backed up by Velero and snapshots',
  },
  installsCrds: ['longhorn.io'],
  egress: { apiServer: true },
  network: {
    fromApiServer: [
      { port: 9501, why: 'longhorn-conversion-webhook converts longhorn.io objects between versions' },
      { port: 9502, why: 'longhorn-admission-webhook validates and mutates longhorn.io objects' },
    ],
    intraNamespace:
      'the managers call each other (9500), the instance managers (8500, engines and replicas on 10000-30000) and the backing image managers; the UI and CSI plugin call the managers',
  },
  perNode: true,
  scaling: singleReplica('the manager is a DaemonSet: one pod per node'),
  resources: resources('250m', '512Mi', '2', '2Gi'),
  podSecurity: {
    level: 'privileged',
    reason: 'the manager mounts host paths and attaches iSCSI devices on the node',
  },
  build: (ctx) => ({
    objects: longhornObjects(ctx),
    chart: { ...CHARTS.longhorn, values: longhornValues(ctx) },
  }),
};
