import type { Analyzer, FindingDraft } from '../analyzer.ts';
import { targetOf } from '../analyzer.ts';
import type { KubeObject } from '../../k8s/object.ts';

interface LonghornVolume extends KubeObject {
  spec?: { numberOfReplicas?: number };
  status?: {
    state?: string;
    robustness?: string;
    kubernetesStatus?: { namespace?: string; pvcName?: string };
  };
}

/** Longhorn volumes that are degraded (fewer healthy replicas) or faulted (no healthy replica). */
export const longhornVolume: Analyzer = {
  id: 'longhorn-volume',
  area: 'storage',
  title: 'Longhorn volumes degraded or faulted',
  docs: 'Longhorn volumes that are degraded (fewer healthy replicas than asked; names the case where the volume asks for more replicas than there are schedulable nodes) or faulted (no healthy replica left).',
  severity: 'error',
  needs: ['Volume', 'Node'],
  analyze(state) {
    const out: FindingDraft[] = [];
    const nodes = state
      .objects('Node')
      .filter((n) => !(n as { spec?: { unschedulable?: boolean } }).spec?.unschedulable).length;
    for (const v of state.objects('Volume') as LonghornVolume[]) {
      const r = v.status?.robustness;
      if (r !== 'degraded' && r !== 'faulted') continue;
      const k = v.status?.kubernetesStatus;
      const pvc = k?.pvcName ? ` (PVC ${k.namespace}/${k.pvcName})` : '';
      const want = v.spec?.numberOfReplicas ?? 3;
      const tooMany = r === 'degraded' && want > nodes;
      out.push({
        target: targetOf(v),
        severity: r === 'faulted' ? 'error' : 'warning',
        message:
          r === 'faulted'
            ? `faulted${pvc}: no healthy replica is left, the volume cannot be attached`
            : `degraded${pvc}: fewer than ${want} healthy replicas${tooMany ? `, and it asks for ${want} replicas on ${nodes} schedulable nodes, so it can never be healthy` : ''}`,
        fix:
          r === 'faulted'
            ? 'Salvage it in the Longhorn UI (Volume → Salvage) or restore it from the last backup (shai backup restore).'
            : tooMany
              ? `Set numberOfReplicas to at most ${nodes} (the StorageClass parameter and the volume).`
              : 'Longhorn rebuilds replicas by itself; if it does not, check disk space and the longhorn-manager logs on the nodes.',
      });
    }
    return out;
  },
};
