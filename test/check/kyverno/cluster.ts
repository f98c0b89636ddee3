/*
 * What the API server sends Kyverno's webhook when Argo CD applies a workload: the object itself, then the
 * objects its controller creates (a Deployment's ReplicaSet and Pod, a CronJob's Job and Pod, ...), named as the
 * controllers name them so PolicyExceptions matching `<name>-*` meet real names. Kyverno's own configuration
 * decides which of them it admits at all (resourceFilters, its namespace); that is read from the kyverno chart's
 * rendered ConfigMap, not assumed.
 */
import type { KubeObject } from '../../../src/k8s/object.ts';
import { podSpecOf, type Yaml } from '../../../src/semantics/pods.ts';

/** Objects the cluster creates for `o`, in creation order, `o` first. */
export function clusterObjects(o: KubeObject): KubeObject[] {
  const name = o.metadata.name;
  switch (o.kind) {
    case 'Deployment': {
      const rs = child(o, 'ReplicaSet', `${name}-5d8f7c9b64`, { apiVersion: 'apps/v1' });
      return [o, rs, podOf(o, rs, `${rs.metadata.name}-x7k2p`)];
    }
    case 'StatefulSet':
      return [o, podOf(o, o, `${name}-0`)];
    case 'DaemonSet':
    case 'Job':
    case 'ReplicaSet':
      return [o, podOf(o, o, `${name}-x7k2p`)];
    case 'CronJob': {
      const t = (o.spec as Yaml)?.jobTemplate ?? {};
      const job = child(o, 'Job', `${name}-29000000`, { apiVersion: 'batch/v1', template: t });
      return [o, job, podOf(job, job, `${job.metadata.name}-x7k2p`)];
    }
    default:
      return [o];
  }
}

/** An object of `kind` owned by `owner`, carrying `template`'s metadata and spec (a Job from a jobTemplate). */
function child(
  owner: KubeObject,
  kind: string,
  name: string,
  opts: { apiVersion: string; template?: Yaml },
): KubeObject {
  const t = opts.template ?? { spec: owner.spec };
  return {
    apiVersion: opts.apiVersion,
    kind,
    metadata: {
      name,
      namespace: owner.metadata.namespace,
      labels: t.metadata?.labels ?? {},
      annotations: t.metadata?.annotations ?? {},
      ownerReferences: [ownerRef(owner)],
    },
    spec: t.spec,
  };
}

/** The Pod `owner` creates from the pod template of `templateOf`. */
function podOf(templateOf: KubeObject, owner: KubeObject, name: string): KubeObject {
  const t = podSpecOf(templateOf);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: owner.metadata.namespace,
      labels: t?.labels ?? {},
      annotations: t?.annotations ?? {},
      ownerReferences: [ownerRef(owner)],
    },
    spec: t?.spec ?? {},
  };
}

function ownerRef(o: KubeObject) {
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    name: o.metadata.name,
    uid: '00000000-0000-0000-0000-000000000000',
    controller: true,
  };
}

/** Kyverno's own admission scope, from its chart's rendered configuration. */
export interface KyvernoScope {
  /** `config.resourceFilters`: `[Kind,Namespace,Name]` entries (wildcards `*`, `?`) Kyverno never processes. */
  resourceFilters: { kind: string; namespace: string; name: string }[];
  /** Namespaces the validating webhook's namespaceSelector leaves out. */
  webhookExcludedNamespaces: string[];
  /** Namespace holding the PolicyExceptions Kyverno honours (`--exceptionNamespace`). */
  exceptionNamespace: string;
}

/**
 * Reads Kyverno's scope from its chart's rendered objects: the `kyverno` ConfigMap's `resourceFilters` and
 * `webhooks` (the namespaceSelector Kyverno puts on the webhooks it creates), and the admission controller's
 * `--exceptionNamespace` argument.
 */
export function kyvernoScope(chart: readonly KubeObject[]): KyvernoScope {
  const data =
    (chart.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'kyverno') as Yaml)?.data ?? {};
  const raw = String(data.resourceFilters ?? '');
  if (!raw) throw new Error('the kyverno chart output has no ConfigMap kyverno with resourceFilters');
  const resourceFilters = [...raw.matchAll(/\[([^[\]]*)\]/g)].map((m) => {
    const [kind = '', namespace = '', name = ''] = m[1]!.split(',');
    return { kind, namespace, name };
  });
  const admission = chart.find(
    (o) => o.kind === 'Deployment' && o.metadata.name === 'kyverno-admission-controller',
  );
  const args: string[] = ((admission?.spec as Yaml)?.template?.spec?.containers ?? []).flatMap(
    (c: Yaml) => c.args ?? [],
  );
  const exceptionNamespace = args.find((a) => a.startsWith('--exceptionNamespace='))?.split('=')[1];
  if (!exceptionNamespace) throw new Error('the kyverno admission controller has no --exceptionNamespace');
  return { resourceFilters, webhookExcludedNamespaces: notInNamespaces(data.webhooks), exceptionNamespace };
}

/** Namespaces a `webhooks` setting's namespaceSelector leaves out by name (`kubernetes.io/metadata.name NotIn`). */
function notInNamespaces(webhooks: unknown): string[] {
  if (typeof webhooks !== 'string' || !webhooks) return [];
  const parsed = JSON.parse(webhooks) as Yaml;
  const selectors = parsed.namespaceSelector
    ? [parsed.namespaceSelector]
    : Object.values(parsed).map((w: Yaml) => w?.namespaceSelector);
  const out: string[] = [];
  for (const sel of selectors)
    for (const e of sel?.matchExpressions ?? [])
      if (e.key === 'kubernetes.io/metadata.name' && e.operator === 'NotIn') out.push(...e.values);
  return [...new Set(out)];
}

/**
 * Why Kyverno never evaluates `o`, or undefined when its webhook admits it. The Kyverno CLI runs with an empty
 * configuration, so the test applies the chart's: `ToFilter` in Kyverno's pkg/config matches each filter's kind
 * (`Kind`, `Kind/subresource`, `*\/*`), namespace and name with its wildcards; a created object is no subresource.
 */
export function notAdmitted(scope: KyvernoScope, o: KubeObject): string | undefined {
  const ns = o.metadata.namespace ?? '';
  if (scope.webhookExcludedNamespaces.includes(ns)) return `Kyverno's webhook leaves out namespace ${ns}`;
  const f = scope.resourceFilters.find((r) => {
    const [kind, subresource] = kindSelector(r.kind);
    return (
      wild(kind, o.kind) && wild(subresource, '') && wild(r.namespace, ns) && wild(r.name, o.metadata.name)
    );
  });
  return f && `Kyverno's resourceFilters skip it ([${f.kind},${f.namespace},${f.name}])`;
}

/** Kind and subresource of a filter's kind selector, as Kyverno's ParseKindSelector reads the forms used here. */
function kindSelector(selector: string): [string, string] {
  const parts = selector.split('/');
  if (parts.length === 1) return [selector, ''];
  if (parts[0] === '*' && parts[1] === '*') return ['*', '*'];
  return [parts[parts.length - 2]!, parts[parts.length - 1]!];
}

/** Kyverno's wildcard match: `*` any run of characters, `?` one; an empty pattern matches only the empty string. */
function wild(pattern: string, value: string): boolean {
  const src = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${src}$`).test(value);
}
