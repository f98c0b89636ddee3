import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { Analyzer, FindingDraft } from '../analyzer.ts';
import { targetOf } from '../analyzer.ts';
import { lastEvent, typed } from '../k8s.ts';

/** PVCs that are not bound, with the provisioner's reason. */
export const pvcPending: Analyzer = {
  id: 'pvc-pending',
  area: 'storage',
  title: 'Volume claims that are not bound',
  docs: "PersistentVolumeClaims that are not bound, with the provisioner's reason; names a StorageClass that does not exist. Claims waiting for their first consumer are not reported.",
  severity: 'error',
  needs: ['PersistentVolumeClaim', 'Event'],
  analyze(state) {
    const out: FindingDraft[] = [];
    for (const pvc of typed<IPersistentVolumeClaim>(state, 'PersistentVolumeClaim')) {
      const phase = pvc.status?.phase ?? 'Pending';
      if (phase === 'Bound') continue;
      const ev = lastEvent(
        state,
        pvc,
        'ProvisioningFailed',
        'FailedBinding',
        'WaitForFirstConsumer',
        'ExternalProvisioning',
      );
      if (ev?.reason === 'WaitForFirstConsumer') continue;
      const sc = pvc.spec?.storageClassName;
      const scMissing = sc && state.available('StorageClass') && !state.get('StorageClass', undefined, sc);
      const cause = scMissing
        ? `its StorageClass "${sc}" does not exist (classes: ${
            state
              .objects('StorageClass')
              .map((o) => o.metadata.name)
              .sort()
              .join(', ') || 'none'
          })`
        : phase === 'Lost'
          ? `its PersistentVolume ${pvc.spec?.volumeName ?? ''} is gone`
          : (ev?.message ?? 'no provisioner has picked it up');
      out.push({
        target: targetOf(pvc),
        message: `${phase}: ${cause}`,
        fix: scMissing
          ? 'Use an existing StorageClass (services.<name>.storage in platform.yaml) or install the one it names.'
          : 'Fix the provisioner error above (for Longhorn: kubectl -n longhorn-system logs deploy/longhorn-driver-deployer and the volume findings).',
      });
    }
    return out;
  },
};
