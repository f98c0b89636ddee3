import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { CHARTS } from './versions.ts';

/** kube-prometheus-stack: Prometheus, Alertmanager and Grafana (OIDC login, admin secret). */
export const kubePrometheusStack: ServiceDef = {
  name: 'kube-prometheus-stack',
  title: 'Prometheus, Alertmanager, Grafana',
  description:
    'Metrics of every service with a metrics port, alerts to the receivers of platform.yaml, dashboards.',
  layer: 'ops',
  namespace: 'monitoring',
  wave: -1,
  defaultEnabled: true,
  images: {},
  chart: CHARTS.kubePrometheusStack,
  ports: [
    { name: 'grafana', port: 3000, serviceName: 'kube-prometheus-stack-grafana' },
    { name: 'prometheus', port: 9090, serviceName: 'kube-prometheus-stack-prometheus' },
    { name: 'alertmanager', port: 9093, serviceName: 'kube-prometheus-stack-alertmanager' },
  ],
  needs: [
    {
      service: 'prometheus-crds',
      why: 'its Prometheus, Alertmanager and ServiceMonitor objects use those CRDs',
    },
    { service: 'keycloak', port: 'http', why: 'Grafana OIDC login' },
  ],
  exposes: [
    { port: 'grafana', subdomain: 'grafana', auth: 'oidc', kind: 'ui', healthPath: '/api/health' },
    {
      port: 'prometheus',
      subdomain: 'prometheus',
      auth: 'forward-auth',
      kind: 'ui',
      healthPath: '/-/healthy',
    },
    {
      port: 'alertmanager',
      subdomain: 'alertmanager',
      auth: 'forward-auth',
      kind: 'ui',
      healthPath: '/-/healthy',
    },
  ],
  secrets: [
    {
      name: 'grafana-admin',
      keys: {
        'admin-user': { kind: 'fixed', value: 'admin' },
        'admin-password': { kind: 'password', length: 32 },
      },
      admin: true,
    },
  ],
  storage: [
    {
      name: 'prometheus',
      size: '50Gi',
      mountPath: '/prometheus',
      accessMode: 'ReadWriteOnce',
      backup: false,
    },
    {
      name: 'alertmanager',
      size: '2Gi',
      mountPath: '/alertmanager',
      accessMode: 'ReadWriteOnce',
      backup: false,
    },
    {
      name: 'grafana',
      size: '5Gi',
      mountPath: '/var/lib/grafana',
      accessMode: 'ReadWriteOnce',
      backup: true,
    },
  ],
  metrics: { port: 'prometheus', path: '/metrics' },
  sso: { kind: 'oidc', redirectPaths: ['/login/generic_oauth'], clientId: 'grafana' },
  egress: { apiServer: true },
  backup: { kind: 'volume', volumes: ['grafana'] },
  scaling: {
    defaultReplicas: 1,
    maxReplicas: 1,
    reason: 'Prometheus and Alertmanager keep their data on RWO volumes',
  },
  resources: resources('500m', '2Gi', '2', '4Gi'),
  podSecurity: {
    level: 'privileged',
    reason: 'node-exporter uses the host network, PID namespace and root filesystem',
  },
  // rendered in the render issue
  build: () => ({ objects: [] }),
};
