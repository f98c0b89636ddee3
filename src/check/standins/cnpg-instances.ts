import type { KubeObject } from '../../k8s/object.ts';
import { isObject, type Yaml } from '../../semantics/pods.ts';
import type { SourcedObject } from '../types.ts';
import type { StandIn } from './types.ts';

/*
 * The pods CloudNativePG makes for a postgresql.cnpg.io Cluster, rebuilt from cloudnative-pg/cloudnative-pg at
 * tag v1.29.0 (the app version of the cloudnative-pg chart 0.28.0 shai pins):
 * - pkg/specs/pods.go: one instance Pod per `instances`, named `<cluster>-<serial>` (GetInstanceName), with the
 *   pod security context GetPodSecurityContext (runAsNonRoot, uid/gid 26, RuntimeDefault seccomp unless
 *   spec.podSecurityContext says otherwise), a `postgres` container (image spec.imageName, else
 *   versions.DefaultImageName) with spec.resources and probes, and a `bootstrap-controller` init container
 *   running the operator's image (OPERATOR_IMAGE_NAME) with the same resources;
 * - pkg/specs/containers.go GetSecurityContext: containers drop ALL, not privileged, runAsNonRoot, read-only root,
 *   no privilege escalation, each unless spec.securityContext sets it;
 * - pkg/specs/jobs.go CreatePrimaryJob: the first instance is created by a Job `<cluster>-1-initdb` (bootstrap
 *   initdb, the default) with the same pod and containers, the main one named `initdb`; a Cluster bootstrapped
 *   by `recovery` from an archive gets `<cluster>-1-full-recovery` instead (CreatePrimaryJobViaRecovery,
 *   jobs.go:209-220, role `full-recovery`, jobs.go:316; the job is `<instance>-<role>`, jobs.go:322-324).
 */

const SOURCE = 'cloudnative-pg v1.29.0 pkg/specs/pods.go, containers.go, jobs.go';
const DEFAULT_IMAGE = 'ghcr.io/cloudnative-pg/postgresql:18.3-system-trixie';
const POSTGRES_UID = 26;

/** Stand-in instance Pods and the initdb Job of a CloudNativePG Cluster, when the run holds the operator. */
export const cnpgInstances: StandIn = {
  kinds: ['Cluster'],
  build(cluster, objects) {
    if (!String(cluster.object.apiVersion).startsWith('postgresql.cnpg.io/')) return [];
    const spec: Yaml = isObject(cluster.object.spec) ? cluster.object.spec : {};
    const name = String(cluster.object.metadata?.name);
    const namespace = String(cluster.object.metadata?.namespace ?? '');
    const operatorImage = operatorImageOf(objects);
    if (!operatorImage) return []; // the operator (and the image its bootstrap containers run) is not in the run
    const instances = Number.isInteger(spec.instances) && spec.instances > 0 ? spec.instances : 1;
    const stand = (object: KubeObject, what: string): SourcedObject => ({
      object,
      ...(cluster.file !== undefined ? { file: cluster.file } : {}),
      ...(cluster.line !== undefined ? { line: cluster.line } : {}),
      standIn: `${what} CloudNativePG makes for Cluster ${namespace}/${name} (${SOURCE})`,
    });
    const out: SourcedObject[] = [];
    const bootstrap: Yaml = isObject(spec.bootstrap) ? spec.bootstrap : {};
    const role = bootstrap.recovery ? 'full-recovery' : bootstrap.pg_basebackup ? undefined : 'initdb';
    if (role) {
      const pod = podSpec(spec, name, operatorImage, role);
      out.push(
        stand(job(`${name}-1-${role}`, namespace, { ...pod, restartPolicy: 'Never' }), `the ${role} Job`),
      );
    }
    for (let serial = 1; serial <= instances; serial++)
      out.push(
        stand(
          instancePod(`${name}-${serial}`, namespace, podSpec(spec, name, operatorImage, 'postgres')),
          `instance Pod ${serial}`,
        ),
      );
    return out;
  },
};

/** OPERATOR_IMAGE_NAME of the CloudNativePG operator Deployment in the run, which bootstrap containers run. */
function operatorImageOf(objects: readonly SourcedObject[]): string {
  for (const o of objects) {
    if (o.object.kind !== 'Deployment') continue;
    for (const c of (o.object.spec as Yaml)?.template?.spec?.containers ?? [])
      for (const e of Array.isArray(c?.env) ? c.env : [])
        if (e?.name === 'OPERATOR_IMAGE_NAME' && typeof e.value === 'string') return e.value;
  }
  return '';
}

function podSpec(spec: Yaml, cluster: string, operatorImage: string, main: string): Yaml {
  const resources = isObject(spec.resources) ? { resources: spec.resources } : {};
  const sc = containerSecurityContext(spec.securityContext);
  return {
    serviceAccountName:
      typeof spec.serviceAccountName === 'string' && spec.serviceAccountName
        ? spec.serviceAccountName
        : cluster,
    securityContext: podSecurityContext(spec),
    initContainers: [
      { name: 'bootstrap-controller', image: operatorImage, ...resources, securityContext: sc },
    ],
    containers: [
      {
        name: main,
        image: typeof spec.imageName === 'string' && spec.imageName ? spec.imageName : DEFAULT_IMAGE,
        ...resources,
        securityContext: sc,
        ...(main === 'postgres'
          ? {
              startupProbe: { httpGet: { path: '/startupz', port: 8000 } },
              readinessProbe: { httpGet: { path: '/readyz', port: 8000 } },
              livenessProbe: { httpGet: { path: '/healthz', port: 8000 } },
            }
          : {}),
      },
    ],
    ...(isObject(spec.affinity) && Array.isArray(spec.affinity.tolerations)
      ? { tolerations: spec.affinity.tolerations }
      : {}),
  };
}

function podSecurityContext(spec: Yaml): Yaml {
  const seccompProfile = isObject(spec.seccompProfile) ? spec.seccompProfile : { type: 'RuntimeDefault' };
  const uid = Number.isInteger(spec.postgresUID) ? spec.postgresUID : POSTGRES_UID;
  const gid = Number.isInteger(spec.postgresGID) ? spec.postgresGID : POSTGRES_UID;
  if (!isObject(spec.podSecurityContext))
    return { seccompProfile, runAsUser: uid, runAsGroup: gid, runAsNonRoot: true, fsGroup: gid };
  return { runAsUser: uid, runAsGroup: gid, seccompProfile, ...spec.podSecurityContext };
}

function containerSecurityContext(defined: Yaml): Yaml {
  const defaults = {
    capabilities: { drop: ['ALL'] },
    privileged: false,
    runAsNonRoot: true,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
  };
  return isObject(defined) ? { ...defaults, ...defined } : defaults;
}

function instancePod(name: string, namespace: string, spec: Yaml): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { 'cnpg.io/instanceName': name } },
    spec,
  };
}

function job(name: string, namespace: string, spec: Yaml): KubeObject {
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace }, spec: { template: { spec } } };
}
