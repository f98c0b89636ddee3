import { resources, singleReplica } from './helpers.ts';
import { issuers, wildcard } from './system/pki-objects.ts';
import type { ServiceDef } from './types.ts';

/** The TLS chain: self-signed root → CA ClusterIssuer → wildcard certificate → Traefik's default TLSStore. */
export const pki: ServiceDef = {
  name: 'pki',
  title: 'Platform PKI',
  description:
    'Internal CA and wildcard certificate for every host (or an ACME DNS-01 issuer), served by Traefik.',
  layer: 'system',
  namespace: 'cert-manager',
  wave: -7,
  defaultEnabled: true,
  images: {},
  ports: [],
  needs: [{ service: 'cert-manager', why: 'its Issuers and Certificates are cert-manager resources' }],
  exposes: [],
  secrets: [],
  // The ClusterIssuer's DNS-01 solver reads its token from cert-manager's namespace, which is this one.
  secretRefs: [{ key: 'tls.acme.credentials', why: 'the DNS-01 solver of the ACME ClusterIssuer' }],
  storage: [],
  backup: {
    kind: 'none',
    reason: 'certificates are re-issued; the root CA is exported with `shai secrets export`',
  },
  scaling: singleReplica('no workload of its own'),
  resources: resources('0', '0', '0', '0'),
  podSecurity: { level: 'restricted' },
  build: ({ plan, self }) => ({
    objects: [...issuers(self, plan.config), ...wildcard(self, plan.config.domain)],
  }),
};
