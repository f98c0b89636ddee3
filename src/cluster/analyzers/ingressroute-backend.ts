import type { KubeObject } from '../../k8s/object.ts';
import type { Analyzer, FindingDraft } from '../analyzer.ts';
import { targetOf } from '../analyzer.ts';
import { BACKEND_FIX, backendProblem } from './ingress-backend.ts';

interface IngressRoute extends KubeObject {
  spec?: { routes?: { match?: string; services?: { name: string; namespace?: string; kind?: string }[] }[] };
}

/** Traefik IngressRoute services that are missing or have no ready endpoints. */
export const ingressRouteBackend: Analyzer = {
  id: 'ingressroute-backend',
  area: 'ingress',
  title: 'IngressRoute backends without ready endpoints',
  docs: 'Traefik IngressRoute services that do not exist or have no ready endpoints.',
  severity: 'error',
  needs: ['IngressRoute', 'Service', 'Endpoints'],
  analyze(state) {
    const out: FindingDraft[] = [];
    for (const r of state.objects('IngressRoute') as IngressRoute[]) {
      for (const route of r.spec?.routes ?? []) {
        for (const s of route.services ?? []) {
          if (s.kind && s.kind !== 'Service') continue;
          // Without allowCrossNamespace a service namespace other than the route's would not resolve; shai enables it.
          const problem = backendProblem(state, s.namespace ?? r.metadata.namespace ?? 'default', s.name);
          if (problem)
            out.push({
              target: targetOf(r),
              message: `${route.match ?? ''} → ${problem}`.trim(),
              fix: BACKEND_FIX,
            });
        }
      }
    }
    return out;
  },
};
