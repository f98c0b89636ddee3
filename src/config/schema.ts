import { z } from 'zod';

/** A Kubernetes resource quantity such as `500m`, `2`, `16Gi`. */
export const Quantity = z
  .string()
  .regex(/^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|Ki|Mi|Gi|Ti|Pi)?$/, 'expected a quantity such as 500m, 4 or 16Gi');

const DnsLabel = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'expected a DNS-1123 label (lower case, digits, "-")');

const DnsName = z
  .string()
  .regex(
    /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
    'expected a DNS name such as home.arpa',
  );

const PositiveInt = z.number().int().min(1);

/** A reference to a key of a Kubernetes Secret; values never appear in platform.yaml. */
export const SecretRef = z.strictObject({
  name: DnsLabel.describe('Name of the Secret (sealed by shai) that holds the value.'),
  key: z.string().min(1).describe('Key inside that Secret.'),
});

export const Taint = z.strictObject({
  key: z.string().min(1),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
});

export const Gpu = z.strictObject({
  vendor: z.enum(['nvidia', 'amd', 'intel']).default('nvidia').describe('GPU vendor.'),
  model: z.string().min(1).describe('Marketing model name, e.g. "RTX 5080".'),
  vramGiB: z.number().positive().describe('Memory of one GPU in GiB.'),
  count: PositiveInt.default(1).describe('How many GPUs of this model the node has.'),
  sharing: z
    .strictObject({
      strategy: z.enum(['none', 'time-slicing']).default('none'),
      replicas: PositiveInt.default(1).describe('Time-slicing replicas: pods that can share one GPU.'),
    })
    .default({ strategy: 'none', replicas: 1 })
    .describe('How one GPU is shared between pods.'),
  driver: z
    .enum(['host', 'operator'])
    .default('host')
    .describe('"host" when the NVIDIA driver is installed on the node; "operator" lets the GPU operator install it.'),
});

export const NodeRole = z.enum(['control-plane', 'worker', 'storage', 'gpu', 'edge']);

export const Node = z.strictObject({
  name: DnsLabel.describe('Node name as k3s registers it (kubernetes.io/hostname).'),
  roles: z.array(NodeRole).min(1).describe('What the node is for.'),
  arch: z.enum(['amd64', 'arm64']).default('amd64').describe('CPU architecture.'),
  cpu: PositiveInt.describe('CPU cores available to Kubernetes.'),
  memory: Quantity.describe('Memory available to Kubernetes, e.g. 120Gi.'),
  labels: z.record(z.string(), z.string()).default({}).describe('Extra node labels.'),
  taints: z.array(Taint).default([]).describe('Node taints.'),
  storage: z
    .array(
      z.strictObject({
        path: z.string().regex(/^\//, 'expected an absolute path'),
        size: Quantity.describe('Capacity of the path.'),
      }),
    )
    .default([])
    .describe('Disk paths Longhorn may use on this node.'),
  gpus: z.array(Gpu).default([]).describe('GPUs installed in the node.'),
});

export const Tls = z
  .strictObject({
    mode: z.enum(['internal-ca', 'acme-dns01']).default('internal-ca'),
    acme: z
      .strictObject({
        email: z.email(),
        server: z.url().default('https://acme-v02.api.letsencrypt.org/directory'),
        provider: z.enum(['cloudflare', 'route53', 'rfc2136']),
        credentials: SecretRef.describe('Secret holding the DNS provider API token.'),
      })
      .optional()
      .describe('ACME DNS-01 settings, required when mode is acme-dns01.'),
  })
  .default({ mode: 'internal-ca' });

export const Resources = z.strictObject({
  requests: z.strictObject({ cpu: Quantity.optional(), memory: Quantity.optional() }).optional(),
  limits: z.strictObject({ cpu: Quantity.optional(), memory: Quantity.optional() }).optional(),
});

export const ServiceOverride = z.strictObject({
  enabled: z.boolean().default(true).describe('Run this service.'),
  replicas: PositiveInt.optional().describe('Replica count, within what the service allows.'),
  resources: Resources.optional().describe('Container requests and limits for the main container.'),
  storage: Quantity.optional().describe('Size of the service\'s main volume.'),
  node: DnsLabel.optional().describe('Pin the service to this node.'),
  image: z
    .string()
    .regex(/^[^\s:@]+(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/, 'expected an image reference repo:tag')
    .optional()
    .describe('Replace the pinned default image (must carry a version tag).'),
  public: z
    .string()
    .min(10)
    .optional()
    .describe('Serve without authentication; the value is the written reason.'),
});

export const ModelPurpose = z.enum(['general', 'code', 'reasoning', 'vision', 'embedding', 'small']);
export const ModelCapability = z.enum(['chat', 'completion', 'tools', 'vision', 'embedding', 'thinking']);

export const Model = z.strictObject({
  name: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9._/-]*:[a-z0-9][a-z0-9._-]*$/,
      'expected an Ollama model reference name:tag, e.g. qwen2.5:7b',
    )
    .describe('Ollama model reference, name:tag.'),
  purpose: ModelPurpose.describe('What the model is for; drives routing and fallbacks.'),
  capabilities: z.array(ModelCapability).default(['chat']),
  placement: z
    .enum(['gpu', 'cpu', 'both'])
    .default('gpu')
    .describe('Where to serve it: the GPU instance, the CPU instance, or both (load-balanced).'),
  contextLength: PositiveInt.optional().describe('Context window to load the model with.'),
  keepLoaded: z.boolean().default(false).describe('Keep the model resident in memory.'),
  alias: DnsLabel.optional().describe('Name clients use through LiteLLM (defaults to the model name).'),
  rpm: PositiveInt.optional().describe('Requests per minute allowed through LiteLLM.'),
  tpm: PositiveInt.optional().describe('Tokens per minute allowed through LiteLLM.'),
});

export const Backup = z.strictObject({
  target: z.strictObject({
    endpoint: z.url().describe('S3-compatible endpoint; the in-cluster MinIO by default.'),
    bucket: DnsName,
    region: z.string().default('us-east-1'),
    credentials: SecretRef.describe('Secret with the S3 access key pair.'),
  }),
  schedule: z
    .string()
    .regex(/^(\S+\s+){4}\S+$/, 'expected a cron expression with five fields')
    .default('0 3 * * *'),
  retention: z
    .strictObject({ days: PositiveInt.default(14) })
    .default({ days: 14 })
    .describe('How long backups are kept.'),
});

export const Alerts = z.strictObject({
  slack: z
    .strictObject({ webhook: SecretRef, channel: z.string().regex(/^#/, 'expected a channel such as #alerts') })
    .optional(),
  email: z
    .strictObject({
      to: z.email(),
      from: z.email(),
      smarthost: z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port'),
      password: SecretRef,
    })
    .optional(),
});

/** Builds the platform.yaml schema; service names come from the registry so the schema knows them. */
export function platformSchema(serviceNames: readonly [string, ...string[]]) {
  return z.strictObject({
    apiVersion: z.literal('shai.dev/v1alpha1'),
    kind: z.literal('Platform'),
    cluster: z.strictObject({
      name: DnsLabel.describe('Cluster name, also the secret store file name.'),
      k3sVersion: z
        .string()
        .regex(/^v\d+\.\d+\.\d+\+k3s\d+$/, 'expected a k3s version such as v1.33.5+k3s1'),
      nodes: z.array(Node).min(1),
    }),
    domain: DnsName.describe('Every host is <subdomain>.<domain>.'),
    tls: Tls,
    gitops: z.strictObject({
      repoURL: z.string().min(1).describe('Git repository Argo CD reads.'),
      revision: z.string().min(1).default('main'),
      path: z.string().default('deploy').describe('Directory of the rendered tree inside the repository.'),
    }),
    sso: z
      .strictObject({
        realm: DnsLabel.default('platform'),
        adminGroup: z.string().min(1).default('platform-admins'),
      })
      .default({ realm: 'platform', adminGroup: 'platform-admins' }),
    services: z.partialRecord(z.enum(serviceNames), ServiceOverride).default({}),
    models: z.array(Model).default([]),
    backup: Backup.optional(),
    alerts: Alerts.default({}),
  });
}

export type PlatformSchema = ReturnType<typeof platformSchema>;
/** The validated platform.yaml with defaults applied. */
export type Config = z.output<PlatformSchema>;
export type NodeConfig = z.output<typeof Node>;
export type GpuConfig = z.output<typeof Gpu>;
export type ModelConfig = z.output<typeof Model>;
export type ServiceOverrideConfig = z.output<typeof ServiceOverride>;
export type ResourcesConfig = z.output<typeof Resources>;
