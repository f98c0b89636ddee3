/*
 * SearXNG's server is Granian (the image at searxng/searxng cf74e1d9e runs granian 2.6.1, requirements-server.txt),
 * configured by the image's GRANIAN_* environment (container/dist.dockerfile:27-36, copied below). Render overrides
 * GRANIAN_HOST so the pod listens on IPv4: Granian's default from the image, `::`, cannot be bound where the node's
 * kernel has IPv6 off (searxng issues #5059, #5654; not reproducible here: a namespace cannot switch IPv6 off the
 * way ipv6.disable=1 does). The real granian 2.6.1 is started with the image's environment and the rendered
 * container's GRANIAN_* on top, as the kubelet sets them, serving a stand-in WSGI app (not SearXNG, which does not
 * run here); only GRANIAN_PORT is changed, to a free port.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.ts';
import { describeWithTools } from '../helpers/tools.ts';
import { renderedContainer } from './harness/container.ts';
import { freePort } from './harness/loopback.ts';
import { startServer, type Server } from './harness/process.ts';
import { renderedPlatform } from './harness/rendered.ts';

/** The image's Granian environment, container/dist.dockerfile:27-36 at cf74e1d9e. */
const IMAGE_ENV: Record<string, string> = {
  GRANIAN_PROCESS_NAME: 'searxng',
  GRANIAN_INTERFACE: 'wsgi',
  GRANIAN_HOST: '::',
  GRANIAN_PORT: '8080',
  GRANIAN_WEBSOCKETS: 'false',
  GRANIAN_BLOCKING_THREADS: '4',
  GRANIAN_WORKERS_KILL_TIMEOUT: '30s',
  GRANIAN_BLOCKING_THREADS_IDLE_TIMEOUT: '5m',
};

describe('the granian tools pin', () => {
  it("is the image's (re-pin .ci/tools.d/46-granian.sh when the SearXNG image moves)", () => {
    const script = readFileSync(resolve(ROOT, '.ci/tools.d/46-granian.sh'), 'utf8');
    expect(/^GRANIAN_VERSION=(\S+)/m.exec(script)?.[1]).toBe('2.6.1');
    expect(readFileSync(resolve(ROOT, 'src/images/searxng.ts'), 'utf8')).toContain(
      "tag: '2026.1.11-cf74e1d9e'",
    );
  });
});

describeWithTools(
  'SearXNG on the real granian 2.6.1 with the rendered GRANIAN_*',
  ['granian'],
  'bash .ci/tools.sh',
  (bin) => {
    const work = mkdtempSync(join(tmpdir(), 'shai-granian-'));
    writeFileSync(
      join(work, 'standin.py'),
      'def app(environ, start_response):\n    start_response("200 OK", [("content-type", "text/plain")])\n    return [b"stand-in"]\n',
    );
    const servers: Server[] = [];
    afterAll(async () => {
      for (const s of servers) await s.stop();
      rmSync(work, { recursive: true, force: true });
    });

    async function serve(env: Record<string, string>): Promise<{ logs: string; port: number }> {
      const port = await freePort();
      const server = await startServer({
        name: 'granian',
        command: bin.granian!,
        args: ['standin:app'],
        env: { PATH: process.env.PATH, ...env, GRANIAN_PORT: String(port) },
        cwd: work,
        ready: async () => (await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined))?.status === 200,
        startTimeoutMs: 30_000,
      });
      servers.push(server);
      return { logs: server.logs(), port };
    }

    it('listens on IPv4 0.0.0.0 with the rendered environment', async () => {
      const r = await renderedPlatform();
      const rendered = renderedContainer(r, 'Deployment', 'ai', 'searxng').env;
      const granian = Object.fromEntries(Object.entries(rendered).filter(([k]) => k.startsWith('GRANIAN_')));
      expect(granian).toEqual({ GRANIAN_HOST: '0.0.0.0' });
      const { logs, port } = await serve({ ...IMAGE_ENV, ...granian });
      expect(logs).toContain(`Listening at: http://0.0.0.0:${port}`);
    });

    it("listens on IPv6 :: with the image's own default, the bind that fails where IPv6 is off", async () => {
      const { logs, port } = await serve(IMAGE_ENV);
      expect(logs).toContain(`Listening at: http://:::${port}`);
    });
  },
);
