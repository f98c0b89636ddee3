import type { KubeObject } from '../k8s/object.ts';
import type { Plan, PlannedService } from '../plan/types.ts';
import { PLATFORM_ISSUER } from '../k8s/pki-names.ts';
import { objectMeta } from '../k8s/meta.ts';

/** Where a consumer mounts the platform CA; `ca.crt` inside it is the PEM bundle. */
export const CA_MOUNT_PATH = '/etc/shai/ca';
/** The PEM file of the platform CA inside a consumer's pod. */
export const CA_FILE = `${CA_MOUNT_PATH}/ca.crt`;

/** How a service trusts the platform's CA: objects in its namespace, plus the volume and mount. */
export interface CaTrust {
  objects: KubeObject[];
  /** Secret in the consumer's namespace whose `ca.crt` key is the CA. */
  secretName: string;
  volume: Record<string, unknown>;
  mount: Record<string, unknown>;
}

/**
 * The platform CA for a service that calls a public https host (Keycloak's issuer URL). With the internal
 * CA, pki publishes no cross-namespace bundle (see pki-objects.ts): a Certificate issued by the platform
 * issuer in the consumer's namespace gets the CA in its secret's `ca.crt`. With ACME the hosts carry
 * publicly trusted certificates and the image's system trust store suffices: undefined.
 */
export function platformCa(plan: Plan, self: PlannedService): CaTrust | undefined {
  if (plan.config.tls.mode !== 'internal-ca') return undefined;
  const secretName = `${self.name}-platform-ca`;
  return {
    secretName,
    objects: [
      {
        apiVersion: 'cert-manager.io/v1',
        kind: 'Certificate',
        metadata: objectMeta(self, secretName, { component: 'ca-trust' }),
        spec: {
          secretName,
          // The leaf itself is unused; it exists so cert-manager writes the issuing CA as ca.crt.
          commonName: `${self.name}.${self.namespace}.svc`,
          dnsNames: [`${self.name}.${self.namespace}.svc`],
          duration: '2160h',
          renewBefore: '360h',
          privateKey: { algorithm: 'ECDSA', size: 256 },
          issuerRef: { name: PLATFORM_ISSUER, kind: 'ClusterIssuer', group: 'cert-manager.io' },
        },
      },
    ],
    volume: { name: 'platform-ca', secret: { secretName, items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
    mount: { name: 'platform-ca', mountPath: CA_MOUNT_PATH, readOnly: true },
  };
}
