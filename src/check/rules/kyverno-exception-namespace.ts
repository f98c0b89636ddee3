import { isObject, type Yaml } from '../../semantics/pods.ts';
import { fail, pass } from '../result.ts';
import type { Rule, RuleResult, SourcedObject } from '../types.ts';

/** How the Kyverno chart of an Argo CD Application treats PolicyExceptions (`features.policyExceptions`). */
interface ExceptionSetting {
  app: string;
  enabled: boolean;
  /** The only namespace Kyverno reads them from; undefined: every namespace. */
  namespace?: string;
}

/** The helm sources of an Application (`spec.source` or `spec.sources[]`) that install the Kyverno chart. */
function kyvernoSettings(app: SourcedObject): ExceptionSetting[] {
  const spec: Yaml = app.object.spec;
  const sources: Yaml[] = [spec?.source, ...(Array.isArray(spec?.sources) ? spec.sources : [])];
  return sources
    .filter((s) => isObject(s) && s.chart === 'kyverno')
    .map((s) => {
      const pe: Yaml = s.helm?.valuesObject?.features?.policyExceptions;
      const ns = isObject(pe) && typeof pe.namespace === 'string' && pe.namespace ? pe.namespace : undefined;
      // Chart 3.x enables the feature by default; `enabled: false` turns every exception off.
      return {
        app: app.object.metadata?.name ?? '?',
        enabled: !(isObject(pe) && pe.enabled === false),
        namespace: ns,
      };
    });
}

/** PolicyExceptions sit where the Kyverno Application's settings make Kyverno read them. */
export const kyvernoExceptionNamespace: Rule = {
  id: 'kyverno-exception-namespace',
  title: 'PolicyExceptions are where Kyverno reads them',
  severity: 'error',
  family: 'security',
  targets: ['PolicyException', 'Application'],
  fix: "Put the PolicyException in the namespace of the Kyverno chart's features.policyExceptions.namespace (shai: kyverno), or enable the feature.",
  docs:
    "Kyverno honours PolicyExceptions only when its chart's `features.policyExceptions.enabled` is on and, when " +
    '`features.policyExceptions.namespace` is set, only in that namespace: an exception elsewhere is silently ignored and ' +
    'the workload it was meant for is refused at admission. Judged against the Argo CD Application that installs the ' +
    'Kyverno chart; skipped when the tree has none.',
  check: (ctx) => {
    const settings = ctx.index.byKind('Application').flatMap(kyvernoSettings);
    const out: RuleResult[] = [];
    for (const x of ctx.index.byKind('PolicyException')) {
      if (!String(x.object.apiVersion ?? '').startsWith('kyverno.io/')) continue;
      const ns = x.object.metadata?.namespace ?? '';
      if (settings.length === 0) {
        out.push({
          object: x,
          status: 'skipped',
          message: 'no Argo CD Application of the Kyverno chart in the tree',
        });
        continue;
      }
      const wrong = settings.filter((s) => !s.enabled || (s.namespace !== undefined && s.namespace !== ns));
      if (wrong.length === 0) out.push(pass(x));
      for (const s of wrong)
        out.push(
          fail(
            x,
            s.enabled
              ? `PolicyException in namespace "${ns}" is ignored: Application ${s.app} makes Kyverno read them only from "${s.namespace}"`
              : `PolicyException is ignored: Application ${s.app} disables features.policyExceptions`,
            '.metadata.namespace',
          ),
        );
    }
    return out;
  },
};
