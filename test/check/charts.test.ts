import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/engine.ts';
import { ingressBackendExists } from '../../src/check/rules/ingress-backend-exists.ts';
import { secretRefExists } from '../../src/check/rules/secret-ref-exists.ts';
import type { SourcedObject } from '../../src/check/types.ts';
import type { KubeObject } from '../../src/k8s/object.ts';

const src = (object: KubeObject): SourcedObject => ({ object, file: 'x.yaml' });

const longhornApp = src({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'longhorn', namespace: 'argocd' },
  spec: {
    source: { repoURL: 'https://charts.longhorn.io', chart: 'longhorn', targetRevision: '1.9.1' },
    destination: { server: 'https://kubernetes.default.svc', namespace: 'longhorn-system' },
  },
});

const route = (ns: string) =>
  src({
    apiVersion: 'traefik.io/v1alpha1',
    kind: 'IngressRoute',
    metadata: { name: 'longhorn', namespace: ns },
    spec: {
      routes: [
        {
          match: 'Host(`longhorn.example.com`)',
          kind: 'Rule',
          services: [{ name: 'longhorn-frontend', port: 80 }],
        },
      ],
    },
  });

describe('references into namespaces that get a Helm chart', () => {
  it('are skipped, naming the Application, since the chart may create the object', () => {
    const r = runCheck({ objects: [longhornApp, route('longhorn-system')] }, [ingressBackendExists]);
    expect(r.findings).toMatchObject([
      {
        status: 'skipped',
        message:
          'service "longhorn-frontend" is not in the tree; namespace longhorn-system also gets the Helm chart of Application argocd/longhorn, which may create it',
      },
    ]);
  });

  it('still fail without such a chart, or when the object sits in another namespace', () => {
    expect(runCheck({ objects: [longhornApp, route('storage')] }, [ingressBackendExists]).counts.fail).toBe(
      1,
    );
    const secret = src({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: 'ai' } });
    const pod = src({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'longhorn-system' },
      spec: { containers: [{ name: 'c', image: 'x:1', envFrom: [{ secretRef: { name: 'creds' } }] }] },
    });
    const r = runCheck({ objects: [longhornApp, secret, pod] }, [secretRefExists]);
    expect(r.findings).toMatchObject([
      { status: 'fail', message: expect.stringContaining('(it exists in namespace ai)') },
    ]);
  });
});
