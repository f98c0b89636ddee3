import { isIP } from 'node:net';
import { z } from 'zod';
import { isCron } from './cron.ts';
import { Workflows } from './workflows.ts';
import {
  DnsLabel,
  DnsName,
  Email,
  IMAGE,
  isPinnedImage,
  isRfc3339,
  PositiveInt,
  Quantity,
  RepoPath,
  SecretRef,
  TIME_MESSAGE,
} from './primitives.ts';

export { Quantity, SecretRef };

/** A node taint, as in the Kubernetes Node spec. */
export const Taint = z.strictObject({
  key: z.string().min(1).describe('Taint key, e.g. nvidia.com/gpu.'),
  value: z.string().optional().describe('Taint value.'),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).describe('What the taint does to pods.'),
});

/** A GPU model installed in a node, and how it is shared. */
export const Gpu = z.strictObject({
  vendor: z.enum(['nvidia', 'amd', 'intel']).default('nvidia').describe('GPU vendor.'),
  model: z.string().min(1).describe('Marketing model name, e.g. "RTX 5080".'),
  vramGiB: z.number().positive().describe('Memory of one GPU in GiB.'),
  count: PositiveInt.default(1).describe('How many GPUs of this model the node has.'),
  sharing: z
    .strictObject({
      strategy: z
        .enum(['none', 'time-slicing'])
        .default('none')
        .describe('"time-slicing" lets several pods share one GPU (no memory isolation).'),
      replicas: PositiveInt.default(1).describe('Time-slicing replicas: pods that can share one GPU.'),
    })
    .default({ strategy: 'none', replicas: 1 })
    .describe('How one GPU is shared between pods.'),
  driver: z
    .enum(['host', 'operator'])
    .default('host')
    .describe(
      '"host" when the NVIDIA driver is installed on the node; "operator" lets the GPU operator install it.',
    ),
});

/** What a node is for. */
export const NodeRole = z.enum(['control-plane', 'worker', 'storage', 'gpu', 'edge']);

/** One k3s node. */
export const Node = z.strictObject({
  name: DnsLabel.describe('Node name as k3s registers it (kubernetes.io/hostname).'),
  roles: z
    .array(NodeRole)
    .min(1)
    .describe('What the node is for: control-plane, worker, storage, gpu, edge.'),
  arch: z.enum(['amd64', 'arm64']).default('amd64').describe('CPU architecture.'),
  cpu: PositiveInt.describe('CPU cores available to Kubernetes.'),
  memory: Quantity.describe('Memory available to Kubernetes, e.g. 120Gi.'),
  labels: z.record(z.string(), z.string()).default({}).describe('Extra node labels.'),
  taints: z.array(Taint).default([]).describe('Node taints.'),
  storage: z
    .array(
      z.strictObject({
        path: z
          .string()
          .regex(/^\//, { error: 'expected an absolute path such as /data' })
          .describe('Directory on the node.'),
        size: Quantity.describe('Capacity of the path, e.g. 3Ti.'),
      }),
    )
    .default([])
    .describe('Disk paths Longhorn may use on this node.'),
  gpus: z.array(Gpu).default([]).describe('GPUs installed in the node.'),
});

/** How hosts get certificates. */
export const Tls = z
  .strictObject({
    mode: z
      .enum(['internal-ca', 'acme-dns01'])
      .default('internal-ca')
      .describe(
        '"internal-ca": a self-signed root CA in the cluster; "acme-dns01": Let\'s Encrypt via DNS-01.',
      ),
    acme: z
      .strictObject({
        email: Email.describe('Contact address for the ACME account.'),
        server: z
          .url({
            protocol: /^https$/,
            error: 'expected an https URL such as https://acme-v02.api.letsencrypt.org/directory',
          })
          .default('https://acme-v02.api.letsencrypt.org/directory')
          .describe('ACME directory URL.'),
        provider: z
          .enum(['cloudflare', 'route53', 'rfc2136'])
          .describe('DNS provider that answers the challenge.'),
        credentials: SecretRef.describe('Secret holding the DNS provider API token.'),
      })
      .optional()
      .describe('ACME DNS-01 settings, required when mode is acme-dns01.'),
  })
  .default({ mode: 'internal-ca' })
  .describe('TLS for every host.');

const CpuMemory = z.strictObject({
  cpu: Quantity.optional().describe('CPU, e.g. 500m or 2.'),
  memory: Quantity.optional().describe('Memory, e.g. 512Mi.'),
});

/** Container requests and limits. */
export const Resources = z.strictObject({
  requests: CpuMemory.optional().describe('What the scheduler reserves.'),
  limits: CpuMemory.optional().describe('The most the container may use.'),
});

/** Per-service settings in platform.yaml; each stays within what the service allows. */
export const ServiceOverride = z.strictObject({
  enabled: z.boolean({ error: 'expected true or false' }).default(true).describe('Run this service.'),
  replicas: PositiveInt.optional().describe('Replica count, within what the service allows.'),
  resources: Resources.optional().describe('Container requests and limits for the main container.'),
  storage: Quantity.optional().describe("Size of the service's main volume."),
  node: DnsLabel.optional().describe('Pin the service to this node.'),
  image: z
    .string({ error: IMAGE })
    .regex(/^(?:[a-z0-9.-]+(?::\d+)?\/)?[a-z0-9._/-]+(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/, {
      error: IMAGE,
      abort: true,
    })
    .refine(isPinnedImage, { error: IMAGE })
    .optional()
    .describe('Replace the pinned default image (must carry a version tag).'),
  public: z
    .string()
    .min(10, { error: 'expected a reason of at least 10 characters' })
    .optional()
    .describe('Serve without authentication; the value is the written reason.'),
});

/** What a model is for. */
export const ModelPurpose = z.enum(['general', 'code', 'reasoning', 'vision', 'embedding', 'small']);
/** What a model can do. */
export const ModelCapability = z.enum(['chat', 'completion', 'tools', 'vision', 'embedding', 'thinking']);

const MODEL_REF = 'expected an Ollama model reference name:tag, e.g. qwen2.5:7b';

/** A model served by Ollama and routed by LiteLLM. */
export const Model = z.strictObject({
  name: z
    .string({ error: MODEL_REF })
    .regex(/^[a-z0-9][a-z0-9._/-]*:[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: MODEL_REF })
    .describe('Ollama model reference, name:tag.'),
  purpose: ModelPurpose.describe('What the model is for; drives routing and fallbacks.'),
  capabilities: z.array(ModelCapability).default(['chat']).describe('What the model can do.'),
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

/** How LiteLLM picks among the deployments of one model (router_settings.routing_strategy). */
export const RoutingStrategy = z.enum([
  'simple-shuffle',
  'least-busy',
  'usage-based-routing-v2',
  'latency-based-routing',
]);

/** LiteLLM routing across the placements of each model. */
export const Routing = z.strictObject({
  strategy: RoutingStrategy.default('least-busy').describe(
    'How LiteLLM picks among the deployments of a model served on both GPU and CPU.',
  ),
});

const CRON = 'expected a cron expression with five fields, e.g. "0 3 * * *"';
const CRON_RANGE =
  'expected cron fields within minute 0-59, hour 0-23, day 1-31, month 1-12, weekday 0-7, e.g. "0 3 * * *"';

const CIDR = 'expected an address range such as 192.168.1.0/24';
/** `address/bits` with a prefix length the address family allows. */
const isCidr = (v: string) => {
  const [ip = '', bits = '', ...rest] = v.split('/');
  const family = isIP(ip);
  return !rest.length && family > 0 && /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
};
/** A LAN range a configured endpoint may resolve into: NetworkPolicies then open it despite the private-range rule. */
const LanCidr = z
  .string({ error: CIDR })
  .refine(isCidr, { error: CIDR })
  .describe(
    'LAN range (CIDR) the host resolves into; egress to it stays open although private ranges are closed to internet egress.',
  );

/** One promoted database recovery: the service's database is bootstrapped again from its archive, up to `at`. */
const Recovery = z.strictObject({
  service: z
    .string()
    .min(1)
    .describe('The service whose database was restored (one with a backed-up database).'),
  at: z
    .string({ error: TIME_MESSAGE })
    .refine(isRfc3339, { error: TIME_MESSAGE })
    .optional()
    .describe(
      'The point in time recovered to (RFC 3339 with its offset); the end of the archive when absent.',
    ),
});

/** Where and when backups go. */
export const Backup = z.strictObject({
  target: z
    .strictObject({
      endpoint: z
        .url({
          protocol: /^https?$/,
          error: 'expected an http(s) URL such as http://minio.backup.svc.cluster.local:9000',
        })
        .describe('S3-compatible endpoint; the in-cluster MinIO by default.'),
      bucket: DnsName.describe('Bucket name.'),
      region: z.string().default('us-east-1').describe('S3 region.'),
      credentials: SecretRef.describe('Secret with the S3 access key pair.'),
      cidr: LanCidr.optional(),
    })
    .describe('The S3-compatible target.'),
  schedule: z
    .string({ error: CRON })
    .regex(/^\s*(\S+\s+){4}\S+\s*$/, { error: CRON, abort: true })
    .refine(isCron, { error: CRON_RANGE })
    .default('0 3 * * *')
    .describe('Cron schedule of the daily backup.'),
  retention: z
    .strictObject({ days: PositiveInt.default(14).describe('Days a backup is kept.') })
    .default({ days: 14 })
    .describe('How long backups are kept.'),
  recoveries: z
    .array(Recovery)
    .default([])
    .describe(
      "Database restores promoted to production, oldest first: each entry makes a new generation of the service's database (keycloak-db-r1, then keycloak-db-r2, ...), a CloudNativePG Cluster recovered from the previous generation's archive.",
    ),
});

/** Where alerts go; credentials are Secret references. */
export const Alerts = z.strictObject({
  slack: z
    .strictObject({
      webhook: SecretRef.describe('Secret holding the Slack incoming-webhook URL.'),
      channel: z
        .string()
        .regex(/^#/, { error: 'expected a channel such as #alerts' })
        .describe('Channel name.'),
    })
    .optional()
    .describe('Slack receiver.'),
  email: z
    .strictObject({
      to: Email.describe('Recipient.'),
      from: Email.describe('Sender.'),
      smarthost: z
        .string()
        .regex(/^[^:\s]+:\d+$/, { error: 'expected host:port' })
        .describe('SMTP relay, host:port.'),
      password: SecretRef.describe('Secret holding the SMTP password.'),
      cidr: LanCidr.optional(),
    })
    .optional()
    .describe('E-mail receiver.'),
});

/** ComfyUI's model folders (folder_paths.py), where the download Job puts each file. */
const COMFY_FOLDERS = [
  'checkpoints',
  'clip',
  'clip_vision',
  'controlnet',
  'diffusion_models',
  'embeddings',
  'loras',
  'style_models',
  'text_encoders',
  'unet',
  'upscale_models',
  'vae',
] as const;

/** One model file the ComfyUI download Job fetches, checks and keeps on the models volume. */
const ComfyModel = z.strictObject({
  name: z
    .string()
    .regex(/^[\w][\w.+-]*$/, { error: 'expected a file name without a path' })
    .describe('File name in the folder, e.g. sd_xl_base_1.0.safetensors.'),
  folder: z.enum(COMFY_FOLDERS).describe('ComfyUI model folder the file belongs in.'),
  url: z
    .string()
    .regex(/^https:\/\/\S+$/, { error: 'expected an https:// URL' })
    .describe('Where to download it (pin a revision, not a branch).'),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, { error: 'expected 64 lower-case hex digits' })
    .describe('SHA-256 of the file; a download that does not match is deleted.'),
  size: PositiveInt.describe('Size in bytes; a partial download resumes from where it stopped.'),
  licence: z.string().min(3).describe('The licence of the weights, for the people who use them.'),
});

/** Builds the platform.yaml schema; service names come from the registry so the schema knows them. */
export function platformSchema(serviceNames: readonly string[]) {
  const services: Record<string, z.ZodOptional<typeof ServiceOverride>> = {};
  for (const name of [...serviceNames].sort()) services[name] = ServiceOverride.optional();
  return z.strictObject({
    apiVersion: z.literal('shai.dev/v1alpha1').describe('Version of this file format.'),
    kind: z.literal('Platform').describe('Always "Platform".'),
    cluster: z
      .strictObject({
        name: DnsLabel.describe('Cluster name, also the secret store file name.'),
        k3sVersion: z
          .string()
          .regex(/^v\d+\.\d+\.\d+\+k3s\d+$/, { error: 'expected a k3s version such as v1.33.5+k3s1' })
          .describe('k3s release the nodes run.'),
        nodes: z.array(Node).min(1).describe('The nodes of the cluster.'),
      })
      .describe('The k3s cluster.'),
    domain: DnsName.describe('Every host is <subdomain>.<domain>.'),
    tls: Tls,
    gitops: z
      .strictObject({
        repoURL: z.string().min(1).describe('Git repository Argo CD reads.'),
        revision: z.string().min(1).default('main').describe('Branch, tag or commit.'),
        path: RepoPath.default('deploy').describe(
          'Directory of the rendered tree inside the repository (relative to platform.yaml, which sits at the repository root); render owns it.',
        ),
        cidr: LanCidr.optional(),
      })
      .describe('Where the rendered GitOps tree lives.'),
    sso: z
      .strictObject({
        realm: DnsLabel.default('platform').describe('Keycloak realm.'),
        adminGroup: z
          .string()
          .min(1)
          .default('platform-admins')
          .describe('Group whose members administer everything.'),
      })
      .default({ realm: 'platform', adminGroup: 'platform-admins' })
      .describe('Single sign-on through Keycloak.'),
    services: z
      .strictObject(services)
      .default({})
      .describe('Per-service overrides; a service not listed keeps its default (on unless marked optional).'),
    models: z.array(Model).default([]).describe('Models to serve.'),
    comfyui: z
      .strictObject({
        models: z
          .array(ComfyModel)
          .default([])
          .describe('Model files the download Job puts on the models volume.'),
      })
      .default({ models: [] })
      .describe('ComfyUI: the model files to seed its models volume with.'),
    routing: Routing.default({ strategy: 'least-busy' }).describe(
      'LiteLLM routing between model deployments.',
    ),
    backup: Backup.optional().describe('Backups with Velero.'),
    alerts: Alerts.default({}).describe('Alert receivers for Alertmanager.'),
    workflows: Workflows.prefault({}),
  });
}

/** The zod type of the whole file. */
export type PlatformSchema = ReturnType<typeof platformSchema>;
/** The validated platform.yaml with defaults applied. */
export type Config = z.output<PlatformSchema>;
/** One node of the cluster. */
export type NodeConfig = z.output<typeof Node>;
/** One GPU model entry of a node. */
export type GpuConfig = z.output<typeof Gpu>;
/** One model entry. */
export type ModelConfig = z.output<typeof Model>;
/** One service override. */
export type ServiceOverrideConfig = z.output<typeof ServiceOverride>;
/** One promoted database recovery (backup.recoveries). */
export type RecoveryConfig = z.output<typeof Recovery>;
/** Container resources as written in platform.yaml. */
export type ResourcesConfig = z.output<typeof Resources>;
