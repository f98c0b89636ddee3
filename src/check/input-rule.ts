import type { Finding, RuleInfo } from '../report/types.ts';

/** A document of the checked files that is not a Kubernetes object shai can check, and why. */
export interface InputProblem {
  file: string;
  line: number;
  /** Why it is not an object shai can check. */
  why: string;
}

/** `file:line: why`, the way the finding and the "nothing to check" error say it. */
export function problemText(p: InputProblem): string {
  return `${p.file}:${p.line}: ${p.why}`;
}

/** The engine's rule for what it could not understand: those documents were not checked at all. */
export const INPUT_RULE: RuleInfo = {
  id: 'input-understood',
  title: 'Every document is a Kubernetes object shai can check',
  severity: 'error',
  fix:
    'Give the document its apiVersion and kind, or move it out of the checked paths; for a kustomization, ' +
    'check the output of kustomize build; for platform.yaml, run shai check without a path.',
};

/** One `error` finding per document that was not understood (status error: shai could not check it). */
export function inputFindings(problems: readonly InputProblem[]): Finding[] {
  return problems.map((p) => ({
    rule: INPUT_RULE.id,
    severity: INPUT_RULE.severity,
    status: 'error',
    target: { kind: 'Document', name: `${p.file}:${p.line}`, file: p.file, line: p.line },
    message: problemText(p),
    fix: INPUT_RULE.fix ?? '',
    area: 'input',
  }));
}
