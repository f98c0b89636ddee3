import type { RestoreProbe, RestoreStep, SnapshotSpec } from '../backup/snapshots.ts';
import type { Config } from '../config/schema.ts';
import type { KubeObject } from '../k8s/object.ts';
import type { SecretRefKey } from '../plan/config-secrets.ts';
import type { EndpointKey } from '../plan/endpoints.ts';
import type { Plan, PlannedService, ToolServer } from '../plan/types.ts';

/** Where a service sits in the platform; each layer is one Argo CD AppProject. */
export type Layer = 'system' | 'platform' | 'ai' | 'ops' | 'ci';

/** How an exposed host is authenticated. `public` needs a written reason. */
export type AuthMode = 'oidc' | 'forward-auth' | 'public';

/** A named port a service listens on. */
export interface PortDef {
  name: string;
  port: number;
  protocol?: 'TCP' | 'UDP';
  /** Kubernetes Service carrying this port when it is not named after the service (charts name their own). */
  serviceName?: string;
}

/** A call from this service to another one: the edge of the network and dependency graphs. */
export interface Need {
  service: string;
  /** Name of the callee's port; absent for an ordering-only need (its CRDs or webhooks, no traffic from our pods). */
  port?: string;
  /** A soft need: used when the callee is enabled, not required. */
  optional?: boolean;
  why: string;
  /**
   * This caller keeps state in the callee that must survive (job queues, sessions), not only a cache it refills:
   * what that state is. A store the callee (`BackupSpec` kind `store`) then runs durable and is backed up.
   */
  durable?: string;
}

/** A host served through the ingress controller. */
export interface Exposure {
  port: string;
  subdomain: string;
  auth: AuthMode;
  /** Required when auth is `public`. */
  publicReason?: string;
  /** Path a health probe can call through the public URL. */
  healthPath?: string;
  /** Is this an API (latency budget 500 ms) or a UI (2 s)? */
  kind: 'api' | 'ui';
  /**
   * API clients carrying the application's own key (its image contract's `apiKey`) reach it without SSO,
   * untouched, and the application checks the key; browsers stay behind forward-auth.
   */
  apiKeys?: boolean;
}

/** The format of one generated secret value. */
export type SecretFormat =
  | { kind: 'password'; length: number }
  | { kind: 'token'; bytes: number; encoding: 'hex' | 'base64' | 'base64url' }
  | { kind: 'api-key'; prefix: string; bytes: number }
  /** oauth2-proxy: 32 random bytes, URL-safe base64. */
  | { kind: 'cookie-secret' }
  /** A fixed, non-secret value such as a user name. */
  | { kind: 'fixed'; value: string }
  /** Composed from other keys: `${key}` for a key of the same secret, `${secret/key}` for another. */
  | { kind: 'composed'; template: string }
  /** Supplied by the user (e.g. a GitHub App private key); never generated. */
  | { kind: 'external'; description: string };

/** A Secret a service consumes; placed by the plan in the service's namespace. */
export interface SecretSpec {
  name: string;
  keys: Record<string, SecretFormat>;
  /** An admin credential a person needs (printed by `shai secrets export`). */
  admin?: boolean;
  /**
   * Planned only when this holds (e.g. a secret composed from another service's, needed only while this platform
   * uses that service); always planned when absent.
   */
  plannedWhen?: (config: Plan['config'], services: readonly { name: string; namespace: string }[]) => boolean;
}

/** A persistent volume a service owns. */
export interface StorageSpec {
  name: string;
  size: string;
  mountPath: string;
  accessMode: 'ReadWriteOnce' | 'ReadWriteMany';
  /** Data that a backup must keep. */
  backup: boolean;
}

/**
 * Network facts of a service's pods beyond `needs`, `exposes`, `metrics` and `egress`, for the
 * NetworkPolicies render derives (src/render/network.ts). Mostly for upstream charts, whose pods talk
 * on ports the chart chooses.
 */
export interface NetworkFacts {
  /** Ports the Kubernetes API server calls on the pods: admission and conversion webhooks, service-proxy calls. */
  fromApiServer?: { port: number; why: string }[];
  /**
   * One label every pod of the chart carries (Helm's `app.kubernetes.io/instance: <release>`), where the
   * chart is reliable about it: its policies then select only its pods. Without it a chart's policies
   * select every pod of its namespace that shai does not build and no other chart's label claims.
   */
  podLabel?: { key: string; value: string };
  /** Why the pods talk to each other directly on ports of the chart's choosing: allows all traffic among them. */
  intraNamespace?: string;
  /** Metric ports Prometheus scrapes besides the `metrics` port (other components of the same chart). */
  scrapePorts?: number[];
  /** This service scrapes the metrics of every service (Prometheus): its pods get the scrape flows. */
  scrapesMetrics?: boolean;
  /** Ports beyond 80/443 it opens on internet addresses (private ranges stay closed), with `egress.internet`. */
  internetPorts?: { port: number; protocol?: 'TCP' | 'UDP'; why: string }[];
  /**
   * Ports it opens on addresses platform.yaml does not know (node addresses for host-network endpoints
   * such as the kubelet), or on the pods of one namespace when `namespace` is set.
   */
  extraEgress?: { port: number; protocol?: 'TCP' | 'UDP'; namespace?: string; why: string }[];
  /**
   * Ports of its own that its Jobs call (a model pull, a bucket or credential import): a flow from the
   * service's pods to themselves, so the Job's egress and the server's ingress are both open.
   */
  selfCalls?: { port: string; why: string }[];
  /**
   * Services that call one of its ports but cannot say so in `needs` because they sync first (an operator calling
   * a plugin that needs the operator's CRDs): a flow from each enabled caller to the port.
   */
  calledBy?: { service: string; port: string; why: string }[];
  /** Endpoints platform.yaml names that its pods call: egress follows the address (src/plan/endpoints.ts). */
  endpoints?: { key: EndpointKey; why: string }[];
}

/** GPU needs of a service. */
export interface GpuSpec {
  /** `required`: only runs on a GPU; `preferred`: uses one when present. */
  mode: 'required' | 'preferred';
  /** GPU slices (`nvidia.com/gpu`) per replica. */
  slices: number;
  /** VRAM the workload needs besides models, in GiB. */
  vramGiB: number;
}

/** Container resources as Kubernetes quantities. */
export interface ResourceSpec {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
}

/**
 * How a service is backed up: what to keep, how it is made consistent, how a restore is proved.
 * `volume`: Velero copies the named volumes (file by file, the opt-in annotation), after the snapshot hook when
 * there is one, else as the files are (`consistency` says why that is enough). `postgres`: its CloudNativePG
 * cluster archives WAL continuously and takes scheduled base backups to the S3 target (point-in-time recovery);
 * its volumes, if any, go with Velero as above.
 */
export type BackupSpec =
  | VolumeBackup
  | {
      kind: 'postgres';
      database: string;
      volumes?: string[];
      snapshot?: SnapshotSpec;
      consistency?: string;
      probe?: RestoreProbe;
    } & BackupPods
  | { kind: 'none'; reason: string }
  /**
   * A store whose worth is its callers': `cache` (no backup, why) while every enabled caller only caches there;
   * `durable` once one declares durable state in it (`Need.durable`). The plan resolves it (plan/durable.ts).
   */
  | { kind: 'store'; cache: string; durable: VolumeBackup };

/** The backup a plan resolved for a service: a `store` became `none` or its `durable` volume backup. */
export type ResolvedBackup = Exclude<BackupSpec, { kind: 'store' }>;

/** Which of the namespace's objects are the service's, for a restore, and which pods hold its kept volumes. */
export interface BackupPods {
  /**
   * The labels every object of the service carries (its workloads, claims, Services), which pick them out of its
   * namespace for a Velero restore. Default: shai's `app.kubernetes.io/name: <service>`, or a chart's
   * `app.kubernetes.io/instance: <release>`; a chart labelled otherwise says so.
   */
  labels?: Record<string, string>;
  /** Beside `labels`, the labels of the pods that mount the kept volumes, where not all the service's pods do (a subchart's): the volume probe runs there. */
  pods?: Record<string, string>;
}

/** Velero copies the named volumes, after the snapshot hook, and a restore runs `restore` before the application. */
export interface VolumeBackup extends BackupPods {
  kind: 'volume';
  volumes: string[];
  snapshot?: SnapshotSpec;
  consistency?: string;
  probe: RestoreProbe;
  /** Run in the restored pod before the application starts (a Velero restore init hook), e.g. to load a snapshot. */
  restore?: RestoreStep;
}

/** Where a pinned upstream Helm chart comes from (versions live in src/services/versions.ts). */
export interface ChartRef {
  repoURL: string;
  chart: string;
  version: string;
}

/** A pinned upstream Helm chart deployed by the service's Application. */
export interface ChartSource extends ChartRef {
  releaseName?: string;
  values: Record<string, unknown>;
}

/** What `build` returns: own manifests, a pinned chart, or both (chart plus extra objects). */
export interface BuildOutput {
  objects: KubeObject[];
  chart?: ChartSource;
}

/** What a service's build sees: the whole plan and its own planned entry. */
export interface BuildContext {
  plan: Plan;
  self: PlannedService;
}

/**
 * How an MCP client is given the tool servers it uses, in a Secret `secret` the plan composes (each server's
 * token copied in from the server's own Secret, so a rotated token follows): either one key `key` holding
 * `connections(servers)`, the client's whole configuration of them (Open WebUI), or one key per server, named
 * after the server, holding its token alone (`tokens: 'per-server'`: LiteLLM, whose config file names them).
 */
export type McpClient =
  | { secret: string; key: string; connections: (servers: readonly ToolServer[]) => string }
  | { secret: string; tokens: 'per-server' };

/** One service of the platform, as data plus a pure build function. */
export interface ServiceDef {
  name: string;
  title: string;
  description: string;
  layer: Layer;
  namespace: string;
  wave: number;
  /** Is it on when platform.yaml says nothing about it? */
  defaultEnabled: boolean;
  /** Images by role (main, init, ...), pinned to a version tag; `main` can be overridden in platform.yaml. */
  images: Record<string, string>;
  ports: PortDef[];
  needs: Need[];
  exposes: Exposure[];
  secrets: SecretSpec[];
  /** Secrets platform.yaml references that it consumes: planned as `external` secrets in its namespace. */
  secretRefs?: { key: SecretRefKey; why: string; when?: (config: Config) => boolean }[];
  gpu?: GpuSpec;
  /** Runs only on a cluster with a GPU node (drivers, device plugin): off without one unless asked, and then refused. */
  gpuNodesOnly?: boolean;
  storage: StorageSpec[];
  /** The metrics endpoint; `bearer` names the key of one of its Secrets that the scrape must send. */
  metrics?: { port: string; path: string; bearer?: { secret: string; key: string } };
  backup: BackupSpec;
  /** SSO client needed in the realm: native OIDC login or the oauth2-proxy client. */
  sso?:
    | {
        kind: 'oidc';
        redirectPaths: string[];
        clientId?: string;
        /** Extra labels of its client-secret Secret (Argo CD only resolves `$secret:key` from its own). */
        secretLabels?: Record<string, string>;
        /** Keys of one of its own secrets the plan fills with the realm's issuer URL and its first redirect URI. */
        planValues?: { secret: string; issuer?: string; redirectUri?: string };
      }
    | { kind: 'oauth2-proxy' };
  /**
   * A PostgreSQL database (a CloudNativePG Cluster in the service's own namespace). `url` names a key of one of
   * its own secrets the plan composes as the connection URL of the planned cluster (plan/storage.ts), so it
   * follows the cluster to a promoted recovery's generation.
   */
  database?: { name: string; size: string; url?: { secret: string; key: string } };
  /**
   * Cluster-scoped kinds the service's chart renders beyond the usual RBAC, CRD, webhook and storage kinds
   * (src/render/argocd.ts), which its layer's AppProject must allow (e.g. the GPU operator's ClusterPolicy).
   */
  chartClusterKinds?: readonly { group: string; kind: string }[];
  /** API groups of the CRDs this service installs; objects of those groups sync after it. */
  installsCrds?: string[];
  /** Egress beyond the platform. */
  egress?: { internet?: boolean; apiServer?: boolean };
  /**
   * An MCP server over streamable HTTP on `port` at `path`, with the tools it registers; clients send the
   * `token` key of one of its own Secrets as a bearer token.
   */
  mcp?: {
    port: string;
    path: string;
    tools: readonly string[];
    /** Every tool the image registers, when clients are to offer only `tools` of them (they filter the rest). */
    registered?: readonly string[];
    token: { secret: string; key: string };
  };
  /**
   * An MCP client of the tool servers it `needs`: the plan gives it a Secret `secret` whose key `key` holds
   * `connections(servers)`, the client's own configuration of them, with each server's token composed in
   * from the server's Secret (so a rotated token follows).
   */
  mcpClient?: McpClient;
  /** Network facts the NetworkPolicies need beyond the fields above. */
  network?: NetworkFacts;
  /** What platform.yaml may change, and the defaults. */
  scaling: { defaultReplicas: number; maxReplicas: number; reason?: string };
  resources: ResourceSpec;
  /** Pod Security level the workloads of this service need, with the reason when not restricted. */
  podSecurity: { level: 'restricted' | 'baseline' | 'privileged'; reason?: string };
  /**
   * Why its image needs a writable root file system, when it does: `read-only-root-fs` warns about the
   * container, and deploy/README.md ("Warnings that remain") gives this reason.
   */
  writableRootReason?: string;
  /** The pinned upstream chart the render step deploys, for chart-based services. */
  chart?: ChartRef;
  /** CPU architectures the images are published for; both when absent. */
  archs?: readonly ('amd64' | 'arm64')[];
  /** Runs one pod on every node (a DaemonSet): placed on all nodes, tolerating their taints. */
  perNode?: boolean;
  build(ctx: BuildContext): BuildOutput;
}

export type { RestoreProbe, SnapshotSpec };
