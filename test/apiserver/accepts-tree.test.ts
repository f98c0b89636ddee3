/*
 * The real kube-apiserver (at the Kubernetes minor of cluster.k3sVersion) judges every object shai renders:
 * server-side apply with dryRun=All and fieldValidation=Strict after the vendored CRDs are installed (CRD
 * OpenAPI schemas, CEL rules, unknown fields, built-in validation), and Pod Security admission judges every
 * pod template as a Pod in its namespace at the level that namespace's labels set.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyAll, applyObject, objectLabel } from '../../src/install/apply.ts';
import { applyQuery, objectPath, type KubeApi } from '../../src/install/api.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { startApiServer, type ApiServer } from '../helpers/apiserver.ts';
import { describeWithTools } from '../helpers/tools.ts';
import { connect, installCrds, rejections } from './helpers.ts';
import { objectsUnder, templatePod, vendoredCrds, type FileObject } from './tree.ts';

describeWithTools(
  'kube-apiserver accepts the rendered tree',
  ['etcd', 'kube-apiserver'],
  'bash .ci/tools.sh',
  (tools) => {
    let server: ApiServer;
    let api: KubeApi;
    let resolve: ReturnType<typeof connect>['resolve'];
    const tree = objectsUnder('deploy');
    const files = new Map(tree.map((o) => [o.object, o.file]));
    const crdRejections: string[] = [];

    beforeAll(async () => {
      server = await startApiServer(tools as never);
      ({ api, resolve } = connect(server));
      const crds = [...vendoredCrds(), ...tree.filter((o) => o.object.kind === 'CustomResourceDefinition')];
      crdRejections.push(
        ...(await installCrds(
          api,
          crds.map((c) => c.object),
        )),
      );
      // Namespaces for real (with their Pod Security labels): namespaced objects and pods are judged inside them.
      const namespaces = tree.filter((o) => o.object.kind === 'Namespace').map((o) => o.object);
      crdRejections.push(...rejections(await applyAll(api, resolve, namespaces)));
    }, 300_000);
    afterAll(async () => server?.stop());

    it('installs every vendored CRD and the namespaces of the tree', () => {
      expect(crdRejections).toEqual([]);
    });

    it('accepts every object of deploy/ (server-side apply, dry run, strict field validation)', async () => {
      const rest = tree.filter(
        (o) => o.object.kind !== 'Namespace' && o.object.kind !== 'CustomResourceDefinition',
      );
      expect(rest.length).toBeGreaterThan(200);
      const applied = await applyAll(
        api,
        resolve,
        rest.map((o) => o.object),
        { dryRun: true },
      );
      expect(rejections(applied, files)).toEqual([]);
    });

    it('admits every pod template of deploy/ as a Pod under its namespace Pod Security level', async () => {
      const pods = tree.flatMap((o: FileObject) => {
        const pod = templatePod(o.object);
        return pod ? [{ pod, file: o.file }] : [];
      });
      expect(pods.length).toBeGreaterThan(20);
      const refused: string[] = [];
      for (const { pod, file } of pods) {
        const r = await admitPod(api, resolve, pod);
        if (r) refused.push(`${objectLabel(pod)} (${file}): ${r}`);
      }
      expect(refused).toEqual([]);
    });

    it('refuses a privileged pod in a namespace labelled restricted (the admission is really on)', async () => {
      const ns = tree.find(
        (o) =>
          o.object.kind === 'Namespace' &&
          labels(o.object)['pod-security.kubernetes.io/enforce'] === 'restricted',
      );
      expect(ns).toBeDefined();
      const pod: KubeObject = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'privileged', namespace: ns!.object.metadata.name },
        spec: { containers: [{ name: 'c', image: 'busybox:1.36', securityContext: { privileged: true } }] },
      };
      expect(await admitPod(api, resolve, pod)).toMatch(/violates PodSecurity "restricted/);
    });

    it('rejects an unknown field under strict validation (the dry run is really strict)', async () => {
      const cm = tree.find((o) => o.object.kind === 'ConfigMap')!.object;
      const bad = { ...cm, spec: { nope: true } } as KubeObject;
      const applied = await applyObject(api, resolve, bad, { dryRun: true });
      expect(applied.outcome).toBe('rejected');
      expect(applied.message).toMatch(/unknown field "spec"/);
    });
  },
);

function labels(o: KubeObject): Record<string, string> {
  return o.metadata.labels ?? {};
}

/** Dry-run creation of the Pod: undefined when admitted, else the API server's reason. */
async function admitPod(
  api: KubeApi,
  resolve: (v: string, k: string) => Promise<{ plural: string; namespaced: boolean } | undefined>,
  pod: KubeObject,
): Promise<string | undefined> {
  const r = (await resolve('v1', 'Pod'))!;
  const reply = await api.request(
    'POST',
    objectPath(pod, r, false) + applyQuery(true).replace(/&force=true/, ''),
    pod,
  );
  if (reply.status >= 200 && reply.status < 300) return undefined;
  return String(reply.body.message ?? `HTTP ${reply.status}`);
}
