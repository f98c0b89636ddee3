import type { KubeObject } from '../k8s/object.ts';

/**
 * Keeps a Secret's name, type and data keys and drops every value, right where it is read:
 * doctor needs to know that `litellm-secret/master-key` exists, never what it holds.
 */
export function blankSecret(o: KubeObject): KubeObject {
  const s = o as KubeObject & {
    data?: Record<string, unknown>;
    stringData?: Record<string, unknown>;
    type?: string;
  };
  const keys = [...Object.keys(s.data ?? {}), ...Object.keys(s.stringData ?? {})].filter((k) => k !== '');
  const { name, namespace, labels, uid } = s.metadata;
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    // Annotations are dropped too: last-applied-configuration carries the values.
    metadata: {
      name,
      ...(namespace ? { namespace } : {}),
      ...(labels ? { labels } : {}),
      ...(uid ? { uid } : {}),
    },
    ...(s.type ? { type: s.type } : {}),
    data: Object.fromEntries(keys.sort().map((k) => [k, ''])),
  };
}
