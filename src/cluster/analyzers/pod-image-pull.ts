import type { IPod } from 'kubernetes-models/v1/Pod';
import type { KubeObject } from '../../k8s/object.ts';
import type { Analyzer, FindingDraft } from '../analyzer.ts';
import { targetOf } from '../analyzer.ts';
import { containerLabel, eventsOf, podsOf, waitingContainers } from '../k8s.ts';
import type { ClusterState } from '../state.ts';

/** ImagePullBackOff / ErrImagePull: the tag does not exist, or the registry wants credentials. */
export const podImagePull: Analyzer = {
  id: 'pod-image-pull',
  area: 'pods',
  title: 'Images that cannot be pulled',
  docs: "ImagePullBackOff and ErrImagePull, read from the kubelet's Failed event: the tag does not exist, the registry refused anonymous access (no imagePullSecrets, or the named pull secret is missing), or the registry cannot be reached.",
  severity: 'error',
  needs: ['Pod', 'Event'],
  analyze(state) {
    const out: FindingDraft[] = [];
    for (const { pod, c, waiting } of waitingContainers(podsOf(state), 'ImagePullBackOff', 'ErrImagePull')) {
      // The back-off message only repeats the image; the pull error itself is in the Failed event.
      const failed = eventsOf(state, pod).filter(
        (e) => e.reason === 'Failed' && e.message?.includes(c.image),
      );
      const text = `${failed.at(-1)?.message ?? ''} ${waiting.message ?? ''}`;
      const { cause, fix } = explain(state, pod, c.image, text);
      out.push({
        target: targetOf(pod),
        message: `${containerLabel(c)} cannot pull ${c.image}: ${cause}`,
        fix,
      });
    }
    return out;
  },
};

function explain(
  state: ClusterState,
  pod: IPod & KubeObject,
  image: string,
  text: string,
): { cause: string; fix: string } {
  if (/\bnot found\b|manifest unknown/i.test(text) && !/authoriz|401|403/i.test(text)) {
    return {
      cause: 'the registry has no such image or tag',
      fix: `Pin a tag that exists (check the registry's tags for ${image.replace(/[:@][^/]*$/, '')}) in the service definition or services.<name>.image.`,
    };
  }
  if (
    /unauthori[sz]ed|401|403|forbidden|denied|requires? authori[sz]ation|authorization failed/i.test(text)
  ) {
    const secrets = (pod.spec?.imagePullSecrets ?? []).map((s) => s.name ?? '');
    const ns = pod.metadata.namespace;
    const missing = state.available('Secret') ? secrets.filter((n) => !state.get('Secret', ns, n)) : [];
    const cause =
      secrets.length === 0
        ? 'the registry refused anonymous access and the pod has no imagePullSecrets'
        : missing.length
          ? `the registry refused access; the pull secret ${missing.join(', ')} does not exist in ${ns}`
          : `the registry refused the credentials in ${secrets.join(', ')}`;
    return {
      cause,
      fix: `Create a docker-registry Secret in ${ns} with a token that can read the image and list it in imagePullSecrets.`,
    };
  }
  if (/no such host|i\/o timeout|connection refused|dial tcp/i.test(text)) {
    return {
      cause: 'the node cannot reach the registry',
      fix: 'Check DNS and outbound network of the node (and any egress NetworkPolicy or proxy).',
    };
  }
  return {
    cause: text.trim() || 'the pull fails',
    fix: 'Try `crictl pull` of the image on the node to see the registry error.',
  };
}
