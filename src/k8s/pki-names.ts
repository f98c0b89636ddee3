/*
 * The names of the platform's PKI objects: the pki service builds them (services/system/pki-objects.ts),
 * build/trust.ts points CA bundles at the issuer, and secrets/ca.ts reads the root CA back from the
 * cluster (`shai secrets export`). Kept here, below all three, so none imports another's floor.
 */

/** Self-signed issuer that only signs the root CA. */
export const SELF_SIGNED_ISSUER = 'shai-selfsigned';
/** ClusterIssuer that signs every platform certificate (the internal CA, or ACME). */
export const PLATFORM_ISSUER = 'shai-platform';
/** Secret (cert-manager namespace) of the root CA: `tls.crt`/`ca.crt` is what browsers import (`shai secrets export`). */
export const ROOT_CA_SECRET = 'shai-root-ca';
/** Namespace of the wildcard certificate: Traefik runs in kube-system and its TLSStore reads secrets there. */
export const TLS_NAMESPACE = 'kube-system';
/** Secret of the wildcard certificate served for every host. */
export const WILDCARD_SECRET = 'wildcard-tls';
