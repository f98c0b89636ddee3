import type { KubeObject } from '../../k8s/object.ts';
import type { Analyzer, FindingDraft } from '../analyzer.ts';
import { targetOf } from '../analyzer.ts';
import { containerLabel, podsOf, waitingContainers } from '../k8s.ts';
import type { ClusterState } from '../state.ts';

/** CreateContainerConfigError: the Secret, ConfigMap or key the pod references, and where that name does exist. */
export const podConfigError: Analyzer = {
  id: 'pod-config-error',
  area: 'pods',
  title: 'Containers that reference a missing Secret, ConfigMap or key',
  docs: "CreateContainerConfigError: the Secret or ConfigMap the container references does not exist in the pod's namespace (and the namespaces where one of that name does exist, the classic namespace drift), or it exists without the key (and the keys it has).",
  severity: 'error',
  needs: ['Pod'],
  analyze(state) {
    const out: FindingDraft[] = [];
    for (const { pod, c, waiting } of waitingContainers(podsOf(state), 'CreateContainerConfigError')) {
      const ns = pod.metadata.namespace ?? '';
      const { cause, fix } = explain(state, ns, waiting.message ?? '');
      out.push({ target: targetOf(pod), message: `${containerLabel(c)} cannot start: ${cause}`, fix });
    }
    return out;
  },
};

const NOT_FOUND = /(secret|configmap) "([^"]+)" not found/i;
const NO_KEY = /couldn't find key (\S+) in (Secret|ConfigMap) ([^/\s]+)\/(\S+)/i;

function explain(state: ClusterState, ns: string, message: string): { cause: string; fix: string } {
  const nf = NOT_FOUND.exec(message);
  if (nf) {
    const kind = nf[1]!.toLowerCase() === 'secret' ? 'Secret' : 'ConfigMap';
    const name = nf[2]!;
    const elsewhere = state.available(kind) ? state.named(kind, name).map((o) => o.metadata.namespace) : [];
    const where = elsewhere.length
      ? ` (a ${kind} of that name exists in namespace ${elsewhere.join(', ')}, not in ${ns})`
      : '';
    return {
      cause: `${kind} ${ns}/${name} does not exist${where}`,
      fix: elsewhere.length
        ? `Create the ${kind} in ${ns}, where the pod runs (a pod reads Secrets and ConfigMaps only from its own namespace); \`shai secrets seal\` places each secret in its consumer's namespace.`
        : `Create the ${kind} ${name} in ${ns} (for secrets: \`shai secrets seal\`, then let Argo CD sync).`,
    };
  }
  const nk = NO_KEY.exec(message);
  if (nk) {
    const [, key, kind, kns, name] = nk as unknown as string[];
    const obj = state.get(kind!, kns, name!) as (KubeObject & { data?: Record<string, unknown> }) | undefined;
    const keys = obj ? Object.keys(obj.data ?? {}).sort() : [];
    return {
      cause: `${kind} ${kns}/${name} has no key ${key}${obj ? ` (its keys: ${keys.join(', ') || 'none'})` : ''}`,
      fix: `Add the key ${key} to ${kind} ${kns}/${name}, or reference one of its existing keys.`,
    };
  }
  return {
    cause: message || 'CreateContainerConfigError',
    fix: 'Check the Secret and ConfigMap references of the container (env, envFrom, volumes).',
  };
}
