/*
 * The n8n-credentials Job (when render makes one) run for real: its rendered command with the real n8n CLI, its
 * rendered env (hostnames → loopback) and its volumes as temporary directories (mounts.ts). Then the credentials n8n
 * holds, read back with its own CLI (`n8n export:credentials --decrypted`).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TOOLS_DIR } from '../../helpers/tools.ts';
import { renderedContainer } from './container.ts';
import type { LoopbackHosts } from './loopback.ts';
import { materializeMounts, rewritePaths } from './mounts.ts';
import type { RenderedPlatform } from './rendered.ts';

const run = promisify(execFile);

/** One credential as n8n exports it. */
export interface N8nCredential {
  id: string;
  name: string;
  type: string;
  data: Record<string, string>;
}

function withTools(env: Record<string, string>, home: string) {
  return { ...env, PATH: `${join(TOOLS_DIR, 'bin')}:${process.env.PATH}`, HOME: home, LANG: 'C.UTF-8' };
}

/** True when render makes the Job. */
export function hasCredentialsJob(r: RenderedPlatform): boolean {
  return r.objects.some((o) => o.kind === 'Job' && o.metadata.name === 'n8n-credentials');
}

/** Runs the rendered Job's container to completion; throws with its output when it fails. */
export async function runCredentialsJob(r: RenderedPlatform, hosts: LoopbackHosts): Promise<string> {
  const c = renderedContainer(r, 'Job', 'automation', 'n8n-credentials');
  const base = mkdtempSync(join(tmpdir(), 'shai-n8n-job-'));
  try {
    const mounts = materializeMounts(r, 'automation', c, base);
    const [cmd, ...args] = [...c.command, ...c.args].map((a) => rewritePaths(a, mounts));
    const env = withTools(hosts.rewriteEnv(c.env), join(base, 'home/node'));
    const out = await run(cmd!, args, { env, timeout: 240_000 }).catch(
      (e: { stdout?: string; stderr?: string }) => {
        throw new Error(`the n8n-credentials Job failed:\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
      },
    );
    return out.stdout + out.stderr;
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

/** Every credential n8n holds, decrypted, read with n8n's own CLI and the server's env. */
export async function exportCredentials(env: Record<string, string | undefined>): Promise<N8nCredential[]> {
  const dir = mkdtempSync(join(tmpdir(), 'shai-n8n-export-'));
  try {
    const file = join(dir, 'credentials.json');
    const { N8N_LISTEN_ADDRESS: _, ...cli } = env;
    try {
      await run('n8n', ['export:credentials', '--all', '--decrypted', `--output=${file}`], {
        env: withTools(cli as Record<string, string>, env.HOME!),
        timeout: 240_000,
      });
    } catch (e) {
      const { stdout = '', stderr = '' } = e as { stdout?: string; stderr?: string };
      // n8n exits 1 with this line when it holds no credential at all.
      if (/No credentials found/i.test(stdout + stderr)) return [];
      throw new Error(`n8n export:credentials failed:\n${stdout}\n${stderr}`);
    }
    return JSON.parse(readFileSync(file, 'utf8')) as N8nCredential[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
