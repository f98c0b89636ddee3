import type { Manifest } from '../k8s/object.ts';
import { parseManifests } from '../k8s/yaml.ts';
import { SECRETS_CHECKSUM_ANNOTATION, sealedChecksum } from '../secrets/checksum.ts';

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/**
 * Stamps each service's workloads with a checksum of the SealedSecrets it consumes (the sealed files kept
 * in the tree), so a rotated or resealed secret restarts the pods on the next sync.
 */
export function stampSecretChecksums(manifest: Manifest, sealedFiles: Map<string, string>): void {
  const byService = new Map<string, ReturnType<typeof parseManifests>['objects'][number]['object'][]>();
  for (const [path, text] of sealedFiles) {
    const service = path.split('/')[1];
    if (!service) continue;
    const objects = parseManifests(text, path).objects.map((o) => o.object);
    byService.set(service, [...(byService.get(service) ?? []), ...objects]);
  }
  for (const e of manifest) {
    if (!WORKLOADS.has(e.object.kind)) continue;
    const sum = sealedChecksum(byService.get(e.service) ?? []);
    if (!sum) continue;
    const template = (e.object.spec as { template: { metadata?: { annotations?: Record<string, string> } } })
      .template;
    template.metadata = {
      ...template.metadata,
      annotations: { ...template.metadata?.annotations, [SECRETS_CHECKSUM_ANNOTATION]: sum },
    };
  }
}
