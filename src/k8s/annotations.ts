/**
 * The `shai.dev/*` annotations and labels: the contract between what shai writes into the tree and what its
 * check and doctor read back. Every key is declared here once, with who writes it and who reads it (the files
 * named are held to it by test/k8s/annotations.test.ts), so a reader never imports a key from its writer.
 */

/** The service an object belongs to. Written by: k8s/meta.ts, build/argocd.ts, secrets/sealed-secret.ts. Read by: check/rules/needs-sync-order.ts, cluster/intent.ts. */
export const SERVICE_ANNOTATION = 'shai.dev/service';

/** The platform.yaml key that produced an object. Written by: k8s/meta.ts, secrets/sealed-secret.ts. Read by: check/platform.ts. */
export const CONFIG_PATH_ANNOTATION = 'shai.dev/config-path';

/** On an Application: the services it needs, comma-separated. Written by: build/argocd.ts. Read by: check/rules/needs-sync-order.ts. */
export const NEEDS_ANNOTATION = 'shai.dev/needs';

/** On an Application: the CRD groups its chart installs, comma-separated. Written by: build/argocd.ts. Read by: check/rules/crd-sync-order.ts. */
export const INSTALLS_CRDS_ANNOTATION = 'shai.dev/installs-crds';

/** Label on an Application: the service's layer (system, platform, ai, ops, ci). Written by: build/argocd.ts. Read by: people (`kubectl get applications -l`). */
export const LAYER_LABEL = 'shai.dev/layer';

/** On an Ingress or IngressRoute: the backend logs users in itself (`oidc`). Written by: build/ingress.ts. Read by: check/rules/host-authenticated.ts. */
export const AUTH_ANNOTATION = 'shai.dev/auth';

/** On an IngressRoute with a route for API clients: the header form of the key the application checks. Written by: build/ingress.ts. Read by: people. */
export const API_KEY_ANNOTATION = 'shai.dev/api-key';

/** On an Ingress or IngressRoute: why the host is served without authentication. Written by: build/ingress.ts. Read by: check/rules/host-authenticated.ts. */
export const PUBLIC_ANNOTATION = 'shai.dev/public';

/** The rules an object opts out of, comma-separated. Written by: people, services/kube-prometheus-stack.ts (the chart's Alertmanager config Secret). Read by: check/suppress.ts, check/docs.ts. */
export const IGNORE_ANNOTATION = 'shai.dev/ignore';

/** Why an object opts out of a rule; the opt-out holds only with it. Written by: people, services/kube-prometheus-stack.ts. Read by: check/suppress.ts, check/docs.ts. */
export const IGNORE_REASON_ANNOTATION = 'shai.dev/ignore-reason';

/**
 * On a pod template (or the Application of a chart): the calls its pods make, `<namespace>/<service>:<port>`,
 * comma-separated. Written by: render/network.ts. Read by: semantics/netpol/platform.ts, check/rules/network-flows.ts.
 */
export const CALLS_ANNOTATION = 'shai.dev/calls';

/** On an Application whose pods are not in the tree: the labels of its pods, `key=value,...`. Written by: render/network.ts. Read by: semantics/netpol/platform.ts, semantics/netpol/world.ts. */
export const POD_LABELS_ANNOTATION = 'shai.dev/pod-labels';

/** On an Application: where the checked tree sits in the repository its source paths are relative to. Written by: people. Read by: check/gitops.ts, check/tree-root.ts, check/rules/manifest-read-by-application.ts. */
export const TREE_ROOT_ANNOTATION = 'shai.dev/tree-root';

/** On a pod template: why its image runs as root. Written by: build/workload.ts. Read by: check/rules/run-as-non-root.ts, services/system/policy-exceptions.ts, services/system/namespace-objects.ts. */
export const RUNS_AS_ROOT_ANNOTATION = 'shai.dev/runs-as-root';

/** On a PolicyException: why the workload is excepted. Written by: services/system/policy-exceptions.ts. Read by: render/admission-readme.ts. */
export const REASON_ANNOTATION = 'shai.dev/reason';

/** On a Namespace: why its Pod Security level is below restricted. Written by: services/system/namespace-objects.ts. Read by: people. */
export const POD_SECURITY_REASON_ANNOTATION = 'shai.dev/pod-security-reason';

/** On a GPU workload: the VRAM (GiB) it declares. Written by: services/shared/gpu-media.ts. Read by: check/rules/model-fits-gpu.ts. */
export const VRAM_ANNOTATION = 'shai.dev/vram-gib';

/** On an Ollama instance's pull Job: the models it pulls, comma-separated. Written by: services/shared/ollama.ts. Read by: check/rules/model-fits-gpu.ts. */
export const MODELS_ANNOTATION = 'shai.dev/models';

/** On an Ollama instance's pull Job: the pulled models kept loaded together, comma-separated. Written by: services/shared/ollama.ts. Read by: check/rules/model-fits-gpu.ts. */
export const KEEP_LOADED_ANNOTATION = 'shai.dev/keep-loaded';

/** On a pod template: a hash of the secrets it consumes, so it restarts when one is rotated. Written by: render/secret-checksums.ts. Read by: Kubernetes (a changed template rolls the pods). */
export const SECRETS_CHECKSUM_ANNOTATION = 'shai.dev/secrets-checksum';

/** On a pod template: a hash of the configuration it mounts, so it restarts when that changes. Written by: services/litellm.ts, services/shared/comfyui-models.ts. Read by: Kubernetes (a changed template rolls the pods). */
export const CONFIG_CHECKSUM_ANNOTATION = 'shai.dev/config-checksum';

/** On a pod template: a hash of SearXNG's settings, so it restarts when they change. Written by: services/searxng.ts. Read by: Kubernetes (a changed template rolls the pods). */
export const SETTINGS_CHECKSUM_ANNOTATION = 'shai.dev/settings-checksum';

/** On a SealedSecret: when its values were last rotated. Written by: secrets/sealed-secret.ts. Read by: people. */
export const ROTATED_AT_ANNOTATION = 'shai.dev/rotated-at';

/** On a runner scale set's Application: the scale set it installs. Written by: services/arc-runners.ts. Read by: people. */
export const SCALE_SET_ANNOTATION = 'shai.dev/scale-set';

/** On what `shai backup restore` creates: when it was restored, so a drill's copy is recognisable. Written by: backup/objects.ts. Read by: people (`kubectl get -A -o yaml`, before deleting a drill). */
export const RESTORED_AT_ANNOTATION = 'shai.dev/restored-at';

/** On a service's Argo CD Application while `shai backup restore --promote` has it paused: what the promotion deletes and restores (JSON), so a second run resumes it. Written by: backup/promote-volumes.ts (the pause patch). Read by: backup/promote-volumes.ts (a second run), k8s/argocd-pause.ts (for cluster/analyzers/argocd-paused.ts, doctor), and people (`kubectl -n argocd get applications -o yaml`). */
export const PROMOTING_ANNOTATION = 'shai.dev/promoting';

/** Label on a restore's namespace: the service restored into it. Written by: backup/objects.ts. Read by: cluster/analyzers/restore-left-behind.ts (doctor, for a restore left for more than a week), people (`kubectl get namespaces -l shai.dev/restore-of`, to find and delete drills). */
export const RESTORE_OF_LABEL = 'shai.dev/restore-of';

/** A list annotation's value: sorted, without duplicates, comma-separated. */
export function listValue(items: Iterable<string>): string {
  return [...new Set(items)].sort().join(',');
}

/** The items of a list annotation (empty when absent). */
export function listOf(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
