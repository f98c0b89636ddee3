/** A Kubernetes object as plain data: what shai builds, checks and reads. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** One object of the rendered tree: who built it and where it is written. */
export interface ManifestEntry {
  service: string;
  /** Path relative to the deploy/ root, POSIX separators. */
  path: string;
  object: KubeObject;
}

/** The list of objects the plan builds. */
export type Manifest = ManifestEntry[];

/** `kind/namespace/name`, the identity used in messages and indexes. */
export function objectKey(o: Pick<KubeObject, 'kind' | 'metadata'>): string {
  return `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}
