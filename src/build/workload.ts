import type { KubeObject } from '../k8s/object.ts';
import type { BuildContext } from '../services/types.ts';
import { objectMeta, selectorLabels } from '../k8s/meta.ts';
import { exposureRoutes } from './ingress.ts';
import { backupVolumes } from './velero-backup.ts';
import { RUNS_AS_ROOT_ANNOTATION } from '../k8s/annotations.ts';

/** A probe against a named port of the service, or a command. */
/** The securityContext of a non-root container with a read-only root (our Jobs); a fresh object so YAML never aliases it. */
export function readOnlyContainerSecurity(): Record<string, unknown> {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
  };
}

export type ProbeSpec =
  | {
      http: string;
      port?: string;
      initialDelaySeconds?: number;
      periodSeconds?: number;
      failureThreshold?: number;
    }
  | { tcp: string; initialDelaySeconds?: number; periodSeconds?: number; failureThreshold?: number }
  | { exec: string[]; initialDelaySeconds?: number; periodSeconds?: number; failureThreshold?: number };

/** A container of a workload; the main one defaults to the service's image, ports and resources. */
export interface ContainerSpec {
  name?: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: Record<string, unknown>[];
  envFrom?: Record<string, unknown>[];
  /** Port names of the service this container listens on; the main container gets all by default. */
  ports?: string[];
  liveness?: ProbeSpec;
  readiness?: ProbeSpec;
  startup?: ProbeSpec;
  volumeMounts?: Record<string, unknown>[];
  resources?: { requests: Record<string, string>; limits: Record<string, string> };
  readOnlyRootFilesystem?: boolean;
  /** Needed only where the image must run as root; the reason is written beside the object. */
  runAsRoot?: string;
}

/** What a service's workload looks like; everything else comes from the plan. */
export interface WorkloadSpec {
  kind?: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  containers: [ContainerSpec, ...ContainerSpec[]];
  initContainers?: ContainerSpec[];
  volumes?: Record<string, unknown>[];
  /** UID/GID the image runs as. */
  user?: { uid: number; gid: number; fsGroup?: number };
  /** Mount a token only when the workload calls the Kubernetes API. */
  apiAccess?: boolean;
  podAnnotations?: Record<string, string>;
  /** Pod-level extras (e.g. enableServiceLinks: false). */
  podExtra?: Record<string, unknown>;
}

function probe(p: ProbeSpec | undefined, defaultPort: string): Record<string, unknown> | undefined {
  if (!p) return undefined;
  const timing = {
    ...(p.initialDelaySeconds !== undefined ? { initialDelaySeconds: p.initialDelaySeconds } : {}),
    periodSeconds: p.periodSeconds ?? 10,
    timeoutSeconds: 5,
    failureThreshold: p.failureThreshold ?? 6,
  };
  if ('http' in p) return { httpGet: { path: p.http, port: p.port ?? defaultPort }, ...timing };
  if ('tcp' in p) return { tcpSocket: { port: p.tcp }, ...timing };
  return { exec: { command: p.exec }, ...timing };
}

function container(
  ctx: BuildContext,
  c: ContainerSpec,
  main: boolean,
  storageMounts: Record<string, unknown>[],
) {
  const { self } = ctx;
  const portNames = c.ports ?? (main ? self.def.ports.map((p) => p.name) : []);
  const ports = portNames.map((n) => {
    const p = self.def.ports.find((x) => x.name === n);
    if (!p) throw new Error(`${self.name}: container port "${n}" is not a port of the service`);
    return { name: p.name, containerPort: p.port, protocol: p.protocol ?? 'TCP' };
  });
  const gpu =
    main && self.placement.gpuSlices > 0 ? { 'nvidia.com/gpu': String(self.placement.gpuSlices) } : {};
  const base = c.resources ?? self.resources;
  const resources = {
    requests: { ...base.requests, ...gpu },
    limits: { ...base.limits, ...gpu },
  };
  const defaultPort = portNames[0] ?? '';
  const securityContext = c.runAsRoot
    ? { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: false, runAsUser: 0 }
    : {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        readOnlyRootFilesystem: c.readOnlyRootFilesystem ?? false,
        runAsNonRoot: true,
      };
  return {
    name: c.name ?? self.name,
    image: c.image ?? self.image,
    imagePullPolicy: 'IfNotPresent',
    // A crash's last log lines become its termination message, which `shai doctor` reads for the cause.
    terminationMessagePolicy: 'FallbackToLogsOnError',
    ...(c.command ? { command: c.command } : {}),
    ...(c.args ? { args: c.args } : {}),
    ...(c.env && c.env.length ? { env: c.env } : {}),
    ...(c.envFrom && c.envFrom.length ? { envFrom: c.envFrom } : {}),
    ...(ports.length ? { ports } : {}),
    ...(probe(c.liveness, defaultPort) ? { livenessProbe: probe(c.liveness, defaultPort) } : {}),
    ...(probe(c.readiness, defaultPort) ? { readinessProbe: probe(c.readiness, defaultPort) } : {}),
    ...(probe(c.startup, defaultPort) ? { startupProbe: probe(c.startup, defaultPort) } : {}),
    resources,
    securityContext,
    ...([...(main ? storageMounts : []), ...(c.volumeMounts ?? [])].length
      ? { volumeMounts: [...(main ? storageMounts : []), ...(c.volumeMounts ?? [])] }
      : {}),
  };
}

/** Builds a service's ServiceAccount, workload, Service, volumes, routes and ServiceMonitor from the plan. */
export function workload(ctx: BuildContext, spec: WorkloadSpec): KubeObject[] {
  const { self } = ctx;
  const kind = spec.kind ?? 'Deployment';
  const meta = (name: string, component?: string) => objectMeta(self, name, component ? { component } : {});
  const storageMounts = self.storage.map((s) => ({ name: s.name, mountPath: s.mountPath }));
  const rootReasons = [...spec.containers, ...(spec.initContainers ?? [])].flatMap((c) => c.runAsRoot ?? []);
  const podSecurityContext = {
    ...(rootReasons.length === 0 ? { runAsNonRoot: true } : {}),
    ...(spec.user
      ? { runAsUser: spec.user.uid, runAsGroup: spec.user.gid, fsGroup: spec.user.fsGroup ?? spec.user.gid }
      : {}),
    seccompProfile: { type: 'RuntimeDefault' },
  };
  const claimVolumes =
    kind === 'StatefulSet'
      ? []
      : self.storage.map((s) => ({
          name: s.name,
          persistentVolumeClaim: { claimName: `${self.name}-${s.name}` },
        }));
  const podSpec = {
    serviceAccountName: self.name,
    automountServiceAccountToken: spec.apiAccess ?? false,
    ...(self.placement.runtimeClassName ? { runtimeClassName: self.placement.runtimeClassName } : {}),
    ...(Object.keys(self.placement.nodeSelector).length ? { nodeSelector: self.placement.nodeSelector } : {}),
    ...(self.placement.tolerations.length ? { tolerations: self.placement.tolerations } : {}),
    ...(self.placement.nodeAffinity?.length
      ? {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchExpressions: self.placement.nodeAffinity }],
              },
            },
          },
        }
      : {}),
    securityContext: podSecurityContext,
    ...(spec.podExtra ?? {}),
    ...(spec.initContainers?.length
      ? { initContainers: spec.initContainers.map((c) => container(ctx, c, false, storageMounts)) }
      : {}),
    containers: spec.containers.map((c, i) => container(ctx, c, i === 0, storageMounts)),
    ...([...claimVolumes, ...(spec.volumes ?? [])].length
      ? { volumes: [...claimVolumes, ...(spec.volumes ?? [])] }
      : {}),
  };
  const annotations = {
    ...(rootReasons.length ? { [RUNS_AS_ROOT_ANNOTATION]: rootReasons.join('; ') } : {}),
    ...backupVolumes(self.storage.filter((s) => s.backup).map((s) => s.name)),
    ...(spec.podAnnotations ?? {}),
  };
  const template = {
    metadata: { labels: meta(self.name).labels, ...(Object.keys(annotations).length ? { annotations } : {}) },
    spec: podSpec,
  };
  const rwo = self.storage.some((s) => s.accessMode === 'ReadWriteOnce');
  const workloadSpec: Record<string, unknown> = {
    ...(kind !== 'DaemonSet' ? { replicas: self.replicas } : {}),
    ...(kind === 'StatefulSet' ? { serviceName: self.name } : {}),
    ...(kind === 'Deployment' && rwo ? { strategy: { type: 'Recreate' } } : {}),
    selector: { matchLabels: selectorLabels(self) },
    template,
    ...(kind === 'StatefulSet' && self.storage.length
      ? {
          volumeClaimTemplates: self.storage.map((s) => ({
            metadata: { name: s.name },
            spec: {
              accessModes: [s.accessMode],
              storageClassName: s.storageClass,
              resources: { requests: { storage: s.size } },
            },
          })),
        }
      : {}),
  };
  const objects: KubeObject[] = [
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: meta(self.name),
      automountServiceAccountToken: spec.apiAccess ?? false,
    },
    { apiVersion: 'apps/v1', kind, metadata: meta(self.name), spec: workloadSpec },
  ];
  if (kind !== 'StatefulSet') {
    for (const s of self.storage) {
      objects.push({
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: meta(`${self.name}-${s.name}`),
        spec: {
          accessModes: [s.accessMode],
          storageClassName: s.storageClass,
          resources: { requests: { storage: s.size } },
        },
      });
    }
  }
  if (self.def.ports.length) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(self.name),
      spec: {
        type: 'ClusterIP',
        selector: selectorLabels(self),
        ports: self.def.ports.map((p) => ({
          name: p.name,
          port: p.port,
          targetPort: p.name,
          protocol: p.protocol ?? 'TCP',
        })),
      },
    });
  }
  if (self.def.metrics) {
    objects.push({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: meta(self.name),
      spec: {
        selector: { matchLabels: selectorLabels(self) },
        endpoints: [
          {
            port: self.def.metrics.port,
            path: self.def.metrics.path,
            interval: '30s',
            ...(self.def.metrics.bearer
              ? {
                  authorization: {
                    type: 'Bearer',
                    credentials: { name: self.def.metrics.bearer.secret, key: self.def.metrics.bearer.key },
                  },
                }
              : {}),
          },
        ],
      },
    });
  }
  objects.push(...exposureRoutes(ctx));
  return objects;
}
