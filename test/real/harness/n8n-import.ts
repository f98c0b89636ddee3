/*
 * The import init container of Deployment automation/n8n run for real: its rendered command with the real n8n CLI,
 * its rendered env (hostnames → loopback) and its volumes as temporary directories (mounts.ts). What is changed,
 * and only that: the mount paths in the command point at those directories (the secrets directory the command
 * passes, /run/shai, at the directory the secret mounts below it were made in), and in-cluster hostnames in the
 * mounted ConfigMap files (workflow URLs, credential URLs) are rewritten to loopback addresses like the env's,
 * each given one before the server starts, so stand-ins can answer there. Then what n8n holds, read back
 * with its own CLI (`n8n export:credentials --decrypted`, `n8n export:workflow`).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TOOLS_DIR } from '../../helpers/tools.ts';
import { renderedContainer } from './container.ts';
import { hostPort } from './cluster.ts';
import { clusterHosts, type LoopbackHosts } from './loopback.ts';
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

/** One workflow as n8n exports it. */
export interface N8nExportedWorkflow {
  id: string;
  name: string;
  active: boolean;
  versionId: string;
  activeVersionId: string | null;
  nodes: { name: string; type: string; typeVersion: number; parameters: object; credentials?: object }[];
  connections: object;
}

function withTools(env: Record<string, string>, home: string) {
  return { ...env, PATH: `${join(TOOLS_DIR, 'bin')}:${process.env.PATH}`, HOME: home, LANG: 'C.UTF-8' };
}

/** Runs the rendered init container `import` to completion; throws with its output when it fails. */
export async function runImport(r: RenderedPlatform, hosts: LoopbackHosts): Promise<string> {
  const c = renderedContainer(r, 'Deployment', 'automation', 'n8n', 'import');
  const base = mkdtempSync(join(tmpdir(), 'shai-n8n-import-'));
  try {
    const mounts = materializeMounts(r, 'automation', c, base);
    for (const { mountPath, volume } of c.mounts.filter((m) => m.volume.configMap)) {
      const dir = mounts.get(mountPath)!;
      for (const f of readdirSync(dir).filter((x) => statSync(join(dir, x)).isFile())) {
        const text = readFileSync(join(dir, f), 'utf8');
        for (const host of clusterHosts(text).filter((h) => !hosts.hosts.has(h)))
          await hosts.add(host, [hostPort(r, host)]);
        writeFileSync(join(dir, f), hosts.rewrite(`ConfigMap ${volume.configMap!.name} ${f}`, text));
      }
    }
    mounts.set('/run/shai', join(base, '/run/shai'));
    const [cmd, ...args] = [...c.command, ...c.args].map((a) => rewritePaths(a, mounts));
    const env = withTools(hosts.rewriteEnv(c.env), join(base, 'home/node'));
    const out = await run(cmd!, args, { env, timeout: 600_000 }).catch(
      (e: { stdout?: string; stderr?: string }) => {
        throw new Error(`the import init container failed:\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
      },
    );
    return out.stdout + out.stderr;
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

/** Runs one n8n CLI export into a file and parses it; `empty` is n8n's message when there is nothing. */
async function exportJson<T>(
  env: Record<string, string | undefined>,
  args: string[],
  empty: RegExp,
): Promise<T[]> {
  const dir = mkdtempSync(join(tmpdir(), 'shai-n8n-export-'));
  try {
    const file = join(dir, 'out.json');
    const { N8N_LISTEN_ADDRESS: _, ...cli } = env;
    try {
      await run('n8n', [...args, `--output=${file}`], {
        env: withTools(cli as Record<string, string>, env.HOME!),
        timeout: 240_000,
      });
    } catch (e) {
      const { stdout = '', stderr = '' } = e as { stdout?: string; stderr?: string };
      if (empty.test(stdout + stderr)) return [];
      throw new Error(`n8n ${args[0]} failed:\n${stdout}\n${stderr}`);
    }
    return JSON.parse(readFileSync(file, 'utf8')) as T[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every credential n8n holds, decrypted, read with n8n's own CLI and the server's env. */
export function exportCredentials(env: Record<string, string | undefined>): Promise<N8nCredential[]> {
  return exportJson(env, ['export:credentials', '--all', '--decrypted'], /No credentials found/i);
}

/** Every workflow n8n holds, read with n8n's own CLI. */
export function exportWorkflows(env: Record<string, string | undefined>): Promise<N8nExportedWorkflow[]> {
  return exportJson(env, ['export:workflow', '--all'], /No workflows found/i);
}

/** Node type → the typeVersions the installed n8n packages declare (their dist/types/nodes.json). */
export function installedNodeTypes(): Map<string, number[]> {
  const packages = {
    'n8n-nodes-base': 'n8n-nodes-base',
    '@n8n/n8n-nodes-langchain': '@n8n/n8n-nodes-langchain',
  };
  const out = new Map<string, number[]>();
  for (const [prefix, dir] of Object.entries(packages)) {
    const file = join(TOOLS_DIR, 'n8n/node_modules', dir, 'dist/types/nodes.json');
    const nodes = JSON.parse(readFileSync(file, 'utf8')) as { name: string; version: number | number[] }[];
    for (const n of nodes) {
      const key = `${prefix}.${n.name}`;
      out.set(key, [...(out.get(key) ?? []), ...[n.version].flat()]);
    }
  }
  return out;
}

/** Credential type names the installed n8n packages declare (dist/types/credentials.json). */
export function installedCredentialTypes(): Set<string> {
  const out = new Set<string>();
  for (const dir of ['n8n-nodes-base', '@n8n/n8n-nodes-langchain']) {
    const file = join(TOOLS_DIR, 'n8n/node_modules', dir, 'dist/types/credentials.json');
    for (const c of JSON.parse(readFileSync(file, 'utf8')) as { name: string }[]) out.add(c.name);
  }
  return out;
}
