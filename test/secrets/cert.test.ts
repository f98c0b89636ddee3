import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { certProxyPath, fetchCert } from '../../src/secrets/cert-fetch.ts';
import { parseCert } from '../../src/secrets/cert.ts';
import { fixture } from './helpers.ts';

const NOW = new Date('2030-01-01T00:00:00Z');

describe('parseCert', () => {
  it('reads the modulus and exponent of the fixed 4096-bit certificate as openssl does', () => {
    // controller-cert.modulus.txt is the output of: openssl x509 -in controller-cert.pem -noout -modulus
    const expected = fixture('controller-cert.modulus.txt')
      .trim()
      .replace(/^Modulus=/, '');
    const cert = parseCert(fixture('controller-cert.pem'), 'controller-cert.pem', NOW);
    expect(cert.modulusHex).toBe(expected);
    expect(cert.bits).toBe(4096);
    // `openssl x509 -noout -text` prints "Exponent: 65537 (0x10001)" for this certificate
    expect(cert.exponent).toBe(65537);
  });

  it('refuses an expired certificate, naming the file and the dates', () => {
    const call = () => parseCert(fixture('cert-expired-fails.pem'), 'cert-expired-fails.pem', NOW);
    expect(call).toThrow(UserError);
    expect(call).toThrow(
      'cert-expired-fails.pem: certificate expired on 2021-01-01T00:00:00.000Z (now 2030-01-01T00:00:00.000Z)',
    );
  });

  it('refuses a certificate that is not valid yet', () => {
    expect(() => parseCert(fixture('cert-not-yet-valid-fails.pem'), 'future.pem', NOW)).toThrow(
      'future.pem: certificate is not valid before 2090-01-01T00:00:00.000Z',
    );
  });

  it('refuses a truncated PEM and a bare public key, as kubeseal does', () => {
    expect(() => parseCert(fixture('cert-malformed-fails.pem'), 'bad.pem', NOW)).toThrow(
      /^bad.pem: not a PEM X.509 certificate/,
    );
    expect(() => parseCert(fixture('public-key-not-a-cert-fails.pem'), 'pub.pem', NOW)).toThrow(UserError);
    const garbled = fixture('controller-cert.pem').replace(/\n[A-Za-z0-9+/]{20}/, '\n!!!!');
    expect(() => parseCert(garbled, 'garbled.pem', NOW)).toThrow(/^garbled.pem: malformed certificate/);
  });
});

describe('fetchCert through the API service proxy', () => {
  let server: Server;
  const requests: { url: string; auth: string | undefined }[] = [];
  let kc: KubeConfig;

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push({ url: req.url ?? '', auth: req.headers.authorization });
      if (
        req.url === '/api/v1/namespaces/kube-system/services/sealed-secrets-controller:http/proxy/v1/cert.pem'
      ) {
        res.writeHead(200, { 'Content-Type': 'application/x-pem-file' });
        res.end(fixture('controller-cert.pem'));
      } else {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            kind: 'Status',
            apiVersion: 'v1',
            status: 'Failure',
            message: 'services "x" not found',
            reason: 'NotFound',
            code: 404,
          }),
        );
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    kc = new KubeConfig();
    kc.loadFromString(`apiVersion: v1
kind: Config
clusters: [{ name: test, cluster: { server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true } }]
users: [{ name: test, user: { token: test-token } }]
contexts: [{ name: test, context: { cluster: test, user: test } }]
current-context: test
`);
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('GETs the controller certificate with the kubeconfig credentials', async () => {
    const pem = await fetchCert(kc, 'kube-system');
    expect(parseCert(pem, 'cluster', NOW).bits).toBe(4096);
    expect(requests.at(-1)).toEqual({ url: certProxyPath('kube-system'), auth: 'Bearer test-token' });
  });

  it('reports a missing controller as a UserError with the HTTP status', async () => {
    await expect(fetchCert(kc, 'sealed-secrets')).rejects.toThrow(
      /cannot fetch the sealing certificate from .*: HTTP 404/,
    );
  });

  it('refuses plain HTTP unless the kubeconfig skips TLS verification (client-node policy), as a UserError', async () => {
    const strict = new KubeConfig();
    strict.loadFromClusterAndUser(
      { name: 'plain', server: 'http://127.0.0.1:1', skipTLSVerify: false },
      { name: 'u' },
    );
    await expect(fetchCert(strict, 'kube-system')).rejects.toThrow(
      /^kubeconfig cluster plain: HTTP protocol is not allowed/,
    );
  });

  it('reports an unreachable API server as a UserError', async () => {
    const down = new KubeConfig();
    down.loadFromClusterAndUser(
      { name: 'down', server: 'http://127.0.0.1:1', skipTLSVerify: true },
      { name: 'u' },
    );
    await expect(fetchCert(down, 'kube-system')).rejects.toThrow(
      /cannot reach the cluster at http:\/\/127.0.0.1:1/,
    );
  });
});
