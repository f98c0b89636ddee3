/*
 * oauth2-proxy's mock OpenID provider (github.com/oauth2-proxy/mockoidc, built by .ci/tools.d/63-mock-oidc.sh from
 * test/real/mock-oidc/) on loopback: a stand-in for Keycloak, named so. It checks the client id, secret and PKCE;
 * it has no login form (the "browser" names its user with login_hint) and does not check redirect_uri.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTool } from '../../helpers/tools.ts';
import { freePort, loopbackAddress, portFree } from './loopback.ts';
import { type Server, startServer } from './process.ts';

/** A user of the mock provider, as mockoidc.MockUser has it. */
export interface MockUser {
  Subject: string;
  Email: string;
  EmailVerified: boolean;
  PreferredUsername: string;
  Groups: string[];
}

/** A running mock provider: its issuer URL and the CA that signed its TLS certificate. */
export interface MockOidcRun extends Server {
  issuer: string;
  caPem: string;
}

/** Starts the mock provider for one client, with `users` by login name. */
export async function startMockOidc(
  client: { id: string; secret: string },
  users: Record<string, MockUser>,
): Promise<MockOidcRun> {
  const bin = findTool('mock-oidc');
  if (!bin) throw new Error('mock-oidc not found; run bash .ci/tools.sh');
  const dir = mkdtempSync(join(tmpdir(), 'shai-mock-oidc-'));
  try {
    const port = await freePort();
    const host = await loopbackAddress([port]);
    const ca = join(dir, 'ca.crt');
    writeFileSync(join(dir, 'users.json'), JSON.stringify(users));
    const args = [
      `-addr=${host}:${port}`,
      `-client-id=${client.id}`,
      `-client-secret=${client.secret}`,
      `-users=${join(dir, 'users.json')}`,
      `-ca-out=${ca}`,
    ];
    const server = await startServer({
      name: 'mock-oidc',
      command: bin,
      args,
      env: { PATH: process.env.PATH },
      ready: async () => existsSync(ca) && !(await portFree(host, port)),
      startTimeoutMs: 30_000,
    });
    return {
      ...server,
      issuer: `https://${host}:${port}/oidc`,
      caPem: readFileSync(ca, 'utf8'),
      stop: async () => {
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
