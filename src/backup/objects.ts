/*
 * The Kubernetes objects `shai backup run` and `restore` create, built from the plan (pure):
 * - a database: an on-demand CloudNativePG Backup through the Barman Cloud plugin; a restore is a new Cluster in
 *   the target namespace bootstrapped by recovery from the service's archive, up to `--at` when given
 *   (plugin-barman-cloud v0.13.0 web/docs/usage.md "Restoring a Cluster"; CloudNativePG v1.29 recoveryTarget),
 *   with an ObjectStore there naming the same archive (the plugin reads it in the Cluster's namespace), and no
 *   WAL archiver: a drill must never write into the production archive;
 * - volumes: an on-demand Velero Backup of the service's namespace (only the opt-in volumes are copied, after
 *   the snapshot hooks); a restore is a Velero Restore of the service's objects from a chosen Backup, mapped into
 *   the target namespace.
 */
import type { KubeObject } from '../k8s/object.ts';
import type { Plan, PlannedService } from '../plan/types.ts';
import { BACKUP_KEY_ID, BACKUP_KEY_SECRET, backupKeysSecret } from '../plan/backup.ts';
import { BARMAN_PLUGIN, destinationPath, recoveryFrom } from './archive.ts';
import { objectMeta } from '../k8s/meta.ts';
import { RESTORED_AT_ANNOTATION, RESTORE_OF_LABEL } from '../k8s/annotations.ts';
import { InternalError } from '../errors.ts';
import type { BackupUnit } from './units.ts';

/** The name of the init container a restore step runs in (and of its Velero hook). */
export const RESTORE_STEP_CONTAINER = 'shai-restore';

/**
 * Velero's restore init hook running the unit's restore step in the restored pod, before the application
 * (RestoreSpec.hooks, velero v1.18.1 site/content/docs/v1.18/restore-hooks.md: after Velero's restore-wait init
 * container, so the volume's files are back): the service's own image, its volume mounted where it mounts it,
 * under the restricted profile and the resource limits its pods keep.
 */
function restoreHooks(svc: PlannedService, unit: BackupUnit) {
  const step = unit.restore!;
  const volume = svc.storage.find((v) => v.name === step.volume);
  if (!volume) throw new InternalError(`${svc.name}: restore step on unknown volume ${step.volume}`);
  return {
    resources: [
      {
        name: `${unit.service}-${RESTORE_STEP_CONTAINER}`,
        // No namespace filter: the Restore itself holds only the service's namespace, mapped or not.
        includedResources: ['pods'],
        labelSelector: { matchLabels: unit.pods },
        postHooks: [
          {
            init: {
              timeout: step.timeout,
              initContainers: [
                {
                  name: RESTORE_STEP_CONTAINER,
                  image: svc.image,
                  command: [step.shell, '-c', step.script],
                  volumeMounts: [
                    { name: volume.name, mountPath: volume.mountPath },
                    ...(step.mounts ?? []).map((m) => ({ name: m.volume, mountPath: m.mountPath })),
                  ],
                  // The service's own requests and limits: the admission policies refuse a pod whose init
                  // container has no limits (shai-resource-limits), and the step runs the same server.
                  resources: svc.resources,
                  securityContext: {
                    allowPrivilegeEscalation: false,
                    capabilities: { drop: ['ALL'] },
                    readOnlyRootFilesystem: true,
                    runAsNonRoot: true,
                  },
                },
              ],
            },
          },
        ],
      },
    ],
  };
}

/** `20261203T153000Z`: a name suffix that sorts by time and is a valid Kubernetes name part (lower-cased). */
export function stamp(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d+Z$/, 'z')
    .replace(/[-:]/g, '')
    .toLowerCase();
}

/** The scratch namespace a restore goes to unless `--to-namespace` says otherwise. */
export const scratchNamespace = (service: string) => `shai-restore-${service}`;

function serviceOf(plan: Plan, unit: BackupUnit): PlannedService {
  const svc = plan.services.find((s) => s.name === unit.service);
  if (!svc) throw new InternalError(`${unit.service} is not planned`);
  return svc;
}

/** Velero's namespace (where its Backup and Restore objects live). */
export function veleroNamespace(plan: Plan): string {
  return plan.services.find((s) => s.name === 'velero')?.namespace ?? 'velero';
}

/** The objects of an on-demand backup of the unit: a CloudNativePG Backup and/or a Velero Backup. */
export function runObjects(plan: Plan, unit: BackupUnit, at: Date): KubeObject[] {
  const svc = serviceOf(plan, unit);
  const name = `${unit.service}-${stamp(at)}`;
  const out: KubeObject[] = [];
  if (unit.database)
    out.push({
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Backup',
      metadata: objectMeta(svc, name, { component: 'database' }),
      spec: {
        cluster: { name: unit.database.cluster },
        method: 'plugin',
        pluginConfiguration: { name: BARMAN_PLUGIN },
      },
    });
  if (unit.volumes.length)
    out.push({
      apiVersion: 'velero.io/v1',
      kind: 'Backup',
      metadata: objectMeta(svc, name, { namespace: veleroNamespace(plan) }),
      spec: {
        includedNamespaces: [unit.namespace],
        storageLocation: 'default',
        // Only the volumes pods name in Velero's opt-in annotation, as the schedule does.
        defaultVolumesToFsBackup: false,
        snapshotVolumes: false,
        ttl: `${unit.retentionDays * 24}h0m0s`,
      },
    });
  return out;
}

/** What a restore needs to know besides the plan. */
export interface RestoreRequest {
  /** Where to: a scratch namespace by default. */
  namespace: string;
  /** PostgreSQL recovery target time (RFC 3339); the end of the archive when absent. */
  at?: string;
  /** The Velero Backup to restore the volumes from (the newest good one before `at`, chosen by the caller). */
  veleroBackup?: string;
  /** The PostgreSQL image of the restored instance: the one the platform runs (services/versions.ts, given by the CLI). */
  postgresImage: string;
  now: Date;
}

/**
 * The Velero Restore of the unit's objects from `backupName` into `namespace`: mapped there from the service's
 * namespace unless it is the service's own (`shai backup restore --promote`), its volumes' data written back by
 * Velero's file-system restore, then the unit's restore step as an init hook.
 */
export function veleroRestore(
  plan: Plan,
  unit: BackupUnit,
  opts: { name: string; namespace: string; backupName: string },
): KubeObject {
  const svc = serviceOf(plan, unit);
  const ns = opts.namespace;
  return {
    apiVersion: 'velero.io/v1',
    kind: 'Restore',
    metadata: objectMeta(svc, opts.name, { namespace: veleroNamespace(plan) }),
    spec: {
      backupName: opts.backupName,
      includedNamespaces: [unit.namespace],
      labelSelector: { matchLabels: unit.labels },
      ...(ns !== unit.namespace ? { namespaceMapping: { [unit.namespace]: ns } } : {}),
      restorePVs: true,
      existingResourcePolicy: 'none',
      ...(unit.restore ? { hooks: restoreHooks(svc, unit) } : {}),
    },
  };
}

/** The restored database's Cluster name: the original's, so the restored Services are named like the original. */
export const restoredCluster = (unit: BackupUnit) => unit.database!.cluster;

/**
 * The objects of a restore of the unit into `req.namespace`: the namespace, then the database's ObjectStore and
 * recovery Cluster, then the Velero Restore. The S3 key Secret the ObjectStore names is copied by the caller
 * (its values are not in the plan).
 */
export function restoreObjects(plan: Plan, unit: BackupUnit, req: RestoreRequest): KubeObject[] {
  const svc = serviceOf(plan, unit);
  const ns = req.namespace;
  const meta = (name: string, component?: string) => ({
    ...objectMeta(svc, name, { namespace: ns, ...(component ? { component } : {}) }),
    // Marks what shai restored, so a drill's namespace is recognisable and can be deleted.
    annotations: { ...objectMeta(svc, name).annotations, [RESTORED_AT_ANNOTATION]: req.now.toISOString() },
  });
  const out: KubeObject[] = [];
  if (ns !== unit.namespace)
    out.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ns,
        labels: { 'app.kubernetes.io/managed-by': 'shai', [RESTORE_OF_LABEL]: unit.service },
      },
    });
  if (unit.database) {
    const db = unit.database;
    const store = db.objectStore;
    const backup = plan.config.backup!;
    out.push(
      {
        apiVersion: 'barmancloud.cnpg.io/v1',
        kind: 'ObjectStore',
        metadata: meta(store, 'database'),
        spec: {
          configuration: {
            destinationPath: destinationPath(plan, svc),
            endpointURL: backup.target.endpoint,
            s3Credentials: {
              accessKeyId: { name: backupKeysSecret(unit.service), key: BACKUP_KEY_ID },
              secretAccessKey: { name: backupKeysSecret(unit.service), key: BACKUP_KEY_SECRET },
            },
            wal: { compression: 'gzip' },
            data: { compression: 'gzip' },
          },
        },
      },
      {
        apiVersion: 'postgresql.cnpg.io/v1',
        kind: 'Cluster',
        metadata: meta(restoredCluster(unit), 'database'),
        spec: {
          instances: 1,
          imageName: req.postgresImage,
          // The running generation's archive (its server name is its cluster's).
          ...recoveryFrom(svc, { source: db.cluster, ...(req.at ? { at: req.at } : {}) }),
          storage: { size: db.size, storageClass: db.storageClass },
          resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
        },
      },
    );
  }
  if (unit.volumes.length) {
    if (!req.veleroBackup) throw new InternalError(`${unit.service}: a volume restore needs a Velero Backup`);
    out.push(
      veleroRestore(plan, unit, {
        name: `${unit.service}-${stamp(req.now)}`,
        namespace: ns,
        backupName: req.veleroBackup,
      }),
    );
  }
  return out;
}
