import type { Config } from '../../config/schema.ts';
import { UserError } from '../../errors.ts';
import type { KubeObject } from '../../k8s/object.ts';
import type { PlannedService } from '../../plan/types.ts';
import { objectMeta } from '../../k8s/meta.ts';
import {
  PLATFORM_ISSUER,
  ROOT_CA_SECRET,
  SELF_SIGNED_ISSUER,
  TLS_NAMESPACE,
  WILDCARD_SECRET,
} from '../../k8s/pki-names.ts';

/*
 * Trusting the internal CA: pods reach each other over in-cluster http URLs (build/refs.ts), so no
 * pod needs the CA for platform traffic. A workload that must call a public https host mounts the
 * `ca.crt` key of a Secret in its own namespace: any Certificate issued by PLATFORM_ISSUER there gets
 * `ca.crt` written by cert-manager (Secrets cannot be mounted across namespaces, and trust-manager is
 * not part of the platform).
 */

type Tls = Config['tls'];

const issuerRef = (name: string) => ({ name, kind: 'ClusterIssuer', group: 'cert-manager.io' });

function dns01Solver(acme: NonNullable<Tls['acme']>): Record<string, unknown> {
  const ref = { name: acme.credentials.name, key: acme.credentials.key };
  switch (acme.provider) {
    case 'cloudflare':
      return { cloudflare: { apiTokenSecretRef: ref } };
    case 'route53':
      // Region and access key id come from the environment/IRSA when absent; the secret holds the secret key.
      return { route53: { secretAccessKeySecretRef: ref } };
    case 'rfc2136':
      throw new UserError(
        'platform.yaml tls.acme.provider: rfc2136 needs a nameserver and TSIG key name that platform.yaml cannot express yet; use cloudflare or route53',
      );
  }
}

/** The issuers of the configured TLS mode: the internal CA chain, or one ACME issuer with a DNS-01 solver. */
export function issuers(self: PlannedService, config: Config): KubeObject[] {
  // ClusterIssuers are cluster-scoped: the service's metadata without a namespace.
  const clusterMeta = (name: string) => {
    const { namespace: _ns, ...rest } = objectMeta(self, name);
    return rest;
  };
  if (config.tls.mode === 'acme-dns01') {
    if (!config.tls.acme) throw new UserError('platform.yaml tls.acme: required when tls.mode is acme-dns01');
    const acme = config.tls.acme;
    return [
      {
        apiVersion: 'cert-manager.io/v1',
        kind: 'ClusterIssuer',
        metadata: clusterMeta(PLATFORM_ISSUER),
        spec: {
          acme: {
            email: acme.email,
            server: acme.server,
            // The ACME account key; cert-manager creates it in its own namespace.
            privateKeySecretRef: { name: `${PLATFORM_ISSUER}-acme-account` },
            solvers: [{ dns01: dns01Solver(acme) }],
          },
        },
      },
    ];
  }
  return [
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata: clusterMeta(SELF_SIGNED_ISSUER),
      spec: { selfSigned: {} },
    },
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      // In cert-manager's namespace: a CA ClusterIssuer reads its secret from the cluster resource namespace.
      metadata: objectMeta(self, ROOT_CA_SECRET),
      spec: {
        isCA: true,
        commonName: `${config.cluster.name} root CA`,
        secretName: ROOT_CA_SECRET,
        duration: '87600h', // ten years: re-importing a root into every browser is the expensive part
        renewBefore: '720h',
        privateKey: { algorithm: 'ECDSA', size: 256 },
        issuerRef: issuerRef(SELF_SIGNED_ISSUER),
      },
    },
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata: clusterMeta(PLATFORM_ISSUER),
      spec: { ca: { secretName: ROOT_CA_SECRET } },
    },
  ];
}

/** The wildcard certificate of the domain and Traefik's default TLSStore serving it. */
export function wildcard(self: PlannedService, domain: string): KubeObject[] {
  return [
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: objectMeta(self, WILDCARD_SECRET, { namespace: TLS_NAMESPACE }),
      spec: {
        secretName: WILDCARD_SECRET,
        commonName: `*.${domain}`,
        dnsNames: [`*.${domain}`, domain],
        duration: '2160h',
        renewBefore: '360h',
        issuerRef: issuerRef(PLATFORM_ISSUER),
      },
    },
    {
      apiVersion: 'traefik.io/v1alpha1',
      kind: 'TLSStore',
      // Traefik only honours the store named `default`; IngressRoutes with `tls: {}` get this certificate.
      metadata: objectMeta(self, 'default', { namespace: TLS_NAMESPACE }),
      spec: { defaultCertificate: { secretName: WILDCARD_SECRET } },
    },
  ];
}
