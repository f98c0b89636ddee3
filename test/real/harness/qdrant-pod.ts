/*
 * The Qdrant pod's backup and restore scripts as the platform runs them, moved onto this machine: the image's
 * WORKDIR /qdrant becomes a temporary directory laid out like it (the binary `./qdrant`, `config/`, the storage
 * and snapshots mounts under it), the pod's ports become free loopback ports. Used by the restore test
 * (test/real/qdrant-snapshot.test.ts) and by the recording of its fixture with a real Qdrant server
 * (scripts/record-qdrant-snapshot.ts).
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PRE_HOOK } from '../../../src/build/velero-backup.ts';
import { restoreObjects } from '../../../src/backup/objects.ts';
import { unitOf } from '../../../src/backup/units.ts';
import type { Plan } from '../../../src/plan/types.ts';
import { IMAGES } from '../../../src/services/versions.ts';
import type { KubeObject } from '../../../src/k8s/object.ts';

interface Yaml {
  [k: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** The pod's own paths and ports, as the image and the service define them. */
export const POD = { workdir: '/qdrant', http: 6333, grpc: 6334 } as const;

/** The image's own environment (qdrant v1.18.0 Dockerfile:233-234), which its init containers have too. */
export const IMAGE_ENV = { RUN_MODE: 'production', TZ: 'Etc/UTC' } as const;

/** A pod moved here: its WORKDIR and its ports. */
export interface LocalPod {
  workdir: string;
  http: number;
  grpc: number;
}

/** Lays out `root/qdrant` like the image's WORKDIR: storage and snapshots mounts and a config folder. */
export function podDir(root: string): string {
  const workdir = join(root, 'qdrant');
  for (const d of ['storage', 'snapshots', 'config']) mkdirSync(join(workdir, d), { recursive: true });
  return workdir;
}

/** A pod script with the pod's ports and paths replaced by the local ones (`./qdrant`, the binary, stays). */
export function localScript(script: string, pod: LocalPod): string {
  return script
    .replaceAll(String(POD.http), String(pod.http))
    .replaceAll(String(POD.grpc), String(pod.grpc))
    .replace(/(?<![.\w])\/qdrant(?=[/\s;]|$)/gm, pod.workdir);
}

/** The pre-backup hook of the rendered Qdrant Deployment: its shell and script. */
export function backupHook(deployment: KubeObject): { shell: string; script: string; container: string } {
  const annotations = (deployment as Yaml).spec.template.metadata.annotations as Record<string, string>;
  const [shell, flag, script] = JSON.parse(annotations[PRE_HOOK.command]!) as string[];
  if (flag !== '-c') throw new Error(`unexpected hook command ${annotations[PRE_HOOK.command]}`);
  return { shell: shell!, script: script!, container: annotations[PRE_HOOK.container]! };
}

/** The init container `shai backup restore --service qdrant` has Velero add to the restored pod. */
export function restoreInit(plan: Plan): Yaml {
  const restore = restoreObjects(plan, unitOf(plan, 'qdrant'), {
    namespace: 'shai-restore-qdrant',
    veleroBackup: 'ai-20261203t030000z',
    postgresImage: IMAGES.postgres,
    now: new Date('2026-12-03T12:00:00Z'),
  }).find((o) => o.kind === 'Restore') as Yaml;
  return (restore.spec.hooks.resources as Yaml[])[0]!.postHooks[0].init.initContainers[0] as Yaml;
}

/** Runs a pod script in its own process group (a server it starts ends with it); its output, or a throw. */
export function runPodScript(
  shell: string,
  script: string,
  env: Record<string, string | undefined>,
  timeoutMs = 120_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(shell, ['-c', script], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const endGroup = () => {
      try {
        process.kill(-p.pid!, 'SIGKILL');
      } catch {
        /* nothing left */
      }
    };
    const timer = setTimeout(endGroup, timeoutMs);
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      endGroup();
      if (code === 0) resolve(out);
      else reject(new Error(`${shell} script exited ${code ?? signal}:\n${out}`));
    });
  });
}
