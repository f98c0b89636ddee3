// Benchmark of `shai check`: parse 10,000 generated objects with the reader `shai check PATH` uses,
// then parse + check with every rule.
// Issue 4 target: ≥ 20,000 objects/s, and parse + check ≤ 2× parse alone.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { parseObjects as parse } from '../src/check/read.ts';
import { runCheck } from '../src/check/engine.ts';
import { RULES } from '../src/check/registry.ts';
import { loadSchemas } from '../src/k8s/validate.ts';
import type { KubeObject } from '../src/k8s/object.ts';
import type { Bench } from './types.ts';

/** Objects per generated application. */
function app(i: number): KubeObject[] {
  const ns = `team-${i % 50}`;
  const name = `app-${i}`;
  const labels = { 'app.kubernetes.io/name': name };
  const sc = {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem: true,
  };
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns } },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: ns },
      data: { LOG_LEVEL: 'info', 'config.yaml': 'a: 1\n' },
    },
    {
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata: { name, namespace: ns },
      spec: { encryptedData: { password: 'AgBy3i4OJSWK+PiTySYZZA==' } },
    },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name, namespace: ns },
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: 'local-path',
        resources: { requests: { storage: '1Gi' } },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: ns },
      spec: { selector: labels, ports: [{ name: 'http', port: 8080 }] },
    },
    {
      apiVersion: 'traefik.io/v1alpha1',
      kind: 'IngressRoute',
      metadata: { name, namespace: ns, annotations: { 'shai.dev/auth': 'oidc' } },
      spec: {
        entryPoints: ['websecure'],
        tls: {},
        routes: [
          { match: `Host(\`${name}.example.com\`)`, kind: 'Rule', services: [{ name, port: 'http' }] },
        ],
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: ns, labels },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: name,
            securityContext: { runAsNonRoot: true },
            containers: [
              {
                name,
                image: `ghcr.io/example/${name}:1.0.${i}`,
                env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name, key: 'password' } } }],
                envFrom: [{ configMapRef: { name } }],
                resources: { limits: { cpu: '500m', memory: '256Mi' } },
                readinessProbe: { httpGet: { path: '/', port: 8080 } },
                livenessProbe: { httpGet: { path: '/', port: 8080 } },
                securityContext: sc,
              },
            ],
            volumes: [{ name: 'data', persistentVolumeClaim: { claimName: name } }],
          },
        },
      },
    },
  ];
}

/** `count` objects as one multi-document YAML text. */
export function generate(count: number): string {
  const objects: KubeObject[] = [];
  for (let i = 0; objects.length < count; i++) objects.push(...app(i));
  return objects
    .slice(0, count)
    .map((o) => stringify(o, { version: '1.1' }))
    .join('---\n');
}

function best(times: number, fn: () => void): number {
  let min = Infinity;
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

/** Runs the benchmark and returns its report lines. */
export async function run(): Promise<string[]> {
  const count = 10_000;
  const text = generate(count);
  let findings = 0;
  const parseMs = best(5, () => void parse(text, 'bench.yaml'));
  await loadSchemas(); // one-off imports of the schemas, as any run pays once per process
  const checkMs = best(5, () => {
    findings = runCheck({ objects: parse(text, 'bench.yaml') }, RULES).findings.length;
  });
  const rate = Math.round((count / checkMs) * 1000);
  const ratio = (checkMs / parseMs).toFixed(2);
  return [
    `${rate} objects/s parse + check, ${ratio}× parse alone (targets ≥ 20000/s, ≤ 2×)`,
    `check: ${count} objects, ${RULES.length} rules, ${findings} findings`,
    `  parse only        ${parseMs.toFixed(0)} ms (${Math.round((count / parseMs) * 1000)} objects/s)`,
    `  parse + check     ${checkMs.toFixed(0)} ms (${rate} objects/s; target ≥ 20000)`,
    `  ratio             ${ratio}× parse (target ≤ 2)`,
  ];
}

/** Name of this benchmark in bench/run.ts. */
export const name = 'check';

/** The entry bench/run.ts lists. */
export const checkBench: Bench = { name, run };

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log((await run()).join('\n'));
