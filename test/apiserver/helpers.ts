/* Steps shared by the API-server suites: connect as a kubeconfig context, install CRDs, wait for them. */
import type { KubeObject } from '../../src/k8s/object.ts';
import { kubeApi, resourceResolver, type KubeApi } from '../../src/install/api.ts';
import { applyAll, objectLabel, type Applied } from '../../src/install/apply.ts';
import { loadKubeConfig } from '../../src/cluster/read-live.ts';
import type { ApiServer } from '../helpers/apiserver.ts';
import type { BackupIo } from '../../src/cli/backup-actions.ts';
import { UserError } from '../../src/errors.ts';
import type { PodExec } from '../../src/kube-exec.ts';

/** A KubeApi for one of the helper's kubeconfig contexts, and its resource resolver. */
export function connect(server: ApiServer, context = 'admin') {
  const api = kubeApi(loadKubeConfig({ kubeconfig: server.kubeconfig, context }));
  return { api, resolve: resourceResolver(api) };
}

/** Applies CRDs for real and waits until each is Established (served). Returns what was not accepted. */
export async function installCrds(api: KubeApi, crds: readonly KubeObject[]): Promise<string[]> {
  const applied = await applyAll(api, resourceResolver(api), crds);
  const rejected = rejections(applied);
  for (const crd of crds) {
    for (let i = 0; i < 600; i++) {
      const r = await api.request(
        'GET',
        `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`,
      );
      const conditions = (r.body.status as { conditions?: { type: string; status: string }[] } | undefined)
        ?.conditions;
      if (r.status !== 200 || conditions?.some((c) => c.type === 'Established' && c.status === 'True')) break;
      await new Promise((res) => setTimeout(res, 100));
    }
  }
  return rejected;
}

/** `Kind ns/name (file): message` for every object the API server did not accept or does not serve. */
export function rejections(applied: readonly Applied[], files?: Map<KubeObject, string>): string[] {
  return applied
    .filter((a) => a.outcome === 'rejected' || a.outcome === 'unserved')
    .map(
      (a) =>
        `${objectLabel(a.object)}${files?.get(a.object) ? ` (${files.get(a.object)})` : ''}: ${
          a.outcome === 'unserved'
            ? `the API does not serve ${a.object.apiVersion} ${a.object.kind}`
            : a.message
        }`,
    );
}

/** The edges of `shai backup` for a test: printed lines kept, and a clock that moves only when the command waits. */
export type TestBackupIo = BackupIo & { lines: string[]; clock: number; onSleep?: () => Promise<void> };

/** A TestBackupIo at 2026-12-03T12:00:00Z; `onSleep` is where a test plays the operators while the command waits. */
export function testBackupIo(api: KubeApi, exec?: PodExec): TestBackupIo {
  const io: TestBackupIo = {
    api,
    exec:
      exec ??
      (async () => {
        throw new UserError('this test runs no kubelet: no pod can exec');
      }),
    lines: [],
    clock: Date.parse('2026-12-03T12:00:00Z'),
    now: () => new Date(io.clock),
    sleep: async (ms) => {
      io.clock += ms;
      await io.onSleep?.();
    },
    print: (line) => io.lines.push(line),
  };
  return io;
}
