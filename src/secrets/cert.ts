import { X509Certificate, createHash, type KeyObject } from 'node:crypto';
import { UserError } from '../errors.ts';

/** The controller's sealing certificate, parsed. */
export interface ControllerCert {
  publicKey: KeyObject;
  /** RSA modulus as upper-case hex, as `openssl x509 -noout -modulus` prints it. */
  modulusHex: string;
  exponent: number;
  bits: number;
  notBefore: Date;
  notAfter: Date;
  /** SHA-256 of the DER certificate: identifies the key values were sealed with. */
  fingerprint: string;
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/** Parses a PEM X.509 certificate and refuses it outside its validity period, as kubeseal does. */
export function parseCert(pem: string, source: string, now: Date): ControllerCert {
  const block = PEM_CERT.exec(pem);
  if (!block)
    throw new UserError(`${source}: not a PEM X.509 certificate (expected "-----BEGIN CERTIFICATE-----")`);
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(block[0]);
  } catch (cause) {
    throw new UserError(`${source}: malformed certificate: ${(cause as Error).message}`, { cause });
  }
  const notBefore = new Date(x509.validFrom);
  const notAfter = new Date(x509.validTo);
  if (now < notBefore) {
    throw new UserError(
      `${source}: certificate is not valid before ${notBefore.toISOString()} (now ${now.toISOString()})`,
    );
  }
  if (now > notAfter) {
    throw new UserError(
      `${source}: certificate expired on ${notAfter.toISOString()} (now ${now.toISOString()})`,
    );
  }
  const publicKey = x509.publicKey;
  if (publicKey.asymmetricKeyType !== 'rsa') {
    throw new UserError(`${source}: expected an RSA key, got ${publicKey.asymmetricKeyType ?? 'unknown'}`);
  }
  const jwk = publicKey.export({ format: 'jwk' });
  const modulus = Buffer.from(jwk.n ?? '', 'base64url');
  const exponent = Buffer.from(jwk.e ?? '', 'base64url');
  return {
    publicKey,
    modulusHex: modulus.toString('hex').toUpperCase(),
    exponent: exponent.readUIntBE(0, exponent.length),
    bits: publicKey.asymmetricKeyDetails?.modulusLength ?? modulus.length * 8,
    notBefore,
    notAfter,
    fingerprint: createHash('sha256').update(x509.raw).digest('hex'),
  };
}
