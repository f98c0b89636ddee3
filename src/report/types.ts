/** How bad a finding is. Ordered from least to most severe. */
export const SEVERITIES = ['info', 'warning', 'error'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** `fail`: the platform is wrong. `error`/`skipped`: shai could not check it. */
export type Status = 'pass' | 'fail' | 'error' | 'skipped';

/** The object a finding is about, and where the user can fix it. */
export interface Target {
  kind: string;
  namespace?: string;
  name: string;
  file?: string;
  line?: number;
  jsonPath?: string;
}

/** One result of a rule (check) or an analyzer (doctor). */
export interface Finding {
  rule: string;
  severity: Severity;
  status: Status;
  target: Target;
  service?: string;
  /** Key in platform.yaml that produced the object, e.g. `services.ollama-gpu.replicas`. */
  configPath?: string;
  message: string;
  fix?: string;
  /** Area for scoring (doctor) or rule family (check). */
  area?: string;
}

/** What `check` and `doctor` return: findings plus counts. */
export interface Report {
  tool: 'check' | 'doctor';
  /** What was examined, e.g. `platform.yaml` or a path. */
  subject: string;
  findings: Finding[];
  counts: Record<Status, number>;
  /** Rules or analyzers that ran, with their metadata, for formats that describe them (SARIF). */
  rules: RuleInfo[];
  /** Optional extra sections (doctor's scores, an LLM explanation). */
  extra?: Record<string, unknown>;
  /**
   * The order in which areas are read, where it matters (doctor: root causes first, intent last); findings
   * of equal severity are listed in this order before rule and target.
   */
  areaOrder?: readonly string[];
}

/** Metadata of a rule or analyzer, as formats need it. */
export interface RuleInfo {
  id: string;
  title: string;
  severity: Severity;
  fix?: string;
  docs?: string;
}

/** Builds a Report from findings, counting statuses. */
export function makeReport(
  tool: Report['tool'],
  subject: string,
  findings: Finding[],
  rules: RuleInfo[],
  extra?: Record<string, unknown>,
): Report {
  const counts: Record<Status, number> = { pass: 0, fail: 0, error: 0, skipped: 0 };
  for (const f of findings) counts[f.status]++;
  return { tool, subject, findings, counts, rules, ...(extra ? { extra } : {}) };
}

/** True when a finding is at or above the threshold and counts against the exit code. */
export function atOrAbove(f: Finding, threshold: Severity): boolean {
  if (f.status !== 'fail' && f.status !== 'error') return false;
  return SEVERITIES.indexOf(f.severity) >= SEVERITIES.indexOf(threshold);
}
