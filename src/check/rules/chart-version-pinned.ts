import { applications, sourceReads, sourcesOf, type AppSource } from '../gitops.ts';
import { fail, pass } from '../result.ts';
import type { Rule, RuleResult } from '../types.ts';

const EXACT_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
const COMMIT = /^[0-9a-f]{7,40}$/;
const BRANCHES = new Set(['', 'head', 'main', 'master', 'develop', 'dev', 'trunk', 'latest', 'stable']);

/** Applications pin Helm charts to an exact version and other repositories to a tag or commit. */
export const chartVersionPinned: Rule = {
  id: 'chart-version-pinned',
  title: 'Application charts and revisions are pinned',
  severity: 'error',
  family: 'gitops',
  targets: ['Application'],
  fix: 'Set targetRevision to an exact chart version (e.g. 1.18.2) or, for another Git repository, to a tag or a commit SHA.',
  docs:
    'A Helm chart source (`chart:`) must name an exact version (`1.18.2`, `v0.25.1`): not empty, `*`, a range such as `^1.2` or ' +
    '`>=1 <2`, or a partial `1.2`, which Argo CD resolves as a constraint to whatever is newest. A Git repository from which some ' +
    "source reads files of the checked tree is the platform's own, and its sources may follow a branch: GitOps follows the branch by design. Any other Git " +
    'source must name a tag or a commit SHA: empty, `HEAD`, `main`, `master` and other revisions without a digit fail.',
  check: (ctx) => {
    const apps = applications(ctx.index);
    const files = [...new Set(ctx.objects.flatMap((o) => (o.file ? [o.file] : [])))];
    // A repository some source reads files of the checked tree from is the platform's own.
    const own = new Set(
      apps.flatMap((a) =>
        sourcesOf(a)
          .filter((s) => files.some((f) => sourceReads(a, s, f)))
          .map((s) => s.repoURL),
      ),
    );
    const out: RuleResult[] = [];
    for (const app of apps) {
      const problems = sourcesOf(app).flatMap((s) => problem(s, own));
      if (!problems.length) out.push(pass(app));
      for (const p of problems) out.push(fail(app, p.message, `${p.src.jsonPath}.targetRevision`));
    }
    return out;
  },
};

function problem(src: AppSource, own: Set<string | undefined>): { src: AppSource; message: string }[] {
  const rev = String(src.targetRevision ?? '').trim();
  if (src.chart) {
    if (EXACT_VERSION.test(rev)) return [];
    return [
      {
        src,
        message: `chart ${src.chart} from ${src.repoURL} has targetRevision "${rev}", not an exact version`,
      },
    ];
  }
  if (own.has(src.repoURL)) return [];
  if (COMMIT.test(rev) || (/\d/.test(rev) && !BRANCHES.has(rev.toLowerCase()))) return [];
  return [
    {
      src,
      message: `Git source ${src.repoURL}${src.path ? ` path ${src.path}` : ''} follows "${rev || 'HEAD'}", not a tag or commit`,
    },
  ];
}
