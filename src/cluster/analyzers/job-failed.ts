import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { Analyzer, FindingDraft } from '../analyzer.ts';
import { targetOf } from '../analyzer.ts';
import { eventsOf, typed } from '../k8s.ts';

/** Jobs that failed (back-off limit, deadline) or cannot create their pods (quota, admission policy). */
export const jobFailed: Analyzer = {
  id: 'job-failed',
  area: 'workloads',
  title: 'Jobs that failed or cannot start',
  docs: 'Jobs whose Failed condition is True (BackoffLimitExceeded, DeadlineExceeded, with the controller message), and Jobs with no pod because pod creation is refused (FailedCreate: ResourceQuota exceeded, an admission policy such as Kyverno blocking a hook without limits).',
  severity: 'error',
  needs: ['Job', 'Event'],
  analyze(state) {
    const out: FindingDraft[] = [];
    for (const job of typed<IJob>(state, 'Job')) {
      const failed = job.status?.conditions?.find((c) => c.type === 'Failed' && c.status === 'True');
      const refused = eventsOf(state, job)
        .filter((e) => e.reason === 'FailedCreate')
        .at(-1);
      const running = (job.status?.active ?? 0) + (job.status?.succeeded ?? 0) > 0;
      if (failed) {
        out.push({
          target: targetOf(job),
          message: `failed (${failed.reason ?? 'Failed'}): ${failed.message ?? 'no message'}${job.status?.failed ? `; ${job.status.failed} pods failed` : ''}`,
          fix: `Read the logs of its last pod (kubectl -n ${job.metadata.namespace} logs job/${job.metadata.name}); Argo CD re-runs hook Jobs on the next sync once the cause is fixed.`,
        });
      } else if (refused && !running) {
        out.push({
          target: targetOf(job),
          message: `cannot create its pod: ${refused.message}`,
          fix: /quota/.test(refused.message ?? '')
            ? 'Raise the namespace ResourceQuota or give the Job smaller requests and limits.'
            : 'An admission webhook or policy refuses the pod: satisfy the policy (limits, security context) or add a reasoned exception.',
        });
      }
    }
    return out;
  },
};
