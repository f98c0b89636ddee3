/*
 * The real kube-apiserver (at the Kubernetes minor of cluster.k3sVersion) judges every object shai renders, and
 * the chart output real helm rendered for the chart Applications (test/fixtures/charts/, once recorded):
 * server-side apply with dryRun=All and fieldValidation=Strict after the CRDs are installed (CRD OpenAPI
 * schemas, CEL rules, unknown fields, built-in validation); and Pod Security admission judges every pod
 * template as a Pod in its namespace at the level that namespace's labels set.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyQuery, objectPath, type KubeApi } from '../../src/install/api.ts';
import { applyAll, applyObject, objectLabel } from '../../src/install/apply.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { startApiServer, type ApiServer } from '../helpers/apiserver.ts';
import { describeWithTools } from '../helpers/tools.ts';
import { connect, installCrds, rejections } from './helpers.ts';
import { objectsUnder, templatePod, vendoredCrds, type FileObject } from './tree.ts';

const tree = [...objectsUnder('deploy'), ...objectsUnder('test/fixtures/charts')];

describeWithTools(
  'kube-apiserver accepts the rendered tree',
  ['etcd', 'kube-apiserver'],
  'bash .ci/tools.sh',
  (tools) => {
    let server: ApiServer;
    let api: KubeApi;
    let resolve: ReturnType<typeof connect>['resolve'];
    const setupRejections: string[] = [];

    beforeAll(async () => {
      server = await startApiServer(tools as never);
      ({ api, resolve } = connect(server));
      const crds = [...vendoredCrds(), ...tree.filter((o) => o.object.kind === 'CustomResourceDefinition')];
      setupRejections.push(
        ...(await installCrds(
          api,
          crds.map((c) => c.object),
        )),
      );
      // Argo CD puts a chart's namespaced objects that name no namespace into the destination namespace.
      for (const o of tree) {
        if (!o.namespace || o.object.metadata.namespace) continue;
        if ((await resolve(o.object.apiVersion, o.object.kind))?.namespaced !== false)
          o.object = { ...o.object, metadata: { ...o.object.metadata, namespace: o.namespace } };
      }
      // Namespaces for real (with their Pod Security labels): namespaced objects and pods are judged inside them.
      // So are PriorityClasses and RuntimeClasses: pods that name one are refused while it does not exist.
      // RuntimeClass nvidia is in no manifest: the GPU operator creates it when it starts.
      const gpuOperatorRuntimeClass: KubeObject = {
        apiVersion: 'node.k8s.io/v1',
        kind: 'RuntimeClass',
        metadata: { name: 'nvidia' },
        handler: 'nvidia',
      };
      const real = tree
        .filter((o) => ['Namespace', 'PriorityClass', 'RuntimeClass'].includes(o.object.kind))
        .map((o) => o.object);
      setupRejections.push(...rejections(await applyAll(api, resolve, [...real, gpuOperatorRuntimeClass])));
    }, 300_000);
    afterAll(async () => server?.stop());

    it('installs every CRD (vendored and recorded) and the namespaces of the tree', () => {
      expect(setupRejections).toEqual([]);
    }, 600_000);

    it('accepts every object (server-side apply, dry run, strict field validation)', async () => {
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
      expect(rejections(applied, new Map(rest.map((o) => [o.object, o.file])))).toEqual([]);
    }, 600_000);

    it('admits every pod template as a Pod under its namespace Pod Security level', async () => {
      const pods = tree.flatMap((o: FileObject) => {
        const pod = o.object.kind === 'Pod' ? o.object : templatePod(o.object);
        return pod ? [{ pod, file: o.file }] : [];
      });
      expect(pods.length).toBeGreaterThan(10);
      const refused: string[] = [];
      for (const { pod, file } of pods) {
        const r = await admitPod(api, resolve, pod);
        if (r) refused.push(`${objectLabel(pod)} (${file}): ${r}`);
      }
      expect(refused).toEqual([]);
    }, 600_000);

    it('refuses a privileged pod in a namespace labelled restricted (the admission is really on)', async () => {
      const ns = tree.find(
        (o) =>
          o.object.kind === 'Namespace' &&
          o.object.metadata.labels?.['pod-security.kubernetes.io/enforce'] === 'restricted',
      );
      expect(ns).toBeDefined();
      const pod: KubeObject = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'privileged', namespace: ns!.object.metadata.name },
        spec: { containers: [{ name: 'c', image: 'busybox:1.36', securityContext: { privileged: true } }] },
      };
      expect(await admitPod(api, resolve, pod)).toMatch(/violates PodSecurity "restricted/);
    }, 600_000);

    it('rejects an unknown field under strict validation (the dry run is really strict)', async () => {
      const cm = tree.find((o) => o.object.kind === 'ConfigMap')!.object;
      const applied = await applyObject(api, resolve, { ...cm, spec: { nope: true } } as KubeObject, {
        dryRun: true,
      });
      expect(applied.outcome).toBe('rejected');
      expect(applied.message).toMatch(/\.spec: field not declared in schema/);
    }, 600_000);
  },
);

/** Dry-run creation of the Pod: undefined when admitted, else the API server's reason. */
async function admitPod(
  api: KubeApi,
  resolve: ReturnType<typeof connect>['resolve'],
  pod: KubeObject,
): Promise<string | undefined> {
  const r = (await resolve('v1', 'Pod'))!;
  const reply = await api.request(
    'POST',
    objectPath(pod, r, false) + applyQuery(true).replace('&force=true', ''),
    pod,
  );
  if (reply.status >= 200 && reply.status < 300) return undefined;
  return String(reply.body.message ?? `HTTP ${reply.status}`);
}
