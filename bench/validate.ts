// Benchmark of strict validation alone (src/k8s/validate.ts) on 10,000 generated objects:
// Deployments, Services, ConfigMaps, Ingresses and a few CRDs (IngressRoute, Certificate,
// ServiceMonitor). Schema loading is timed separately; the figure is the best of 5 passes.
import { performance } from 'node:perf_hooks';
import type { KubeObject } from '../src/k8s/object.ts';
import { loadSchemas, validateObject } from '../src/k8s/validate.ts';
import type { Bench } from './types.ts';

function deployment(name: string, ns: string, labels: Record<string, string>): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 1000,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name,
              image: `registry.example.com/${name}:1.2.3`,
              ports: [{ name: 'http', containerPort: 8080 }],
              env: [
                { name: 'LOG_LEVEL', value: 'info' },
                { name: 'API_KEY', valueFrom: { secretKeyRef: { name, key: 'api-key' } } },
              ],
              resources: {
                requests: { cpu: '100m', memory: '128Mi' },
                limits: { cpu: '1', memory: '512Mi' },
              },
              readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 10 },
              livenessProbe: { httpGet: { path: '/health', port: 8080 } },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '1Gi' } }],
        },
      },
    },
  };
}

/** Ten objects per generated application: 4 Deployments-worth of core kinds and CRDs. */
function app(i: number): KubeObject[] {
  const ns = `team-${i % 50}`;
  const name = `app-${i}`;
  const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'bench' };
  const host = `${name}.example.com`;
  return [
    deployment(name, ns, labels),
    deployment(`${name}-worker`, ns, { ...labels, 'app.kubernetes.io/component': 'worker' }),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: ns, labels },
      spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: ns },
      data: { LOG_LEVEL: 'info', 'config.yaml': 'a: 1\nb: [1, 2]\n' },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `${name}-extra`, namespace: ns },
      data: { FEATURE: 'on' },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name, namespace: ns },
      spec: {
        ingressClassName: 'traefik',
        tls: [{ hosts: [host], secretName: `${name}-tls` }],
        rules: [
          {
            host,
            http: {
              paths: [
                { path: '/', pathType: 'Prefix', backend: { service: { name, port: { name: 'http' } } } },
              ],
            },
          },
        ],
      },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns } },
    {
      apiVersion: 'traefik.io/v1alpha1',
      kind: 'IngressRoute',
      metadata: { name, namespace: ns },
      spec: {
        entryPoints: ['websecure'],
        tls: {},
        routes: [
          {
            match: `Host(\`${host}\`)`,
            kind: 'Rule',
            middlewares: [{ name: 'auth', namespace: 'platform' }],
            services: [{ name, port: 80 }],
          },
        ],
      },
    },
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name, namespace: ns },
      spec: {
        secretName: `${name}-tls`,
        dnsNames: [host],
        issuerRef: { name: 'internal-ca', kind: 'ClusterIssuer' },
      },
    },
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name, namespace: ns },
      spec: {
        selector: { matchLabels: labels },
        endpoints: [{ port: 'http', path: '/metrics', interval: '30s' }],
      },
    },
  ];
}

/** Strict validation throughput on 10,000 objects. */
export const validateBench: Bench = {
  name: 'validate',
  async run() {
    const objects = Array.from({ length: 1000 }, (_, i) => app(i)).flat();
    const t0 = performance.now();
    await loadSchemas(objects);
    const loadMs = performance.now() - t0;
    let best = Infinity;
    let issues = 0;
    for (let pass = 0; pass < 5; pass++) {
      const t = performance.now();
      issues = 0;
      for (const o of objects) issues += validateObject(o).length;
      best = Math.min(best, performance.now() - t);
    }
    const rate = Math.round(objects.length / (best / 1000));
    return [
      `${rate.toLocaleString('en-US')} objects/s (${objects.length.toLocaleString('en-US')} objects, ${best.toFixed(0)} ms, ${issues} issues)`,
      `validate: schemas loaded in ${loadMs.toFixed(0)} ms; best of 5 passes over ${objects.length} objects: ${best.toFixed(0)} ms = ${rate} objects/s (target ≥ 20,000 for the whole check)`,
    ];
  },
};
