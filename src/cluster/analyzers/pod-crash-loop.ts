import type { IPod } from 'kubernetes-models/v1/Pod';
import type { Analyzer, FindingDraft } from '../analyzer.ts';
import { targetOf } from '../analyzer.ts';
import { containerLabel, podsOf, waitingContainers, type ContainerState } from '../k8s.ts';

/** CrashLoopBackOff of init or main containers: last exit code and reason, OOMKilled against the limit, restarts. */
export const podCrashLoop: Analyzer = {
  id: 'pod-crash-loop',
  area: 'pods',
  title: 'Containers that keep crashing',
  docs: "CrashLoopBackOff of init or main containers, with the restart count and the last run's exit code and reason: OOMKilled against the container's memory limit, a container the runtime cannot even start (StartError, exit 128, e.g. a mount inside /proc), or an application that exits with its termination message.",
  severity: 'error',
  needs: ['Pod'],
  analyze(state) {
    const out: FindingDraft[] = [];
    for (const { pod, c } of waitingContainers(podsOf(state), 'CrashLoopBackOff')) {
      const { cause, fix } = explain(pod, c);
      const ns = pod.metadata.namespace;
      const logs = `kubectl logs -n ${ns} ${pod.metadata.name} -c ${c.name} --previous`;
      const restarts = typeof c.restartCount === 'number' ? ` (${c.restartCount} restarts)` : '';
      out.push({
        target: targetOf(pod),
        message: `${containerLabel(c)} is crash-looping${restarts}: ${cause}`,
        fix: fix ? `${fix} Logs of the last run: ${logs}` : `Read the logs of the last run: ${logs}`,
      });
    }
    return out;
  },
};

/** The cause, and a fix when it says more than "read the logs". */
function explain(pod: IPod, c: ContainerState): { cause: string; fix?: string } {
  const t = c.lastState?.terminated;
  if (!t) return { cause: 'it exits shortly after starting' };
  if (t.reason === 'OOMKilled') {
    const spec = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find(
      (x) => x.name === c.name,
    );
    const limit = spec?.resources?.limits?.memory;
    return {
      cause: limit
        ? `it was killed for using more memory than its limit of ${limit} (OOMKilled, exit ${t.exitCode})`
        : `it was killed for running out of memory (OOMKilled, exit ${t.exitCode}, no memory limit set: the node ran out)`,
      fix: 'Raise the memory limit of the service (services.<name>.resources.limits.memory in platform.yaml), or the namespace LimitRange default when the chart sets none.',
    };
  }
  const msg = t.message?.trim();
  if (t.reason === 'StartError' || t.exitCode === 128) {
    return {
      cause: `the container cannot even start (${t.reason ?? 'StartError'}, exit ${t.exitCode})${msg ? `: ${msg}` : ''}`,
      fix: 'The runtime refused the container spec (a mount, device or security setting): fix that setting, or delete the workload if nobody needs it.',
    };
  }
  return {
    cause: `the last run ended with exit code ${t.exitCode}${t.reason ? ` (${t.reason})` : ''}${msg ? `: ${msg}` : ''}`,
    fix: 'The application itself exits: its logs name the missing setting, unreachable dependency or bad configuration.',
  };
}
