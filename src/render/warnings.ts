import { runCheck } from '../check/engine.ts';
import { platformCheckInput } from '../check/platform.ts';
import { RULES } from '../check/registry.ts';
import type { Manifest } from '../k8s/object.ts';
import type { Plan } from '../plan/types.ts';
import type { Finding } from '../report/types.ts';

/** A warning `shai check` still reports on the rendered platform, with why it is accepted. */
export interface RemainingWarning {
  finding: Finding;
  /** Undefined when nobody has justified it yet (the README says so). */
  justification?: string;
}

/**
 * Why a warning is accepted when the service does not say: per rule. A service states its own reason on
 * its definition (`writableRootReason` for read-only-root-fs); a warning of a rule with no reason at all
 * shows as "not justified" in deploy/README.md.
 */
const RULE_REASONS: Record<string, string> = {
  'read-only-root-fs':
    'the image writes outside its volumes at run time; the container still runs without privilege escalation and with all capabilities dropped',
};

/** The reason a service's definition gives for a warning of this rule, if any. */
function serviceReason(plan: Plan, rule: string, service: string | undefined): string | undefined {
  const def = plan.services.find((s) => s.name === service)?.def;
  return rule === 'read-only-root-fs' ? def?.writableRootReason : undefined;
}

/** The warnings the check leaves on this rendered platform (what `shai check` prints), each with its justification. */
export function remainingWarnings(plan: Plan, manifest: Manifest): RemainingWarning[] {
  const report = runCheck(platformCheckInput(plan.config, plan, manifest), RULES);
  return report.findings
    .filter((f) => f.status === 'fail' && f.severity === 'warning')
    .map((finding) => {
      const justification = serviceReason(plan, finding.rule, finding.service) ?? RULE_REASONS[finding.rule];
      return { finding, ...(justification ? { justification } : {}) };
    });
}
