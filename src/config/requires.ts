import type { ServiceDef } from '../services/types.ts';

/** A service another one cannot run without, and why. */
export interface Requirement {
  service: string;
  why: string;
}

/**
 * What a service cannot run without: the services it calls (its required needs) and the platform services
 * its rendered objects rely on although it never calls them. These follow from the service data, so a
 * platform that switches one off is refused by plan, not discovered by render or check:
 * - argocd: every service is an Argo CD Application;
 * - gpu-operator: a GPU service's pods run with its RuntimeClass on the GPUs its device plugin advertises;
 * - pki: every host is served with the platform certificate (and OIDC callers trust its CA);
 * - oauth2-proxy: forward-auth hosts log in through it;
 * - traefik: a forward-auth host's IngressRoute uses the Middleware in oauth2-proxy's namespace, which Traefik
 *   follows only with allowCrossNamespace, set by shai's HelmChartConfig (off in k3s's Traefik as shipped);
 * - keycloak-config: it creates the realm's client of every service that logs in with SSO;
 * - sealed-secrets: the service's secrets reach the cluster only as SealedSecrets;
 * - prometheus-crds: its ServiceMonitor is a Prometheus Operator resource.
 */
export function requirements(def: ServiceDef): Requirement[] {
  const out: Requirement[] = def.needs
    .filter((n) => !n.optional)
    .map((n) => ({ service: n.service, why: n.why }));
  const add = (service: string, why: string) => {
    if (service !== def.name && !out.some((r) => r.service === service)) out.push({ service, why });
  };
  add('argocd', 'Argo CD syncs its Application');
  if (def.gpu?.mode === 'required')
    add('gpu-operator', 'its pods use the nvidia RuntimeClass and the GPUs the device plugin advertises');
  if (def.exposes.length) add('pki', 'its hosts are served with the platform certificate');
  if (def.exposes.some((e) => e.auth === 'forward-auth')) {
    add('oauth2-proxy', 'its forward-auth hosts log in through oauth2-proxy');
    add(
      'traefik',
      "its forward-auth hosts use oauth2-proxy's Middleware in another namespace (allowCrossNamespace)",
    );
  }
  if (def.sso) add('keycloak-config', 'it creates its SSO client in the Keycloak realm');
  if (def.secrets.length) add('sealed-secrets', 'its secrets reach the cluster as SealedSecrets');
  if (def.metrics) add('prometheus-crds', 'its ServiceMonitor is a Prometheus Operator resource');
  return out;
}
