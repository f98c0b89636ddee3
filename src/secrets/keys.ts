import { createPrivateKey, type KeyObject } from 'node:crypto';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { UserError } from '../errors.ts';
import type { KubeObject } from '../k8s/object.ts';

/** Label the controller puts on its key Secrets (`tls.key` PKCS#1 PEM, `tls.crt`). */
export const SEALING_KEY_LABEL = 'sealedsecrets.bitnami.com/sealed-secrets-key';

/**
 * The controller's sealing key Secrets, fetched through the API and trimmed to what `kubectl apply` needs to
 * restore them (name, namespace, labels, type, data), sorted by name.
 */
export async function fetchSealingKeys(kc: KubeConfig, namespace: string): Promise<KubeObject[]> {
  let items;
  try {
    ({ items } = await kc
      .makeApiClient(CoreV1Api)
      .listNamespacedSecret({ namespace, labelSelector: SEALING_KEY_LABEL }));
  } catch (cause) {
    throw new UserError(
      `cannot list the sealing keys in namespace ${namespace}: ${(cause as Error).message}`,
      { cause },
    );
  }
  if (!items.length) throw new UserError(`no Secret labelled ${SEALING_KEY_LABEL} in namespace ${namespace}`);
  return items
    .map((s) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: s.metadata?.name ?? '', namespace, labels: s.metadata?.labels ?? {} },
      type: s.type ?? 'kubernetes.io/tls',
      data: s.data ?? {},
    }))
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
}

/** A `v1 List` of the key Secrets: restorable with `kubectl apply -f`, readable by `kubeseal --recovery-private-key`. */
export function keyList(secrets: KubeObject[]): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'List', items: secrets };
}

function keysFromObject(o: Record<string, unknown> | null): string[] {
  if (!o) return [];
  if (o.kind === 'List' && Array.isArray(o.items))
    return o.items.flatMap((i) => keysFromObject(i as Record<string, unknown>));
  const data = o.data as Record<string, string> | undefined;
  return o.kind === 'Secret' && data?.['tls.key']
    ? [Buffer.from(data['tls.key'], 'base64').toString('utf8')]
    : [];
}

/** Private keys from a PEM file, or from a key Secret / List as `backup-key` writes it (as kubeseal accepts). */
export function readPrivateKeys(text: string, source: string): KeyObject[] {
  const pems = text.includes('-----BEGIN')
    ? [text]
    : parseAllDocuments(text).flatMap((d) => keysFromObject(d.toJS() as Record<string, unknown> | null));
  if (!pems.length)
    throw new UserError(`${source}: no private key (expected a PEM key or a Secret/List with tls.key)`);
  return pems.map((pem) => {
    try {
      return createPrivateKey(pem);
    } catch (cause) {
      throw new UserError(`${source}: not a PEM private key: ${(cause as Error).message}`, { cause });
    }
  });
}
