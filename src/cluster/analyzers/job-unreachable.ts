import type { IPod } from 'kubernetes-models/v1/Pod';
import type { Analyzer, FindingDraft } from '../analyzer.ts';
import { ref, targetOf } from '../analyzer.ts';
import { settingAddresses } from '../addresses.ts';
import { containerStates, eventsOf, podsOf } from '../k8s.ts';
import type { KubeObject } from '../../k8s/object.ts';

/**
 * What a client prints when the network, not the server, is the problem (Go, Python, curl, Node), and the sentence
 * ollama's CLI prints instead of a refused connection ("could not connect to ollama server, run 'ollama serve' to
 * start it": v0.32.3 cmd/cmd.go checkServerHeartbeat, cmd/start_default.go), which the model-pull Jobs run.
 */
const UNREACHABLE =
  /connection refused|i\/o timeout|timed out|no route to host|network is unreachable|ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|context deadline exceeded|could not connect to/i;

/** The text of a container's last failure: its termination message (our Jobs keep their last log lines there). */
function failureText(c: ReturnType<typeof containerStates>[number]): string | undefined {
  return (c.state?.terminated?.message ?? c.lastState?.terminated?.message)?.trim() || undefined;
}

/** Jobs whose pods fail because they cannot reach the address they are configured with. */
export const jobUnreachable: Analyzer = {
  id: 'job-unreachable',
  area: 'workloads',
  title: 'Jobs that cannot reach their target',
  docs:
    "Pods of a Job whose last failure (the container's termination message, which render fills with the last log lines, or a " +
    'Warning event) says the connection was refused or timed out. The finding names the address and the setting holding it ' +
    '(an env value, command or args entry with an in-cluster `<service>.<namespace>.svc` host), since the usual cause is a ' +
    "NetworkPolicy: the Job's pods have no egress allow, or the target's ingress does not admit them (`shai check` rule url-reachable proves both offline).",
  severity: 'error',
  needs: ['Pod'],
  analyze(state) {
    const out: FindingDraft[] = [];
    const seen = new Set<string>();
    for (const pod of podsOf(state)) {
      const job = pod.metadata.ownerReferences?.find((o) => o.kind === 'Job');
      if (!job || pod.status?.phase === 'Succeeded') continue;
      const events = eventsOf(state, pod).filter(
        (e) => e.type === 'Warning' && UNREACHABLE.test(e.message ?? ''),
      );
      for (const c of containerStates(pod)) {
        const text = failureText(c) ?? events.at(-1)?.message;
        if (!text || !UNREACHABLE.test(text)) continue;
        const id = `${pod.metadata.namespace}/${job.name}/${c.name}`;
        if (seen.has(id)) continue;
        seen.add(id);
        out.push(finding(state, pod, job.name, c.name, text));
      }
    }
    return out;
  },
};

function finding(
  state: Parameters<Analyzer['analyze']>[0],
  pod: IPod & KubeObject,
  jobName: string,
  container: string,
  text: string,
): FindingDraft {
  const spec = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find(
    (x) => x.name === container,
  );
  const addresses = spec ? settingAddresses(spec) : [];
  // The address the error names, else the first the container is configured with.
  const named = addresses.find((a) => text.includes(a.host)) ?? addresses[0];
  const job = state
    .objects('Job')
    .find((j) => j.metadata.namespace === pod.metadata.namespace && j.metadata.name === jobName);
  // The last line saying why (a Node or Java stack trace ends in frames, not in the error).
  const lines = text.split('\n').filter(Boolean);
  const last = (lines.findLast((l) => UNREACHABLE.test(l)) ?? lines.at(-1)!).trim().slice(0, 300);
  return {
    target: job ? targetOf(job) : targetOf(pod),
    message: `container "${container}" of ${ref(pod)} cannot reach its target${named ? ` ${named.text}, set by ${named.key}` : ''}: ${last}`,
    fix: named
      ? `Open the flow from the Job's pods to ${named.host} on both ends (the Job's egress and the target's ingress: declare it in the service's needs or network.selfCalls so render writes both), or correct ${named.key} if the address is wrong; \`shai check\` (url-reachable) proves it before the sync.`
      : "Check the address the Job is configured with and the NetworkPolicies between its pods and the target (the Job's egress and the target's ingress).",
  };
}
