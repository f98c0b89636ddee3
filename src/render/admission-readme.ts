import type { Yaml } from '../semantics/pods.ts';
import { KYVERNO_SKIPPED_NAMESPACES } from '../semantics/exceptions.ts';
import type { Manifest } from '../k8s/object.ts';
import { REASON_ANNOTATION } from '../k8s/annotations.ts';

const cell = (s: string) => s.replace(/\|/g, '\\|');

/**
 * The deploy/README.md section on admission: the ClusterPolicies in force and every PolicyException of the
 * tree (the workload it names, the rules it lifts, why), read from the rendered objects, plus the namespaces
 * Kyverno itself never admits.
 */
export function admissionSection(manifest: Manifest): string[] {
  const policies = manifest.filter((e) => e.object.kind === 'ClusterPolicy').map((e) => e.object);
  const exceptions = manifest.filter((e) => e.object.kind === 'PolicyException').map((e) => e.object);
  const enforced = policies.filter((p) =>
    ((p.spec as Yaml)?.rules ?? []).every((r: Yaml) => r?.validate?.failureAction === 'Enforce'),
  );
  const out = [
    '## Admission policies and their exceptions',
    '',
    `${policies.length} Kyverno ClusterPolicies (${enforced.length} enforcing, the rest auditing) exclude no namespace. ` +
      'Each workload that must break one has its own PolicyException: only those rules, only that workload and its pods.',
    '',
    '| workload | namespace | rules lifted | reason |',
    '| --- | --- | --- | --- |',
  ];
  for (const x of exceptions) {
    const spec = x.spec as Yaml;
    const match: Yaml[] = spec?.match?.any ?? [];
    const names = [...new Set(match.flatMap((m) => (m?.resources?.names ?? []) as string[]))];
    // The controller's name stands for its pods (`<name>-*`, or their exact names), which the same exception names.
    const own: string[] = match[0]?.resources?.names ?? [];
    const workload = (own.length ? own : names)
      .filter((n) => !names.some((o) => o !== n && n === `${o}-*`))
      .join(', ');
    const ns = [...new Set(match.flatMap((m) => (m?.resources?.namespaces ?? []) as string[]))].join(', ');
    const rules = ((spec?.exceptions ?? []) as Yaml[]).map((e) =>
      String(e?.policyName).replace(/^shai-/, ''),
    );
    const reason = x.metadata.annotations?.[REASON_ANNOTATION] ?? '';
    out.push(`| ${cell(workload)} | ${cell(ns)} | ${cell(rules.join(', '))} | ${cell(reason)} |`);
  }
  out.push(
    '',
    "Kyverno itself never admits these namespaces (its chart's defaults), so no policy applies there:",
    '',
  );
  for (const [ns, why] of Object.entries(KYVERNO_SKIPPED_NAMESPACES)) out.push(`- \`${ns}\`: ${why}`);
  out.push('');
  return out;
}
