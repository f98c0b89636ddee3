import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { Analyzer, FindingDraft } from '../analyzer.ts';
import { targetOf } from '../analyzer.ts';
import { typed } from '../k8s.ts';
import type { ClusterState } from '../state.ts';

interface Endpoints {
  subsets?: { addresses?: unknown[]; notReadyAddresses?: unknown[] }[];
}

/** Why a Service cannot serve traffic (missing, or no ready endpoints), or undefined when it can. */
export function backendProblem(state: ClusterState, namespace: string, service: string): string | undefined {
  if (!state.get('Service', namespace, service)) return `Service ${namespace}/${service} does not exist`;
  const ep = state.get('Endpoints', namespace, service) as Endpoints | undefined;
  const ready = (ep?.subsets ?? []).reduce((a, s) => a + (s.addresses?.length ?? 0), 0);
  if (ready > 0) return undefined;
  const notReady = (ep?.subsets ?? []).reduce((a, s) => a + (s.notReadyAddresses?.length ?? 0), 0);
  return `Service ${namespace}/${service} has no ready endpoints${notReady ? ` (${notReady} pods not ready)` : ' (no pod matches its selector)'}`;
}

/** The fix shared by both ingress analyzers. */
export const BACKEND_FIX =
  'Make the backing pods ready (see their findings) or point the route at the right Service name and namespace.';

/** Ingress backends whose Service is missing or has no ready endpoints. */
export const ingressBackend: Analyzer = {
  id: 'ingress-backend',
  area: 'ingress',
  title: 'Ingress backends without ready endpoints',
  docs: 'Ingress backends whose Service does not exist or has no ready endpoints.',
  severity: 'error',
  needs: ['Ingress', 'Service', 'Endpoints'],
  analyze(state) {
    const out: FindingDraft[] = [];
    for (const ing of typed<IIngress>(state, 'Ingress')) {
      const ns = ing.metadata.namespace ?? 'default';
      for (const rule of ing.spec?.rules ?? []) {
        for (const p of rule.http?.paths ?? []) {
          const svc = p.backend.service?.name;
          const problem = svc ? backendProblem(state, ns, svc) : undefined;
          if (problem)
            out.push({
              target: targetOf(ing),
              message: `${rule.host ?? '*'}${p.path ?? '/'} → ${problem}`,
              fix: BACKEND_FIX,
            });
        }
      }
    }
    return out;
  },
};
