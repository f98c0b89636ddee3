import { X509Certificate } from 'node:crypto';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { UserError } from '../errors.ts';
import { ROOT_CA_SECRET } from '../k8s/pki-names.ts';

/** The platform's root CA as PEM, and what identifies it to a person comparing it in a browser. */
export interface RootCa {
  pem: string;
  subject: string;
  notAfter: string;
  /** SHA-256 fingerprint, colon-separated, as browsers show it. */
  fingerprint: string;
}

/** Parses the CA certificate out of the Secret's data (`ca.crt`, else `tls.crt`: a self-signed root is both). */
export function rootCaFrom(data: Record<string, string> | undefined, where: string): RootCa {
  const b64 = data?.['ca.crt'] || data?.['tls.crt'];
  if (!b64)
    throw new UserError(`${where} has no ca.crt or tls.crt yet: cert-manager has not issued the root CA`);
  const pem = Buffer.from(b64, 'base64').toString('utf8');
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(pem);
  } catch (cause) {
    throw new UserError(`${where}: ca.crt is not a PEM certificate: ${(cause as Error).message}`, { cause });
  }
  return {
    pem: x509.toString(),
    subject: x509.subject.replace(/\n/g, ', '),
    notAfter: x509.validTo,
    fingerprint: x509.fingerprint256,
  };
}

/** Reads the root CA Secret that pki's Certificate makes in cert-manager's namespace. */
export async function fetchRootCa(kc: KubeConfig, namespace: string): Promise<RootCa> {
  const where = `Secret ${namespace}/${ROOT_CA_SECRET}`;
  try {
    const secret = await kc
      .makeApiClient(CoreV1Api)
      .readNamespacedSecret({ name: ROOT_CA_SECRET, namespace });
    return rootCaFrom(secret.data, where);
  } catch (cause) {
    if (cause instanceof UserError) throw cause;
    const code = (cause as { code?: number }).code;
    throw new UserError(
      code === 404
        ? `${where} does not exist yet: the pki Application has not synced (shai install follows it)`
        : `cannot read ${where}: ${(cause as Error).message}`,
      { cause },
    );
  }
}

/** How to make a machine and its browsers trust the CA saved at `file`. */
export function trustInstructions(file: string, ca: RootCa): string[] {
  return [
    `${file}: ${ca.subject}, valid until ${ca.notAfter}`,
    `SHA-256 fingerprint ${ca.fingerprint} (compare it with what the browser shows)`,
    'trust it:',
    `  Debian/Ubuntu: sudo cp ${file} /usr/local/share/ca-certificates/shai-ca.crt && sudo update-ca-certificates`,
    `  Fedora/RHEL:   sudo cp ${file} /etc/pki/ca-trust/source/anchors/ && sudo update-ca-trust`,
    `  macOS:         sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain ${file}`,
    `  Windows:       certutil -addstore -f ROOT ${file}`,
    '  Firefox keeps its own store: Settings → Privacy & Security → Certificates → View Certificates → Authorities → Import',
    '  Android/iOS: copy the file to the device and install it as a CA certificate in the security settings',
  ];
}
