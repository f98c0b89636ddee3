import type { PlannedSecret } from '../plan/types.ts';
import { makeReport, type Finding, type Report, type RuleInfo } from '../report/types.ts';
import type { TreeSealed } from './files.ts';
import { matchesFormat } from './generate.ts';
import { sealedSecretPath, secretId } from './paths.ts';
import { encryptedDataOf, scopeOf } from './sealed-secret.ts';
import type { Store } from './store.ts';
import { uniqueSecrets } from './values.ts';

/** The checks `secrets status` runs, as rule metadata for report formats. */
export const STATUS_RULES: RuleInfo[] = [
  {
    id: 'secret-value-missing',
    title: 'Every planned secret has all its values in the store',
    severity: 'error',
    fix: 'run `shai secrets generate`, or `shai secrets set NAMESPACE/NAME KEY` for external values',
  },
  {
    id: 'secret-value-format',
    title: 'Stored values match their declared format',
    severity: 'error',
    fix: 'run `shai secrets rotate --service NAME`',
  },
  {
    id: 'secret-not-sealed',
    title: 'Every planned secret is sealed in the tree with all its keys',
    severity: 'error',
    fix: 'run `shai secrets seal`',
  },
  {
    id: 'secret-too-old',
    title: 'Secrets are rotated within the rotation period',
    severity: 'warning',
    fix: 'run `shai secrets rotate --service NAME`',
  },
  {
    id: 'sealed-secret-unused',
    title: 'Every SealedSecret in the tree has a consumer',
    severity: 'warning',
    fix: 'delete the file, or enable the service that consumes it',
  },
];

/** One line of the status table. */
export interface StatusRow {
  id: string;
  keys: string[];
  scope: string;
  /** Whole days since the oldest value was created or rotated; undefined without values. */
  ageDays?: number;
  consumers: string[];
}

const DAY_MS = 86_400_000;

function finding(
  rule: string,
  status: 'pass' | 'fail',
  s: { namespace: string; name: string; file?: string },
  message: string,
  service?: string,
): Finding {
  const info = STATUS_RULES.find((r) => r.id === rule)!;
  return {
    rule,
    severity: info.severity,
    status,
    message,
    fix: info.fix,
    area: 'secrets',
    target: {
      kind: 'SealedSecret',
      namespace: s.namespace,
      name: s.name,
      ...(s.file ? { file: s.file } : {}),
    },
    ...(service ? { service } : {}),
  };
}

/**
 * Audits the plan's secrets against the store and the tree: a table plus a Report for `--fail-on`. Without a
 * store (CI, `--tree-only`) only what the tree proves is checked: every planned secret sealed, none unused.
 */
export function secretsStatus(input: {
  secrets: readonly PlannedSecret[];
  store?: Store;
  tree: readonly TreeSealed[];
  now: Date;
  maxAgeDays: number;
}): { rows: StatusRow[]; report: Report } {
  const rows: StatusRow[] = [];
  const findings: Finding[] = [];
  const treeById = new Map(
    input.tree.map((t) => [`${t.object.metadata.namespace ?? ''}/${t.object.metadata.name}`, t]),
  );
  for (const s of uniqueSecrets(input.secrets)) {
    const id = secretId(s);
    const consumers = [
      ...new Set(input.secrets.filter((x) => secretId(x) === id).map((x) => x.service)),
    ].sort();
    const stored = input.store?.secrets[id];
    const keys = Object.keys(s.keys).sort();
    const sealed = treeById.get(id);
    const where = { namespace: s.namespace, name: s.name, file: sealed?.path ?? sealedSecretPath(s) };
    const missing = keys.filter((k) => !stored?.keys[k]);
    const bad = keys.filter((k) => stored?.keys[k] && !matchesFormat(stored.keys[k].value, s.keys[k]!));
    // A pass says `passed`; a failure says `failure`.
    const judge = (rule: string, failure: string | undefined, passed: string) =>
      findings.push(finding(rule, failure ? 'fail' : 'pass', where, failure ?? passed, s.service));
    if (input.store) {
      judge(
        'secret-value-missing',
        missing.length ? `${id}: no value for ${missing.join(', ')}` : undefined,
        `${id}: all values present`,
      );
      judge(
        'secret-value-format',
        bad.length ? `${id}: ${bad.join(', ')} do not match their format` : undefined,
        `${id}: values match their formats`,
      );
    }
    const unsealed = sealed ? keys.filter((k) => !(k in encryptedDataOf(sealed.object))) : keys;
    const noSealed = `${id}: no SealedSecret in the tree`;
    judge(
      'secret-not-sealed',
      unsealed.length ? (sealed ? `${id}: ${unsealed.join(', ')} not sealed` : noSealed) : undefined,
      sealed ? `${id}: sealed` : noSealed,
    );
    // fixed values (user names) never rotate: the age is that of the oldest value that does
    const times = keys
      .filter((k) => s.keys[k]!.kind !== 'fixed' && stored?.keys[k])
      .map((k) => Date.parse(stored!.keys[k]!.rotatedAt ?? stored!.keys[k]!.createdAt));
    const ageDays = times.length
      ? Math.floor((input.now.getTime() - Math.min(...times)) / DAY_MS)
      : undefined;
    if (ageDays !== undefined) {
      const old = ageDays > input.maxAgeDays;
      judge(
        'secret-too-old',
        old ? `${id}: ${ageDays} days old, older than ${input.maxAgeDays} days` : undefined,
        `${id}: ${ageDays} days old`,
      );
    }
    rows.push({
      id,
      keys,
      scope: sealed ? scopeOf(sealed.object) : '-',
      ...(ageDays !== undefined ? { ageDays } : {}),
      consumers,
    });
  }
  const planned = new Set(input.secrets.map(secretId));
  for (const t of input.tree) {
    const s = { namespace: t.object.metadata.namespace ?? '', name: t.object.metadata.name, file: t.path };
    if (!planned.has(secretId(s)))
      findings.push(
        finding(
          'sealed-secret-unused',
          'fail',
          s,
          `${secretId(s)} (${t.path}) is sealed but no enabled service consumes it`,
        ),
      );
  }
  return { rows, report: makeReport('check', 'secrets', findings, STATUS_RULES) };
}

/** The status table as fixed-width text. */
export function formatStatusTable(rows: StatusRow[]): string {
  const header = ['SECRET', 'KEYS', 'SCOPE', 'AGE', 'CONSUMERS'];
  const lines = rows.map((r) => [
    r.id,
    r.keys.join(','),
    r.scope,
    r.ageDays === undefined ? '-' : `${r.ageDays}d`,
    r.consumers.join(','),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  return (
    [header, ...lines]
      .map((l) => l.map((c, i) => (i === l.length - 1 ? c : c.padEnd(widths[i]!))).join('  '))
      .join('\n') + '\n'
  );
}
