import type { Finding, Report, RuleInfo, Severity } from '../types.ts';
import { compareFindings, type Formatter } from './types.ts';

const SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** SARIF has no "info": `note` is its lowest level that still shows up in code scanning. */
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

/** Every rule a result may point at: the report's rules, plus any a finding names that the report did not list. */
function allRules(report: Report): RuleInfo[] {
  const known = new Map(report.rules.map((r) => [r.id, r]));
  for (const f of report.findings) {
    if (!known.has(f.rule)) known.set(f.rule, { id: f.rule, title: f.rule, severity: f.severity });
  }
  return [...known.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function descriptor(r: RuleInfo): object {
  return {
    id: r.id,
    name: r.id,
    shortDescription: { text: r.title },
    ...(r.docs ? { fullDescription: { text: r.docs } } : {}),
    help: { text: r.fix ?? r.title, ...(r.docs ? { markdown: r.docs } : {}) },
    defaultConfiguration: { level: LEVEL[r.severity] },
  };
}

function location(f: Finding): object {
  const t = f.target;
  const fullyQualifiedName = [t.kind, t.namespace, t.name].filter(Boolean).join('/');
  return {
    ...(t.file
      ? {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(t.file) },
            ...(t.line ? { region: { startLine: t.line } } : {}),
          },
        }
      : {}),
    logicalLocations: [{ fullyQualifiedName, name: t.name, kind: 'resource' }],
  };
}

function result(f: Finding, ruleIndex: number): object {
  const properties = {
    status: f.status,
    ...(f.target.jsonPath ? { jsonPath: f.target.jsonPath } : {}),
    ...(f.configPath ? { configPath: f.configPath } : {}),
    ...(f.service ? { service: f.service } : {}),
    ...(f.fix ? { fix: f.fix } : {}),
  };
  return {
    ruleId: f.rule,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [location(f)],
    properties,
  };
}

/**
 * SARIF 2.1.0 for GitHub code scanning and other tools. Only findings that count against the platform
 * (fail, error) become results: a pass or a skip is not something to alert on.
 */
export const sarifFormat: Formatter = {
  name: 'sarif',
  description: 'SARIF 2.1.0 (GitHub code scanning)',
  format(report, opts) {
    const rules = allRules(report);
    const index = new Map(rules.map((r, i) => [r.id, i]));
    const findings = report.findings
      .filter((f) => f.status === 'fail' || f.status === 'error')
      .sort(compareFindings);
    const log = {
      $schema: SCHEMA,
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'shai',
              version: opts.version,
              ...(opts.homepage ? { informationUri: opts.homepage } : {}),
              rules: rules.map(descriptor),
            },
          },
          results: findings.map((f) => result(f, index.get(f.rule)!)),
        },
      ],
    };
    return `${JSON.stringify(log, null, 2)}\n`;
  },
};
