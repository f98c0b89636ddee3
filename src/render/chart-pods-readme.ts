import { CHART_PODS } from '../semantics/chart-pods/index.ts';
import type { ChartPod } from '../semantics/chart-pods/types.ts';
import type { Plan } from '../plan/types.ts';

const cell = (s: string) => s.replace(/\|/g, '\\|');

function madeBy(p: ChartPod): string {
  if ('operator' in p.madeBy) return `${p.madeBy.operator}, from ${p.madeBy.from}`;
  if (!p.madeBy.hook) return 'chart';
  return p.madeBy.hook === 'never' ? 'chart hook Argo CD never runs' : `chart hook, ${p.madeBy.hook}`;
}

function admission(p: ChartPod): string {
  if ('chart' in p.madeBy && p.madeBy.hook === 'never') return '–';
  // Chart pods are judged on helm's output by the tests; an operator's pods only by what shapes them.
  if (!p.exception) return 'chart' in p.madeBy ? 'passes every enforced policy' : 'no exception';
  return `excepted from ${p.exception.rules.join(', ')}: ${p.exception.reason}`;
}

/**
 * The deploy/README.md section listing, per chart service, the pods its chart and its operator create and how
 * each is admitted (from src/semantics/chart-pods/, which a test holds equal to helm's output at the pin).
 */
export function chartPodsSection(plan: Plan): string[] {
  const planned = new Set(plan.services.map((s) => s.name));
  const out = [
    '## Pods of the chart Applications',
    '',
    "What each chart creates (checked against helm's output at the pinned version) and what its operator creates at " +
      'run time, with the enforced admission policies each passes or the exception it has.',
    '',
    '| service | pod | made by | admission |',
    '| --- | --- | --- | --- |',
  ];
  for (const c of CHART_PODS.filter((x) => planned.has(x.service)))
    for (const p of c.pods)
      out.push(
        `| ${c.service} | ${cell(`${p.kind} ${c.namespace}/${p.name}`)} | ${cell(madeBy(p))} | ${cell(admission(p))} |`,
      );
  out.push('');
  return out;
}
