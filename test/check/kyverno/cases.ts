/*
 * Generated workloads for the twin table: a pod that every admission rule admits, and variants of it that break
 * one rule one way at a time, in each place the field can sit (pod or container level, init and ephemeral
 * containers), wrapped in every workload kind so Kyverno's autogen rules judge them too. Kyverno's verdicts on
 * these prove the twins agree on failures, not only on the clean rendered tree.
 */
import type { KubeObject } from '../../../src/k8s/object.ts';
import type { Yaml } from '../../../src/semantics/pods.ts';
import { WORKLOAD_EXCEPTIONS } from '../../../src/semantics/system-workloads.ts';

/** Namespace of the generated cases: admitted by Kyverno, holding no exception. */
export const CASES_NAMESPACE = 'twin-cases';

type Spec = Yaml;

const probe = { httpGet: { path: '/healthz', port: 8080 } };

function container(name: string): Yaml {
  return {
    name,
    image: 'registry.example.com/team/app:1.4.2',
    securityContext: {
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
    resources: { limits: { cpu: '500m', memory: '256Mi' } },
  };
}

/** A pod spec every admission rule admits: one init and one regular container. */
export function cleanSpec(): Spec {
  return {
    securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    initContainers: [container('init')],
    containers: [{ ...container('app'), readinessProbe: probe, livenessProbe: probe }],
    volumes: [{ name: 'tmp', emptyDir: {} }],
  };
}

/** An ephemeral container (the API allows neither resources nor probes on one). */
function ephemeral(s: Spec): Yaml {
  const { resources: _r, ...c } = container('debug');
  s.ephemeralContainers = [c];
  return s.ephemeralContainers[0];
}

const sc = (c: Yaml) => (c.securityContext ??= {});
const every = (s: Spec): Yaml[] => [
  ...(s.initContainers ?? []),
  ...(s.containers ?? []),
  ...(s.ephemeralContainers ?? []),
];
const app = (s: Spec) => s.containers[0];
const init = (s: Spec) => s.initContainers[0];
const noNonRoot = (s: Spec) => {
  delete s.securityContext.runAsNonRoot;
  delete s.securityContext.runAsUser;
  for (const c of every(s)) delete sc(c).runAsNonRoot;
};

/** One way to change the clean pod, named `<rule>--<how>` (the rule it is meant to break, or `clean`). */
export interface Variant {
  name: string;
  change(s: Spec): void;
}

/** Every variant: each breaks (or, for the `ok-` ones, keeps within) one rule in one place. */
export const VARIANTS: readonly Variant[] = [
  { name: 'clean', change: () => {} },
  // run-as-non-root
  { name: 'run-as-non-root--unset-everywhere', change: noNonRoot },
  { name: 'run-as-non-root--container-false', change: (s) => (sc(app(s)).runAsNonRoot = false) },
  { name: 'run-as-non-root--init-false', change: (s) => (sc(init(s)).runAsNonRoot = false) },
  { name: 'run-as-non-root--container-user-0', change: (s) => (sc(app(s)).runAsUser = 0) },
  // The policy (and so its twin) does not judge the pod's own runAsUser; the kubelet refuses to start a
  // container whose runAsNonRoot: true meets user 0.
  { name: 'run-as-non-root--ok-pod-user-0', change: (s) => (s.securityContext.runAsUser = 0) },
  {
    name: 'run-as-non-root--pod-user-only',
    change: (s) => {
      noNonRoot(s);
      s.securityContext.runAsUser = 1000;
    },
  },
  {
    name: 'run-as-non-root--container-user-only',
    change: (s) => {
      noNonRoot(s);
      for (const c of every(s)) sc(c).runAsUser = 1000;
    },
  },
  {
    name: 'run-as-non-root--ok-pod-level-only',
    change: (s) => {
      for (const c of every(s)) delete sc(c).runAsNonRoot;
    },
  },
  {
    name: 'run-as-non-root--ok-container-level-only',
    change: (s) => {
      delete s.securityContext.runAsNonRoot;
      delete s.securityContext.runAsUser;
    },
  },
  {
    name: 'run-as-non-root--init-unset',
    change: (s) => {
      delete s.securityContext.runAsNonRoot;
      delete s.securityContext.runAsUser;
      delete sc(init(s)).runAsNonRoot;
    },
  },
  {
    name: 'run-as-non-root--ephemeral-unset',
    change: (s) => {
      delete s.securityContext.runAsNonRoot;
      delete s.securityContext.runAsUser;
      delete sc(ephemeral(s)).runAsNonRoot;
    },
  },
  // resource-limits
  { name: 'resource-limits--no-cpu', change: (s) => delete app(s).resources.limits.cpu },
  { name: 'resource-limits--no-memory', change: (s) => delete app(s).resources.limits.memory },
  {
    name: 'resource-limits--requests-only',
    change: (s) => (app(s).resources = { requests: { cpu: '100m', memory: '64Mi' } }),
  },
  { name: 'resource-limits--init-none', change: (s) => delete init(s).resources },
  { name: 'resource-limits--ephemeral', change: (s) => ephemeral(s) },
  // drop-capabilities
  { name: 'drop-capabilities--no-drop', change: (s) => delete sc(app(s)).capabilities },
  { name: 'drop-capabilities--drop-net-raw', change: (s) => (sc(app(s)).capabilities.drop = ['NET_RAW']) },
  { name: 'drop-capabilities--drop-lowercase-all', change: (s) => (sc(app(s)).capabilities.drop = ['all']) },
  { name: 'drop-capabilities--add-sys-admin', change: (s) => (sc(app(s)).capabilities.add = ['SYS_ADMIN']) },
  {
    name: 'drop-capabilities--ok-add-net-bind-service',
    change: (s) => (sc(app(s)).capabilities.add = ['NET_BIND_SERVICE']),
  },
  {
    name: 'drop-capabilities--add-cap-net-bind-service',
    change: (s) => (sc(app(s)).capabilities.add = ['CAP_NET_BIND_SERVICE']),
  },
  { name: 'drop-capabilities--init-no-drop', change: (s) => delete sc(init(s)).capabilities },
  { name: 'drop-capabilities--ephemeral-no-drop', change: (s) => delete sc(ephemeral(s)).capabilities },
  // image-pinned
  { name: 'image-pinned--latest', change: (s) => (app(s).image = 'registry.example.com/team/app:latest') },
  { name: 'image-pinned--no-tag', change: (s) => (app(s).image = 'registry.example.com/team/app') },
  { name: 'image-pinned--port-no-tag', change: (s) => (app(s).image = 'registry.example.com:5000/app') },
  {
    name: 'image-pinned--ok-digest',
    change: (s) => (app(s).image = `registry.example.com/team/app@sha256:${'a'.repeat(64)}`),
  },
  {
    name: 'image-pinned--ok-port-and-tag',
    change: (s) => (app(s).image = 'registry.example.com:5000/app:2.0'),
  },
  { name: 'image-pinned--init-latest', change: (s) => (init(s).image = 'busybox:latest') },
  { name: 'image-pinned--ephemeral-no-tag', change: (s) => (ephemeral(s).image = 'busybox') },
  // no-host-namespaces
  { name: 'no-host-namespaces--host-network', change: (s) => (s.hostNetwork = true) },
  { name: 'no-host-namespaces--host-pid', change: (s) => (s.hostPID = true) },
  { name: 'no-host-namespaces--host-ipc', change: (s) => (s.hostIPC = true) },
  {
    name: 'no-host-namespaces--ok-all-false',
    change: (s) => Object.assign(s, { hostNetwork: false, hostPID: false, hostIPC: false }),
  },
  // no-host-path
  {
    name: 'no-host-path--volume',
    change: (s) => s.volumes.push({ name: 'host', hostPath: { path: '/var/lib' } }),
  },
  // no-privilege-escalation
  { name: 'no-privilege-escalation--unset', change: (s) => delete sc(app(s)).allowPrivilegeEscalation },
  { name: 'no-privilege-escalation--true', change: (s) => (sc(app(s)).allowPrivilegeEscalation = true) },
  { name: 'no-privilege-escalation--init-unset', change: (s) => delete sc(init(s)).allowPrivilegeEscalation },
  {
    name: 'no-privilege-escalation--ephemeral-unset',
    change: (s) => delete sc(ephemeral(s)).allowPrivilegeEscalation,
  },
  // no-privileged
  { name: 'no-privileged--container', change: (s) => (sc(app(s)).privileged = true) },
  { name: 'no-privileged--init', change: (s) => (sc(init(s)).privileged = true) },
  { name: 'no-privileged--ephemeral', change: (s) => (sc(ephemeral(s)).privileged = true) },
  { name: 'no-privileged--ok-false', change: (s) => (sc(app(s)).privileged = false) },
  // probes-present
  { name: 'probes-present--no-readiness', change: (s) => delete app(s).readinessProbe },
  { name: 'probes-present--no-liveness', change: (s) => delete app(s).livenessProbe },
  // read-only-root-fs
  { name: 'read-only-root-fs--unset', change: (s) => delete sc(app(s)).readOnlyRootFilesystem },
  { name: 'read-only-root-fs--false', change: (s) => (sc(app(s)).readOnlyRootFilesystem = false) },
  { name: 'read-only-root-fs--init-unset', change: (s) => delete sc(init(s)).readOnlyRootFilesystem },
  {
    name: 'read-only-root-fs--ephemeral-unset',
    change: (s) => delete sc(ephemeral(s)).readOnlyRootFilesystem,
  },
];

/** The workload kinds a pod template reaches Kyverno in (CronJob through autogen-cronjob rules). */
export const KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'] as const;

/** `spec` wrapped as a workload of `kind`. */
export function workload(kind: string, name: string, namespace: string, spec: Spec): KubeObject {
  const metadata = { name, namespace };
  const labels = { app: name };
  const template = { metadata: { labels }, spec };
  switch (kind) {
    case 'Pod':
      return { apiVersion: 'v1', kind, metadata: { ...metadata, labels }, spec };
    case 'Job':
      return { apiVersion: 'batch/v1', kind, metadata, spec: { template: withRestart(template) } };
    case 'CronJob':
      return {
        apiVersion: 'batch/v1',
        kind,
        metadata,
        spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: withRestart(template) } } },
      };
    default:
      return {
        apiVersion: 'apps/v1',
        kind,
        metadata,
        spec: {
          selector: { matchLabels: labels },
          template,
          ...(kind === 'StatefulSet' ? { serviceName: name } : {}),
        },
      };
  }
}

function withRestart(t: Yaml): Yaml {
  return { ...t, spec: { ...t.spec, restartPolicy: 'Never' } };
}

/** Every variant in every kind, in the cases namespace. */
export function variantCases(): KubeObject[] {
  return VARIANTS.flatMap((v) =>
    KINDS.map((kind) => {
      const spec = cleanSpec();
      v.change(spec);
      return workload(kind, `${v.name}--${kind.toLowerCase()}`.slice(0, 63), CASES_NAMESPACE, spec);
    }),
  );
}

/** A pod spec breaking every admission rule at once. */
export function rogueSpec(): Spec {
  return {
    hostNetwork: true,
    hostPID: true,
    hostIPC: true,
    securityContext: { runAsUser: 0 },
    containers: [{ name: 'agent', image: 'agent:latest', securityContext: { privileged: true } }],
    volumes: [{ name: 'root', hostPath: { path: '/' } }],
  };
}

/**
 * For every excepted chart workload (semantics/system-workloads.ts): the workload under its own name and namespace
 * breaking every rule, so only the rules its PolicyException names are skipped; and the same in the cases
 * namespace, where nothing is excepted.
 */
export function exceptionCases(): KubeObject[] {
  return WORKLOAD_EXCEPTIONS.flatMap((e) => {
    const name = e.name.replace(/\*/g, 'q7x2k').replace(/\?/g, 'z');
    return [
      workload(e.kind, name, e.namespace, rogueSpec()),
      workload(e.kind, `${name}-elsewhere`, CASES_NAMESPACE, rogueSpec()),
    ];
  });
}

/** Namespaces Kyverno never admits, with a rogue workload of every kind in each. */
export function unadmittedCases(namespaces: readonly string[]): KubeObject[] {
  return namespaces.flatMap((ns) =>
    KINDS.map((kind) => workload(kind, `rogue-${kind.toLowerCase()}`, ns, rogueSpec())),
  );
}
