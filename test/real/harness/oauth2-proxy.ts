/*
 * The real oauth2-proxy (its Go module, `.ci/tools.d/60-oauth2-proxy.sh`) started with the rendered args and env of
 * Deployment auth/oauth2-proxy. What is changed, and only that (each change is listed in `rewrites`):
 *   - `0.0.0.0` in --http-address and --metrics-address → its own loopback address (ports stay as rendered);
 *   - --oidc-issuer-url → the provider's issuer on loopback (the rendered one is Keycloak's public URL);
 *   - the platform CA mount (/etc/shai/ca) → a temporary directory holding the provider's CA, which stands for the
 *     Secret cert-manager issues for the rendered Certificate.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTool } from '../../helpers/tools.ts';
import { renderedContainer, type RenderedContainer } from './container.ts';
import { loopbackAddress } from './loopback.ts';
import { materializeMounts, rewritePaths } from './mounts.ts';
import { answers, type Server, startServer } from './process.ts';
import type { RenderedPlatform } from './rendered.ts';

/** A running oauth2-proxy and what it was started with. */
export interface Oauth2ProxyRun extends Server {
  url: string;
  container: RenderedContainer;
  args: string[];
  /** Each rendered arg that was changed: from → to. */
  rewrites: { from: string; to: string }[];
}

/** The value of flag `--name=value` in `args`. */
export function flag(args: readonly string[], name: string): string | undefined {
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

/** Starts oauth2-proxy against the provider at `issuer`, whose TLS certificate `caPem` signed. */
export async function startOauth2Proxy(
  r: RenderedPlatform,
  issuer: string,
  caPem: string,
): Promise<Oauth2ProxyRun> {
  const bin = findTool('oauth2-proxy');
  if (!bin) throw new Error('oauth2-proxy not found; run bash .ci/tools.sh');
  const container = renderedContainer(r, 'Deployment', 'auth', 'oauth2-proxy');
  const port = (a: string) => Number(a.split(':').pop());
  const httpPort = port(flag(container.args, 'http-address')!);
  const metricsPort = port(flag(container.args, 'metrics-address')!);
  const self = await loopbackAddress([httpPort, metricsPort]);
  const base = mkdtempSync(join(tmpdir(), 'shai-oauth2-proxy-'));
  try {
    // cert-manager stand-in: the Secret of the rendered Certificate holds the issuing CA as ca.crt.
    for (const { volume } of container.mounts)
      if (volume.secret) r.secrets.set(`auth/${volume.secret.secretName}`, { 'ca.crt': caPem });
    const mounts = materializeMounts(r, 'auth', container, base);
    const rewrites: { from: string; to: string }[] = [];
    const args = container.args.map((from) => {
      const to = rewritePaths(from, mounts)
        .replace(/^(--(?:http|metrics)-address=)0\.0\.0\.0:/, `$1${self}:`)
        .replace(/^--oidc-issuer-url=.*$/, `--oidc-issuer-url=${issuer}`);
      if (to !== from) rewrites.push({ from, to });
      return to;
    });
    const url = `http://${self}:${httpPort}`;
    const server = await startServer({
      name: 'oauth2-proxy',
      command: bin,
      args,
      env: { PATH: process.env.PATH, HOME: base, ...container.env },
      cwd: base,
      ready: () => answers(`${url}/ready`),
      startTimeoutMs: 60_000,
    });
    return {
      ...server,
      url,
      container,
      args,
      rewrites,
      stop: async () => {
        await server.stop();
        rmSync(base, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(base, { recursive: true, force: true });
    throw e;
  }
}
