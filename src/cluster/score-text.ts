import type { AreaScore, Scores } from './score.ts';

export type { Scores } from './score.ts';

/** `pods A`, or `pods B (4 of 6 analyzers ran)` when part of the area could not be read. */
function areaLabel(a: AreaScore): string {
  const partial = a.coverage ? ` (${a.coverage.ran} of ${a.coverage.checks} analyzers ran)` : '';
  return `${a.area} ${a.grade}${partial}`;
}

/**
 * The score lines under doctor's text report. A cluster with an area shai could not judge gets no score at
 * all, only the areas it could judge and why the others are unknown: a grade for what was never read would
 * be false comfort.
 */
export function scoreLines(scores: Scores): string[] {
  const graded = scores.areas
    .filter((a) => a.grade)
    .map(areaLabel)
    .join(', ');
  if (scores.grade) return [`score ${scores.score}/100 (${scores.grade}): ${graded}`];
  const unknown = scores.areas.filter((a) => a.unknown);
  if (unknown.length === 0) return [];
  return [
    `score unknown: shai could not read enough of ${unknown.map((a) => a.area).join(', ')} to judge ${unknown.length === 1 ? 'it' : 'them'} (exit code 4)${graded ? `; judged: ${graded}` : ''}`,
    ...unknown.map((a) => `  ${a.area}: ${a.unknown}`),
  ];
}
