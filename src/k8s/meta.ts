import { createHash } from 'node:crypto';
import { CONFIG_PATH_ANNOTATION, SERVICE_ANNOTATION } from './annotations.ts';

/** What an object's metadata needs of the service that builds it (a PlannedService, or a planned secret). */
export interface ServiceRef {
  name: string;
  namespace: string;
  /** The platform.yaml key the service (or secret) comes from. */
  configPath: string;
}

/** Labels every object of a service carries; doctor and check read them back. */
export function serviceLabels(svc: Pick<ServiceRef, 'name'>, component?: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': svc.name,
    ...(component ? { 'app.kubernetes.io/component': component } : {}),
    'app.kubernetes.io/part-of': 'shai',
    'app.kubernetes.io/managed-by': 'shai',
  };
}

/** The selector for a service's pods: the stable subset of its labels. */
export function selectorLabels(svc: Pick<ServiceRef, 'name'>, component?: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': svc.name,
    ...(component ? { 'app.kubernetes.io/component': component } : {}),
  };
}

/** Annotations that tie an object back to the service and the platform.yaml key that produced it. */
export function serviceAnnotations(svc: Pick<ServiceRef, 'name' | 'configPath'>): Record<string, string> {
  return { [SERVICE_ANNOTATION]: svc.name, [CONFIG_PATH_ANNOTATION]: svc.configPath };
}

/** Standard metadata for a namespaced object of a service. */
export function objectMeta(
  svc: ServiceRef,
  name: string,
  extra: { component?: string; namespace?: string; annotations?: Record<string, string> } = {},
) {
  return {
    name,
    namespace: extra.namespace ?? svc.namespace,
    labels: serviceLabels(svc, extra.component),
    annotations: { ...serviceAnnotations(svc), ...(extra.annotations ?? {}) },
  };
}

/** A short content hash for pod annotations, so a changed config restarts the pods on the next sync. */
export function checksum(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
