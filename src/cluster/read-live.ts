import {
  ApiException,
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  NetworkingV1Api,
  NodeV1Api,
  Observable,
  StorageV1Api,
  type ConfigurationOptions,
} from '@kubernetes/client-node';
import { UserError } from '../errors.ts';
import { loadKubeConfig as loadSharedKubeConfig } from './kubeconfig.ts';
import type { KubeObject } from '../k8s/object.ts';
import { forbidden, forbiddenUser, unauthenticated, type ReadProblem } from './access.ts';
import { KINDS, SECRET_KIND, type KindInfo } from './kinds.ts';
import { blankSecret } from './secrets.ts';
import { makeState, type ClusterState } from './state.ts';

/** Where the kubeconfig is and which context to use; both default like kubectl. */
export interface LiveOptions {
  kubeconfig?: string;
  context?: string;
  /** Per-request timeout in ms (default 15 s). */
  timeoutMs?: number;
}

type Apis = ReturnType<typeof makeApis>;
/** One page of a list call: `limit` and `_continue` as the API takes them. */
type Page = { limit: number; _continue?: string };
type Lister = (
  a: Apis,
  o: ConfigurationOptions,
  p: Page,
) => Promise<{ items: unknown[]; metadata?: { _continue?: string } }>;

/** One all-namespaces list call per core kind: the cost does not grow with the number of pods. */
const CORE: Record<string, Lister> = {
  Node: (a, o, p) => a.core.listNode(p, o),
  Namespace: (a, o, p) => a.core.listNamespace(p, o),
  Pod: (a, o, p) => a.core.listPodForAllNamespaces(p, o),
  Event: (a, o, p) => a.core.listEventForAllNamespaces(p, o),
  Service: (a, o, p) => a.core.listServiceForAllNamespaces(p, o),
  Endpoints: (a, o, p) => a.core.listEndpointsForAllNamespaces(p, o),
  ConfigMap: (a, o, p) => a.core.listConfigMapForAllNamespaces(p, o),
  PersistentVolumeClaim: (a, o, p) => a.core.listPersistentVolumeClaimForAllNamespaces(p, o),
  PersistentVolume: (a, o, p) => a.core.listPersistentVolume(p, o),
  ResourceQuota: (a, o, p) => a.core.listResourceQuotaForAllNamespaces(p, o),
  Secret: (a, o, p) => a.core.listSecretForAllNamespaces(p, o),
  Deployment: (a, o, p) => a.apps.listDeploymentForAllNamespaces(p, o),
  ReplicaSet: (a, o, p) => a.apps.listReplicaSetForAllNamespaces(p, o),
  StatefulSet: (a, o, p) => a.apps.listStatefulSetForAllNamespaces(p, o),
  DaemonSet: (a, o, p) => a.apps.listDaemonSetForAllNamespaces(p, o),
  Job: (a, o, p) => a.batch.listJobForAllNamespaces(p, o),
  Ingress: (a, o, p) => a.networking.listIngressForAllNamespaces(p, o),
  StorageClass: (a, o, p) => a.storage.listStorageClass(p, o),
  RuntimeClass: (a, o, p) => a.node.listRuntimeClass(p, o),
};

function makeApis(kc: KubeConfig) {
  return {
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    batch: kc.makeApiClient(BatchV1Api),
    networking: kc.makeApiClient(NetworkingV1Api),
    storage: kc.makeApiClient(StorageV1Api),
    node: kc.makeApiClient(NodeV1Api),
    custom: kc.makeApiClient(CustomObjectsApi),
  };
}

/** Loads the kubeconfig like kubectl: --kubeconfig, else KUBECONFIG / ~/.kube/config / in-cluster. */
export function loadKubeConfig(opts: LiveOptions): KubeConfig {
  return loadSharedKubeConfig(
    opts,
    process.env,
    'pass --kubeconfig FILE, set KUBECONFIG, or read a dump with --from FILE',
  );
}

/**
 * Reads the cluster through the API: every kind in parallel. A 403 marks the kind unreadable, a 404 marks it not
 * served (no such objects exist); 401 on every list, or 404 on every built-in kind, is a UserError: nothing
 * could be read, and a report built from nothing would be false comfort.
 */
export async function readLive(opts: LiveOptions): Promise<ClusterState> {
  const kc = loadKubeConfig(opts);
  const server = kc.getCurrentCluster()!.server;
  const apis = makeApis(kc);
  const timeout = opts.timeoutMs ?? 15_000;
  const options: ConfigurationOptions = {
    middleware: [
      {
        pre: (ctx) => (ctx.setSignal(AbortSignal.timeout(timeout)), new Observable(Promise.resolve(ctx))),
        post: (res) => new Observable(Promise.resolve(res)),
      },
    ],
    middlewareMergeStrategy: 'append',
  };
  const kinds = [...KINDS, SECRET_KIND];
  const codes = new Map<string, number>();
  const unavailable = new Map<string, ReadProblem>();
  const results = await Promise.all(
    kinds.map(async (k) => {
      try {
        const list = await listKind(apis, k, options);
        return list.items.map((item) => normalise(k, item));
      } catch (err) {
        if (!(err instanceof ApiException) || ![401, 403, 404].includes(err.code))
          throw new UserError(`cannot read the cluster at ${server}: ${describe(err)}`, { cause: err });
        codes.set(k.key, err.code);
        if (err.code === 401) unavailable.set(k.key, unauthenticated());
        if (err.code === 403) unavailable.set(k.key, forbidden(k, forbiddenUser(err.body)));
        return [];
      }
    }),
  );
  refuseUnreadable(server, kinds, codes);
  const notServed = new Set(kinds.filter((k) => codes.get(k.key) === 404).map((k) => k.key));
  return makeState(server, results.flat(), new Map([...unavailable].sort()), notServed);
}

/** Throws when the answers show that nothing could be read: credentials refused, or not a Kubernetes API. */
function refuseUnreadable(server: string, kinds: KindInfo[], codes: ReadonlyMap<string, number>): void {
  if (kinds.every((k) => codes.get(k.key) === 401)) {
    const p = unauthenticated();
    throw new UserError(`cannot read the cluster at ${server}: ${p.reason}. ${p.fix}`);
  }
  // Every cluster serves the built-in kinds: a 404 for all of them means the URL is something else.
  if (kinds.filter((k) => !k.crd).every((k) => codes.get(k.key) === 404)) {
    throw new UserError(
      `cannot read the cluster at ${server}: this URL is not a Kubernetes API server (every list answered HTTP 404). ` +
        'Check the server: address of the cluster in the kubeconfig (k3s listens on https://<server>:6443).',
    );
  }
}

/** Objects per list call: a large cluster is read in pages instead of one answer of every pod at once. */
export const PAGE_SIZE = 500;

async function listKind(apis: Apis, k: KindInfo, o: ConfigurationOptions): Promise<{ items: unknown[] }> {
  const items: unknown[] = [];
  let page: Page = { limit: PAGE_SIZE };
  for (;;) {
    const list = await listPage(apis, k, o, page);
    items.push(...list.items);
    const next = list.metadata?._continue ?? (list.metadata as { continue?: string } | undefined)?.continue;
    if (!next) return { items };
    page = { limit: PAGE_SIZE, _continue: next };
  }
}

function listPage(
  apis: Apis,
  k: KindInfo,
  o: ConfigurationOptions,
  page: Page,
): Promise<{ items: unknown[]; metadata?: { _continue?: string } }> {
  const core = CORE[k.kind];
  if (core) return core(apis, o, page);
  const [group, version] = k.apiVersion.split('/') as [string, string];
  return apis.custom.listClusterCustomObject({ group, version, plural: k.plural, ...page }, o) as Promise<{
    items: unknown[];
    metadata?: { _continue?: string };
  }>;
}

/** Plain JSON with kind and apiVersion, as in a kubectl dump; secret values dropped right here. */
function normalise(k: KindInfo, item: unknown): KubeObject {
  // The typed clients return model instances with Date fields; a JSON round trip gives back the wire shape.
  const o = JSON.parse(JSON.stringify(item)) as KubeObject;
  const obj = { ...o, apiVersion: k.apiVersion, kind: k.kind };
  return k === SECRET_KIND ? blankSecret(obj) : obj;
}

function describe(err: unknown): string {
  if (err instanceof ApiException) return `HTTP ${err.code}`;
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string } };
  if (e.name === 'AbortError' || e.name === 'TimeoutError' || /aborted/i.test(e.message ?? ''))
    return 'no answer (timed out)';
  return e.code ?? e.cause?.code ?? e.message ?? String(err);
}
