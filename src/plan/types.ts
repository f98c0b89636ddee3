import type { Config, ModelConfig } from '../config/schema.ts';
import type {
  AuthMode,
  Layer,
  ResolvedBackup,
  ResourceSpec,
  SecretFormat,
  ServiceDef,
} from '../services/types.ts';

/** Where a workload's pods go: derived from the nodes and GPUs in platform.yaml. */
export interface Placement {
  nodeSelector: Record<string, string>;
  tolerations: { key: string; operator: 'Exists' | 'Equal'; value?: string; effect?: string }[];
  runtimeClassName?: string;
  /** Required node affinity, all terms must hold (e.g. keep off GPU-only nodes: hostname NotIn [...]). */
  nodeAffinity?: { key: string; operator: 'In' | 'NotIn'; values: string[] }[];
  /** `nvidia.com/gpu` requested per replica. */
  gpuSlices: number;
  /** Names of the nodes the pods can land on. */
  nodes: string[];
}

/** A Secret placed in its consumer's namespace. */
export interface PlannedSecret {
  service: string;
  namespace: string;
  name: string;
  keys: Record<string, SecretFormat>;
  admin: boolean;
  /** Labels the Secret needs besides shai's own (a consumer selecting secrets by label). */
  labels?: Record<string, string>;
  /** The config path that made this secret exist, for findings. */
  configPath: string;
}

/** A client in the Keycloak realm. */
export interface SsoClient {
  service: string;
  clientId: string;
  kind: 'oidc' | 'oauth2-proxy';
  redirectUris: string[];
  /** Secret (in the service's namespace) holding the client secret. */
  secret: { namespace: string; name: string; key: string };
}

/** An MCP tool server of the platform and the services configured to call it. */
export interface ToolServer {
  service: string;
  title: string;
  /** The in-cluster streamable HTTP endpoint, e.g. `http://mcp-servers.ai.svc.cluster.local:8000/mcp`. */
  url: string;
  /** The tools clients offer. */
  tools: readonly string[];
  /** Every tool the server registers: more than `tools` when clients are to filter some out. */
  registered: readonly string[];
  /** The Secret key holding the bearer token clients send. */
  token: { namespace: string; name: string; key: string };
  /** The token as a composed-secret placeholder (`${namespace/name/key}`), for a client's connections. */
  tokenRef: string;
  /** Services whose configuration lists this server (MCP clients that need it). */
  clients: string[];
}

/** An allowed network flow: one `needs` edge, or ingress from the ingress controller. */
export interface Flow {
  from: { service: string; namespace: string };
  to: { service: string; namespace: string; port: number; portName: string };
  why: string;
}

/** A host served through Traefik. */
export interface PlannedHost {
  service: string;
  host: string;
  url: string;
  port: string;
  auth: AuthMode;
  publicReason?: string;
  kind: 'api' | 'ui';
  healthPath?: string;
  /** A route for API clients with the application's own key, beside the forward-auth one. */
  apiKeys?: boolean;
}

/**
 * A service's PostgreSQL as this platform runs it. Generation n is the n-th promoted recovery of platform.yaml's
 * `backup.recoveries` (0: never restored): its Cluster is `<base>-r<n>`, bootstrapped from the archive of
 * generation n-1's server name, and archives under its own name.
 */
export interface PlannedDatabase {
  name: string;
  /** The CloudNativePG Cluster: `base` in generation 0, `<base>-r<n>` after. */
  cluster: string;
  /** `<service>-db`: generation 0's cluster, and the name of the ObjectStore every generation shares. */
  base: string;
  generation: number;
  /** Where generation n >= 1 recovers from: generation n-1's server name in the archive, up to `at`. */
  recovery?: { source: string; at?: string };
  size: string;
  storageClass: string;
}

/** One service as this platform runs it. */
export interface PlannedService {
  def: ServiceDef;
  name: string;
  layer: Layer;
  namespace: string;
  wave: number;
  replicas: number;
  resources: ResourceSpec;
  /** The main image (platform.yaml override or the pinned default); empty for chart-only services. */
  image: string;
  /** Every image by role, with the main one overridden. */
  images?: Record<string, string>;
  placement: Placement;
  hosts: PlannedHost[];
  /** In-cluster base URL per port name, e.g. `http://litellm.ai.svc.cluster.local:4000`. */
  urls: Record<string, string>;
  secrets: PlannedSecret[];
  storage: {
    name: string;
    size: string;
    mountPath: string;
    accessMode: string;
    storageClass: string;
    backup: boolean;
  }[];
  /** Its PostgreSQL: a CloudNativePG Cluster `cluster` in the service's namespace (read-write Service `<cluster>-rw`). */
  database?: PlannedDatabase;
  /** Its backup on this platform (a store's resolved by what its callers keep there, plan/durable.ts). */
  backup: ResolvedBackup;
  /** Services this one needs that are enabled (optional needs of disabled services dropped). */
  needs: string[];
  /** platform.yaml key path of this service's override, e.g. `services.litellm`. */
  configPath: string;
  /** Enabled only because another enabled service needs it. */
  implied: boolean;
}

/** A model placed on an Ollama instance. */
export interface PlannedModel {
  model: ModelConfig;
  /** Ollama services that serve it (`ollama-gpu`, `ollama-cpu`). */
  instances: string[];
  alias: string;
  configPath: string;
}

/** Something worth a person's attention that is not an error. */
export interface PlanWarning {
  message: string;
  configPath?: string;
}

/** Everything derived from the config and the service catalog. Pure, never stored. */
export interface Plan {
  config: Config;
  services: PlannedService[];
  /** Namespaces in use, sorted. */
  namespaces: string[];
  hosts: PlannedHost[];
  secrets: PlannedSecret[];
  ssoClients: SsoClient[];
  /** MCP tool servers with their tools, and who calls them. */
  toolServers: ToolServer[];
  flows: Flow[];
  models: PlannedModel[];
  warnings: PlanWarning[];
}
