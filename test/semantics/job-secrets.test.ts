/** Secrets a chart's Job creates when it runs: read from its command line, then found by secret-ref-exists. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseObjects } from '../../src/check/read.ts';
import { secretRefExists } from '../../src/check/rules/secret-ref-exists.ts';
import type { SourcedObject } from '../../src/check/types.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { jobSecrets } from '../../src/semantics/job-secrets.ts';
import { buildIndex } from '../../src/semantics/objects.ts';

const CHARTS = join(import.meta.dirname, '../fixtures/charts');
const recording = (app: string) =>
  parseObjects(readFileSync(join(CHARTS, `${app}.yaml`), 'utf8'), `test/fixtures/charts/${app}.yaml`);

const job = (container: Record<string, unknown>, namespace = 'monitoring'): KubeObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'create', namespace },
  spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', ...container }] } } },
});
const certgen = (...args: string[]) => job({ image: 'ghcr.io/jkroepke/kube-webhook-certgen:1.8.7', args });

describe('jobSecrets', () => {
  it('reads the Secret each recorded chart Job creates: argo-cd redis-secret-init, kube-prometheus-stack admission-create', () => {
    const made = (app: string) =>
      recording(app).flatMap((s) =>
        jobSecrets(s.object).map((j) => `${s.object.metadata.name} -> ${JSON.stringify(j)}`),
      );
    expect(made('argocd')).toEqual([
      'argocd-redis-secret-init -> {"namespace":"argocd","name":"argocd-redis","keys":["auth"]}',
    ]);
    // admission-patch only reads the Secret to patch the webhooks' caBundle.
    expect(made('kube-prometheus-stack')).toEqual([
      'kube-prometheus-stack-admission-create -> {"namespace":"monitoring","name":"kube-prometheus-stack-admission","keys":["ca","cert","key"]}',
    ]);
  });

  it('follows the flags: the namespace and key names given, none without --secret-name or --namespace', () => {
    expect(jobSecrets(certgen('create', '--secret-name=s', '--namespace=x', '--cert-name=tls.crt'))).toEqual([
      { namespace: 'x', name: 's', keys: ['ca', 'tls.crt', 'key'] },
    ]);
    expect(jobSecrets(certgen('create', '--namespace=x'))).toEqual([]);
    expect(jobSecrets(certgen('create', '--secret-name=s'))).toEqual([]);
    expect(jobSecrets(certgen('patch', '--secret-name=s', '--namespace=x'))).toEqual([]);
    expect(
      jobSecrets(job({ image: 'busybox:1.37', args: ['create', '--secret-name=s', '--namespace=x'] })),
    ).toEqual([]);
  });

  it('counts a Job that runs before or with the workloads, not a PostSync hook or one Argo CD never runs', () => {
    const hooked = (annotations: Record<string, string>) => {
      const j = certgen('create', '--secret-name=s', '--namespace=x');
      j.metadata.annotations = annotations;
      return jobSecrets(j).length;
    };
    expect(hooked({ 'helm.sh/hook': 'pre-install,pre-upgrade' })).toBe(1);
    expect(hooked({ 'argocd.argoproj.io/hook': 'Sync' })).toBe(1);
    // PostSync runs once the workloads are healthy, which they are not without the Secret.
    expect(hooked({ 'helm.sh/hook': 'post-install,post-upgrade' })).toBe(0);
    expect(hooked({ 'argocd.argoproj.io/hook': 'PostSync' })).toBe(0);
    expect(hooked({ 'helm.sh/hook': 'test' })).toBe(0);
    expect(hooked({ 'helm.sh/hook': 'pre-install', 'argocd.argoproj.io/hook': 'PostSync' })).toBe(0);
  });

  it('reads argocd admin redis-initial-password as Argo CD runs it, in the namespace of the Job', () => {
    const redis = (command: string[]) =>
      jobSecrets(job({ image: 'quay.io/argoproj/argocd:v3.3.9', command }, 'cd'));
    expect(redis(['argocd', 'admin', 'redis-initial-password'])).toEqual([
      { namespace: 'cd', name: 'argocd-redis', keys: ['auth'] },
    ]);
    expect(redis(['argocd', 'admin', 'initial-password'])).toEqual([]);
    expect(redis(['echo', 'admin', 'redis-initial-password'])).toEqual([]);
  });
});

describe('secret-ref-exists with a Job that creates the Secret', () => {
  const consumer = (key: string): SourcedObject => ({
    file: 'd.yaml',
    object: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'server', namespace: 'argocd' },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: {
          metadata: { labels: { a: 'b' } },
          spec: {
            containers: [
              {
                name: 's',
                image: 'quay.io/argoproj/argocd:v3.3.9',
                env: [{ name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { name: 'argocd-redis', key } } }],
              },
            ],
          },
        },
      },
    },
  });
  const initJob = recording('argocd').find((s) => s.object.kind === 'Job')!;
  const verdicts = (objects: SourcedObject[]) =>
    secretRefExists
      .check({ objects, index: buildIndex(objects) })
      .filter((r) => r.object.object.metadata.name === 'server')
      .map((r) => `${r.status}: ${r.message}`);

  it("passes the key the Job writes, fails another key naming the Job's keys, and fails without the Job", () => {
    expect(verdicts([consumer('auth'), initJob])).toEqual(['pass: ok']);
    expect(verdicts([consumer('password'), initJob])).toEqual([
      'fail: env REDIS_PASSWORD: secret "argocd-redis" in namespace argocd has no key "password" (keys: auth)',
    ]);
    expect(verdicts([consumer('auth')])[0]).toMatch(
      /^fail: env REDIS_PASSWORD: secret "argocd-redis" not found/,
    );
  });
});
