/** One rule of a Kyverno ClusterPolicy (`spec.rules[]`), as plain data. */
export type KyvernoRule = Record<string, unknown>;

/**
 * A Kyverno rule validating Pods (Kyverno's autogen extends it to Deployments, StatefulSets,
 * Jobs, ...). No namespace is excluded: system workloads get PolicyExceptions (semantics/system-workloads.ts).
 */
export function podPolicyRule(
  name: string,
  validate: Record<string, unknown>,
  opts: { excludeAnnotations?: Record<string, string> } = {},
): KyvernoRule {
  const excludes: Record<string, unknown>[] = [];
  if (opts.excludeAnnotations) excludes.push({ resources: { annotations: opts.excludeAnnotations } });
  return {
    name,
    match: { any: [{ resources: { kinds: ['Pod'] } }] },
    ...(excludes.length ? { exclude: { any: excludes } } : {}),
    validate,
  };
}

/**
 * A pattern applied to every container list of a Pod: `containers`, and the optional
 * `initContainers` and `ephemeralContainers` (Kyverno's `=()` anchor: checked only when present).
 */
export function everyContainer(
  container: Record<string, unknown>,
  spec: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    spec: {
      ...spec,
      '=(ephemeralContainers)': [container],
      '=(initContainers)': [container],
      containers: [container],
    },
  };
}
