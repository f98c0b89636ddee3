import type { KubeObject } from '../../k8s/object.ts';
import { isObject, type Yaml } from '../../semantics/pods.ts';
import type { SourcedObject } from '../types.ts';
import type { StandIn } from './types.ts';

/*
 * The listener Pod the Actions Runner Controller creates for each AutoscalingRunnerSet, rebuilt from
 * actions/actions-runner-controller at tag gha-runner-scale-set-0.14.2 (the chart version shai pins),
 * controllers/actions.github.com/resourcebuilder.go:
 * - newAutoScalingListener: in the controller's namespace, named scaleSetListenerName(): `<set>-<hash>-listener`,
 *   hash = hashSuffix(namespace, runnerGroup, githubConfigUrl), FNV-1a 32 encoded by k8s.io rand.SafeEncodeString;
 * - newScaleSetListenerPod: one container `listener` running the controller's own image
 *   (CONTROLLER_MANAGER_CONTAINER_IMAGE, main.go) with no resources and no securityContext, its ServiceAccount named
 *   like the listener, a Secret volume `<listener>-config`;
 * - mergeListenerPodWithTemplate / mergeListenerContainer: `spec.listenerTemplate` replaces the listener container's
 *   resources, probes and securityContext (even when unset) and the pod's securityContext, host namespaces,
 *   volumes (appended), init containers and other containers.
 */

const SOURCE =
  'actions-runner-controller gha-runner-scale-set-0.14.2 controllers/actions.github.com/resourcebuilder.go';

/** Stand-in listener Pods, one per AutoscalingRunnerSet, when the tree holds the ARC controller that makes them. */
export const arcListener: StandIn = {
  kinds: ['AutoscalingRunnerSet'],
  build(set, objects) {
    const controller = objects.find(isArcController);
    if (!controller) return [];
    const spec: Yaml = isObject(set.object.spec) ? set.object.spec : {};
    const ns = String(set.object.metadata?.namespace ?? '');
    const name = `${set.object.metadata?.name}-${hashSuffix(ns, String(spec.runnerGroup ?? ''), String(spec.githubConfigUrl ?? ''))}-listener`;
    const pod = listenerPod(
      name,
      String(controller.object.metadata?.namespace ?? ''),
      managerImage(controller) ?? '',
      set,
    );
    const tmpl: Yaml = isObject(spec.listenerTemplate) ? spec.listenerTemplate : undefined;
    if (tmpl) merge(pod, tmpl);
    return [
      {
        object: pod,
        ...(set.file !== undefined ? { file: set.file } : {}),
        ...(set.line !== undefined ? { line: set.line } : {}),
        standIn: `the listener Pod ARC creates for AutoscalingRunnerSet ${ns}/${set.object.metadata?.name} (${SOURCE})`,
      },
    ];
  },
};

function isArcController(o: SourcedObject): boolean {
  return o.object.kind === 'Deployment' && managerImage(o) !== undefined;
}

/** The controller's CONTROLLER_MANAGER_CONTAINER_IMAGE, which it gives every listener. */
function managerImage(o: SourcedObject): string | undefined {
  const containers: Yaml[] = (o.object.spec as Yaml)?.template?.spec?.containers ?? [];
  for (const c of Array.isArray(containers) ? containers : [])
    for (const e of Array.isArray(c?.env) ? c.env : [])
      if (e?.name === 'CONTROLLER_MANAGER_CONTAINER_IMAGE' && typeof e.value === 'string') return e.value;
  return undefined;
}

function listenerPod(name: string, namespace: string, image: string, set: SourcedObject): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      labels: {
        'actions.github.com/scale-set-name': String(set.object.metadata?.name),
        'actions.github.com/scale-set-namespace': String(set.object.metadata?.namespace),
        'app.kubernetes.io/component': 'runner-scale-set-listener',
        'app.kubernetes.io/part-of': 'gha-runner-scale-set',
      },
    },
    spec: {
      serviceAccountName: name,
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      containers: [
        {
          name: 'listener',
          image,
          env: [{ name: 'LISTENER_CONFIG_PATH', value: '/etc/gha-listener/config.json' }],
          command: ['/ghalistener'],
          volumeMounts: [{ name: 'listener-config', mountPath: '/etc/gha-listener', readOnly: true }],
        },
      ],
      volumes: [{ name: 'listener-config', secret: { secretName: `${name}-config` } }],
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 60,
    },
  };
}

/** Pod-level fields mergeListenerPodWithTemplate copies from the template as they are (set or not). */
const COPIED = [
  'initContainers',
  'ephemeralContainers',
  'terminationGracePeriodSeconds',
  'activeDeadlineSeconds',
  'dnsPolicy',
  'nodeName',
  'hostNetwork',
  'hostPID',
  'hostIPC',
  'shareProcessNamespace',
  'securityContext',
  'hostname',
  'subdomain',
  'affinity',
  'schedulerName',
  'tolerations',
  'hostAliases',
  'priorityClassName',
  'priority',
  'dnsConfig',
  'readinessGates',
  'runtimeClassName',
  'enableServiceLinks',
  'preemptionPolicy',
  'overhead',
  'topologySpreadConstraints',
  'setHostnameAsFQDN',
  'os',
  'hostUsers',
  'schedulingGates',
  'resourceClaims',
] as const;

/** Container fields mergeListenerContainer replaces with the template's (set or not). */
const REPLACED = [
  'imagePullPolicy',
  'workingDir',
  'resources',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle',
  'terminationMessagePath',
  'terminationMessagePolicy',
  'securityContext',
  'resizePolicy',
  'restartPolicy',
  'stdin',
  'stdinOnce',
  'tty',
] as const;
const APPENDED = ['env', 'args', 'ports', 'envFrom', 'volumeMounts', 'volumeDevices'] as const;

function merge(pod: KubeObject, tmpl: Yaml): void {
  const spec = pod.spec as Yaml;
  const from: Yaml = isObject(tmpl.spec) ? tmpl.spec : {};
  const listener = spec.containers[0];
  for (const c of Array.isArray(from.containers) ? from.containers : []) {
    if (c?.name !== 'listener') {
      spec.containers.push(c);
      continue;
    }
    if (c.image) listener.image = c.image;
    if (Array.isArray(c.command) && c.command.length) listener.command = c.command;
    for (const f of REPLACED) set(listener, f, c[f]);
    for (const f of APPENDED) if (Array.isArray(c[f])) listener[f] = [...(listener[f] ?? []), ...c[f]];
  }
  if (from.restartPolicy) spec.restartPolicy = from.restartPolicy;
  if (from.imagePullSecrets) spec.imagePullSecrets = from.imagePullSecrets;
  if (from.nodeSelector) spec.nodeSelector = from.nodeSelector;
  if (Array.isArray(from.volumes)) spec.volumes.push(...from.volumes);
  for (const f of COPIED) set(spec, f, from[f]);
}

function set(target: Yaml, key: string, value: unknown): void {
  if (value === undefined || value === null) delete target[key];
  else target[key] = value;
}

/** hashSuffix of resourcebuilder.go: FNV-1a 32 of `namespace@runnerGroup@configURL`, SafeEncodeString, 8 characters. */
export function hashSuffix(namespace: string, runnerGroup: string, configUrl: string): string {
  return safeEncode(String(fnv1a32(`${namespace}@${runnerGroup}@${configUrl}`))).slice(0, 8);
}

function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(s)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** k8s.io/apimachinery/pkg/util/rand.SafeEncodeString: each character mapped into a vowel-free alphabet. */
function safeEncode(s: string): string {
  const alphanums = 'bcdfghjklmnpqrstvwxz2456789';
  return [...s].map((c) => alphanums[c.codePointAt(0)! % alphanums.length]).join('');
}
