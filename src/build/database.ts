import { InternalError } from '../errors.ts';
import type { KubeObject } from '../k8s/object.ts';
import type { Plan, PlannedService } from '../plan/types.ts';
import { objectMeta } from '../k8s/meta.ts';
import { databaseBackedUp, recoveryFrom } from '../backup/archive.ts';
import { walArchiver } from './database-backup.ts';

/**
 * The PostgreSQL image of every CloudNativePG cluster (listed with the other pins in services/versions.ts): a
 * supported rolling minor tag (cloudnative-pg/postgres-containers README "Rolling Tags"; docker-bake.hcl builds
 * 17.11): `17.6` was the deprecated bullseye `system` tag.
 */
export const POSTGRES_IMAGE = 'ghcr.io/cloudnative-pg/postgresql:17.11-standard-trixie';

/** Port of every CloudNativePG cluster's read-write Service. */
export const POSTGRES_PORT = 5432;

/** In-cluster host of a service's database: CloudNativePG's `<cluster>-rw` Service. */
export function databaseHost(svc: PlannedService): string {
  if (!svc.database) throw new InternalError(`${svc.name} has no database`);
  return `${svc.database.cluster}-rw.${svc.namespace}.svc.cluster.local`;
}

/**
 * The service's own PostgreSQL as a CloudNativePG Cluster in its namespace, bootstrapped with the
 * planned `<service>-db` secret (username/password), so the credentials live where the consumer runs. With a
 * `postgres` backup it archives its WAL through the Barman Cloud plugin (build/database-backup.ts); its data
 * directory is never copied by Velero, since a file copy of a running PostgreSQL is not a backup. A promoted
 * recovery (generation n >= 1 of the plan) is bootstrapped from the previous generation's archive instead of
 * initdb, with the same database, owner and secret: CloudNativePG sets the owner's password from that secret
 * on the primary (cloudnative-pg v1.30.0 internal/management/controller/instance_controller.go:1386-1388,
 * api/v1/cluster_funcs.go:570-578 GetApplicationSecretName reads bootstrap.recovery.secret).
 */
export function databaseCluster(plan: Plan, svc: PlannedService): KubeObject[] {
  const db = svc.database;
  if (!db) return [];
  const secret = svc.secrets.find((s) => s.name === `${svc.name}-db`);
  if (!secret || !('username' in secret.keys) || !('password' in secret.keys)) {
    throw new InternalError(
      `${svc.name}: a database needs the secret ${svc.name}-db with username and password`,
    );
  }
  return [
    {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Cluster',
      metadata: objectMeta(svc, db.cluster, { component: 'database' }),
      spec: {
        instances: 1,
        imageName: POSTGRES_IMAGE,
        primaryUpdateStrategy: 'unsupervised',
        ...(db.recovery
          ? recoveryFrom(svc, db.recovery, {
              database: db.name,
              owner: db.name,
              secret: { name: secret.name },
            })
          : { bootstrap: { initdb: { database: db.name, owner: db.name, secret: { name: secret.name } } } }),
        storage: { size: db.size, storageClass: db.storageClass },
        resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
        monitoring: { enablePodMonitor: true },
        ...(databaseBackedUp(plan, svc) ? { plugins: [walArchiver(svc)] } : {}),
      },
    },
  ];
}
