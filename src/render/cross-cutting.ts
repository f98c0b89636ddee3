import type { ManifestEntry } from '../k8s/object.ts';
import type { Plan } from '../plan/types.ts';
import { databaseBackups } from '../build/database-backup.ts';
import { networkPolicies } from './network.ts';

/** A builder of objects derived across services (network policies, sealed secrets, SSO wiring). */
export type CrossCuttingBuilder = (plan: Plan) => Omit<ManifestEntry, 'path'>[];

/** Every cross-cutting builder, in one explicit list. Each derives its objects from the services' data. */
export const crossCuttingBuilders: readonly CrossCuttingBuilder[] = [networkPolicies, databaseBackups];

/** Runs every cross-cutting builder. */
export function crossCutting(plan: Plan): Omit<ManifestEntry, 'path'>[] {
  return crossCuttingBuilders.flatMap((b) => b(plan));
}
