import type { KubeObject } from '../k8s/object.ts';
import type { Placement, PlannedService } from '../plan/types.ts';
import type { BuildContext } from '../services/types.ts';
import { objectMeta, selectorLabels } from '../k8s/meta.ts';
import { exposureRoutes } from './ingress.ts';
import { veleroPodAnnotations } from './velero-backup.ts';
import { RUNS_AS_ROOT_ANNOTATION } from '../k8s/annotations.ts';

/** The securityContext of a non-root container with a read-only root (our Jobs); a fresh object so YAML never aliases it. */
export function readOnlyContainerSecurity(): Record<string, unknown> {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
  };
}

/** A probe against a named port of the service, or a command. */
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

type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet';

/** What a service's workload looks like; everything else comes from the plan. */
export interface WorkloadSpec {
  kind?: WorkloadKind;
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

/** Pod-level security: non-root unless a container states why it needs root, the image's user, the default seccomp. */
function podSecurityContext(spec: WorkloadSpec, rootReasons: string[]): Record<string, unknown> {
  return {
    ...(rootReasons.length === 0 ? { runAsNonRoot: true } : {}),
    ...(spec.user
      ? { runAsUser: spec.user.uid, runAsGroup: spec.user.gid, fsGroup: spec.user.fsGroup ?? spec.user.gid }
      : {}),
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Where the pods may run: the plan's runtime class, node selector, tolerations and required node affinity. */
function scheduling(self: PlannedService): Record<string, unknown> {
  const p = self.placement;
  return {
    ...(p.runtimeClassName ? { runtimeClassName: p.runtimeClassName } : {}),
    ...(Object.keys(p.nodeSelector).length ? { nodeSelector: p.nodeSelector } : {}),
    ...(p.tolerations.length ? { tolerations: p.tolerations } : {}),
    ...requiredAffinity(p.nodeAffinity),
  };
}

/** The pod `affinity` that admits only nodes matching every expression; nothing when there is none. */
export function requiredAffinity(expressions: Placement['nodeAffinity']): {
  affinity?: Record<string, unknown>;
} {
  if (!expressions?.length) return {};
  const required = { nodeSelectorTerms: [{ matchExpressions: expressions }] };
  return { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: required } } };
}

/** The pod spec: service account, scheduling, security, containers and volumes (claims unless a StatefulSet makes them). */
function podSpec(ctx: BuildContext, spec: WorkloadSpec, kind: WorkloadKind, rootReasons: string[]) {
  const { self } = ctx;
  const storageMounts = self.storage.map((s) => ({ name: s.name, mountPath: s.mountPath }));
  const claimVolumes =
    kind === 'StatefulSet'
      ? []
      : self.storage.map((s) => ({
          name: s.name,
          persistentVolumeClaim: { claimName: `${self.name}-${s.name}` },
        }));
  const volumes = [...claimVolumes, ...(spec.volumes ?? [])];
  return {
    serviceAccountName: self.name,
    automountServiceAccountToken: spec.apiAccess ?? false,
    ...scheduling(self),
    securityContext: podSecurityContext(spec, rootReasons),
    ...(spec.podExtra ?? {}),
    ...(spec.initContainers?.length
      ? { initContainers: spec.initContainers.map((c) => container(ctx, c, false, storageMounts)) }
      : {}),
    containers: spec.containers.map((c, i) => container(ctx, c, i === 0, storageMounts)),
    ...(volumes.length ? { volumes } : {}),
  };
}

/** The pod template: labels, the annotations of root reasons, backed-up volumes and the service's own, and the spec. */
function podTemplate(ctx: BuildContext, spec: WorkloadSpec, kind: WorkloadKind) {
  const { self } = ctx;
  const rootReasons = [...spec.containers, ...(spec.initContainers ?? [])].flatMap((c) => c.runAsRoot ?? []);
  const annotations = {
    ...(rootReasons.length ? { [RUNS_AS_ROOT_ANNOTATION]: rootReasons.join('; ') } : {}),
    ...veleroPodAnnotations(self),
    ...(spec.podAnnotations ?? {}),
  };
  return {
    metadata: {
      labels: objectMeta(self, self.name).labels,
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
    spec: podSpec(ctx, spec, kind, rootReasons),
  };
}

/** The claim of one planned volume: its PVC, or a StatefulSet's volumeClaimTemplate. */
function claimSpec(s: PlannedService['storage'][number]): Record<string, unknown> {
  return {
    accessModes: [s.accessMode],
    storageClassName: s.storageClass,
    resources: { requests: { storage: s.size } },
  };
}

/** The Deployment, StatefulSet or DaemonSet of the service. */
function workloadObject(ctx: BuildContext, spec: WorkloadSpec, kind: WorkloadKind): KubeObject {
  const { self } = ctx;
  const rwo = self.storage.some((s) => s.accessMode === 'ReadWriteOnce');
  const workloadSpec: Record<string, unknown> = {
    ...(kind !== 'DaemonSet' ? { replicas: self.replicas } : {}),
    ...(kind === 'StatefulSet' ? { serviceName: self.name } : {}),
    // A ReadWriteOnce volume attaches to one node: the old pod must go before the new one starts.
    ...(kind === 'Deployment' && rwo ? { strategy: { type: 'Recreate' } } : {}),
    selector: { matchLabels: selectorLabels(self) },
    template: podTemplate(ctx, spec, kind),
    ...(kind === 'StatefulSet' && self.storage.length
      ? {
          volumeClaimTemplates: self.storage.map((s) => ({ metadata: { name: s.name }, spec: claimSpec(s) })),
        }
      : {}),
  };
  return { apiVersion: 'apps/v1', kind, metadata: objectMeta(self, self.name), spec: workloadSpec };
}

/** The PersistentVolumeClaims of a Deployment or DaemonSet (a StatefulSet claims through its templates). */
function claims(self: PlannedService, kind: WorkloadKind): KubeObject[] {
  if (kind === 'StatefulSet') return [];
  return self.storage.map((s) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: objectMeta(self, `${self.name}-${s.name}`),
    spec: claimSpec(s),
  }));
}

/** The ClusterIP Service over every port of the service (none when it has no ports). */
function service(self: PlannedService): KubeObject[] {
  if (!self.def.ports.length) return [];
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: objectMeta(self, self.name),
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
    },
  ];
}

/** The ServiceMonitor of a service that declares metrics. */
function serviceMonitor(self: PlannedService): KubeObject[] {
  const metrics = self.def.metrics;
  if (!metrics) return [];
  return [
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: objectMeta(self, self.name),
      spec: {
        selector: { matchLabels: selectorLabels(self) },
        endpoints: [
          {
            port: metrics.port,
            path: metrics.path,
            interval: '30s',
            ...(metrics.bearer
              ? {
                  authorization: {
                    type: 'Bearer',
                    credentials: { name: metrics.bearer.secret, key: metrics.bearer.key },
                  },
                }
              : {}),
          },
        ],
      },
    },
  ];
}

/** Builds a service's ServiceAccount, workload, Service, volumes, routes and ServiceMonitor from the plan. */
export function workload(ctx: BuildContext, spec: WorkloadSpec): KubeObject[] {
  const { self } = ctx;
  const kind = spec.kind ?? 'Deployment';
  return [
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: objectMeta(self, self.name),
      automountServiceAccountToken: spec.apiAccess ?? false,
    },
    workloadObject(ctx, spec, kind),
    ...claims(self, kind),
    ...service(self),
    ...serviceMonitor(self),
    ...exposureRoutes(ctx),
  ];
}
