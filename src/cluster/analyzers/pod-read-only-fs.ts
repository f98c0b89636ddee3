import type { Analyzer, FindingDraft } from '../analyzer.ts';
import { targetOf } from '../analyzer.ts';
import { containerLabel, containerStates, isFine, podsOf } from '../k8s.ts';

const EROFS = /read-only file system/i;
// `[Errno 30] Read-only file system: '/app/.cache'`, `mkdir /root/.cache: read-only file system`, `EROFS: ..., open '/x'`.
const PATH_BEFORE = /(\/[^\s'":]+)['"]?:?\s*read-only file system/i;
const PATH_AFTER = /read-only file system(?:: |, \w+ )['"]?(\/[^\s'",)]+)/i;

/** The path a read-only failure names, if it names one. */
export function readOnlyPath(text: string): string | undefined {
  return PATH_AFTER.exec(text)?.[1] ?? PATH_BEFORE.exec(text)?.[1];
}

/** Containers that fail because they write to a read-only root file system. */
export const podReadOnlyFs: Analyzer = {
  id: 'pod-read-only-fs',
  area: 'pods',
  title: 'Containers that fail writing to a read-only root',
  docs:
    'A container whose last termination message (the last log lines, with render\'s FallbackToLogsOnError) says "Read-only file ' +
    'system": it runs with `readOnlyRootFilesystem: true` and writes a path no volume covers. The finding names the path and the ' +
    "setting to change: a writable volumeMount at that path (an emptyDir), or the image contract's `writes` for shai's own images " +
    '(src/images/; the image-writable-paths check proves the mounts offline).',
  severity: 'error',
  needs: ['Pod'],
  analyze(state) {
    const out: FindingDraft[] = [];
    for (const pod of podsOf(state)) {
      if (isFine(pod)) continue;
      for (const c of containerStates(pod)) {
        const text = (c.lastState?.terminated?.message ?? c.state?.terminated?.message ?? '').trim();
        if (!EROFS.test(text)) continue;
        const path = readOnlyPath(text);
        const spec = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
        const i = spec.findIndex((x) => x.name === c.name);
        const field = `${c.init ? 'initContainers' : 'containers'}[${c.init ? i : i - (pod.spec?.initContainers?.length ?? 0)}]`;
        out.push({
          target: targetOf(pod),
          message: `${containerLabel(c)} fails writing ${path ?? 'a path'} on its read-only root file system (${c.restartCount ?? 0} restarts): ${text.split('\n').filter(Boolean).at(-1)!.slice(0, 300)}`,
          fix: `Mount a writable volume at ${path ?? 'the path it writes'} (spec.${field}.volumeMounts, an emptyDir for scratch data), or set spec.${field}.securityContext.readOnlyRootFilesystem: false; for a platform service, add the path to its image contract's writes in src/images/ and mount it in the service.`,
        });
      }
    }
    return out;
  },
};
