import type { Config } from '../config/schema.ts';
import { UserError } from '../errors.ts';
import type { PlannedSecret, PlannedService } from './types.ts';

/** The keys of platform.yaml that reference a Secret the user supplies (`{ name, key }`). */
export type SecretRefKey =
  | 'tls.acme.credentials'
  | 'backup.target.credentials'
  | 'alerts.slack.webhook'
  | 'alerts.email.password'
  | 'workflows.github-summary.token';

/** What the value must be, for `shai secrets status` and `set`. */
const DESCRIPTIONS: Record<SecretRefKey, string> = {
  'tls.acme.credentials': 'API token of the DNS provider that answers the ACME DNS-01 challenge',
  'backup.target.credentials':
    'AWS credentials file for the S3 target: "[default]" then aws_access_key_id=... and aws_secret_access_key=... lines',
  'alerts.slack.webhook': 'Slack incoming-webhook URL (https://hooks.slack.com/services/...)',
  'alerts.email.password': 'password of the SMTP account that sends the alert e-mails',
  'workflows.github-summary.token':
    'GitHub token (fine-grained: Issues and Pull requests read and write) the github-summary workflow comments with',
};

/**
 * True when the backup target is the planned in-cluster MinIO: Velero then uses its own `velero-s3`,
 * composed from MinIO's root credentials, and `backup.target.credentials` names nothing it reads.
 */
export function backupTargetIsPlannedMinio(
  config: Config,
  minio: { name: string; namespace: string } | undefined,
): boolean {
  const target = config.backup?.target;
  return (
    !!target &&
    !!minio &&
    new URL(target.endpoint).hostname === `${minio.name}.${minio.namespace}.svc.cluster.local`
  );
}

/** The Secret reference a key of platform.yaml holds, or undefined when unset or unused. */
function refOf(config: Config, key: SecretRefKey, services: readonly PlannedService[]) {
  switch (key) {
    case 'tls.acme.credentials':
      return config.tls.mode === 'acme-dns01' ? config.tls.acme?.credentials : undefined;
    case 'backup.target.credentials':
      return backupTargetIsPlannedMinio(
        config,
        services.find((s) => s.name === 'minio'),
      )
        ? undefined
        : config.backup?.target.credentials;
    case 'alerts.slack.webhook':
      return config.alerts.slack?.webhook;
    case 'alerts.email.password':
      return config.alerts.email?.password;
    case 'workflows.github-summary.token':
      return config.workflows['github-summary'].enabled
        ? config.workflows['github-summary'].token
        : undefined;
  }
}

/**
 * The Secrets platform.yaml references, as `external` secrets of the service that consumes them (its
 * `secretRefs`), in that service's namespace: one per Secret name, with every key referenced. A name the
 * service already generates a secret under is refused (the two would overwrite each other).
 */
export function planConfigSecrets(config: Config, services: readonly PlannedService[]): PlannedSecret[] {
  const out = new Map<string, PlannedSecret>();
  for (const svc of services)
    for (const { key, when } of svc.def.secretRefs ?? []) {
      const ref = when && !when(config) ? undefined : refOf(config, key, services);
      if (!ref) continue;
      if (svc.secrets.some((s) => s.name === ref.name))
        throw new UserError(
          `platform.yaml ${key}.name: "${ref.name}" is a secret shai generates for ${svc.name}; name another Secret`,
        );
      const id = `${svc.namespace}/${ref.name}`;
      const secret = out.get(id) ?? {
        service: svc.name,
        namespace: svc.namespace,
        name: ref.name,
        keys: {},
        admin: false,
        configPath: key,
      };
      secret.keys[ref.key] ??= { kind: 'external', description: DESCRIPTIONS[key] };
      out.set(id, secret);
    }
  return [...out.values()];
}
