import type { Question } from './questions.ts';
import type { Hit } from './types.ts';

/** How one question fared: the rank (1-based) of the first hit that answers it, if within k. */
export interface QuestionResult {
  question: string;
  expected: string;
  rank: number | null;
  top: string;
}

/** recall@k and MRR@k over a question set, with each question's result. */
export interface EvalReport {
  collection: string;
  k: number;
  questions: number;
  recall: number;
  mrr: number;
  results: QuestionResult[];
}

/** Whether a hit answers a question: same source and, if the question names one, that heading on its path. */
export function answers(q: Question, hit: Hit): boolean {
  return hit.source === q.source && (!q.heading || hit.headings.includes(q.heading));
}

const where = (h: Pick<Hit, 'source' | 'headings'>) =>
  h.headings.length ? `${h.source}#${h.headings.at(-1)}` : h.source;

/** Scores the hits of each question (pure): recall@k is the share answered within k, MRR the mean 1/rank. */
export function scoreEval(collection: string, k: number, questions: Question[], hits: Hit[][]): EvalReport {
  const results = questions.map((q, i) => {
    const list = hits[i]!.slice(0, k);
    const at = list.findIndex((h) => answers(q, h));
    return {
      question: q.question,
      expected: q.heading ? `${q.source}#${q.heading}` : q.source,
      rank: at < 0 ? null : at + 1,
      top: list[0] ? where(list[0]) : '-',
    };
  });
  const n = results.length;
  return {
    collection,
    k,
    questions: n,
    recall: results.filter((r) => r.rank !== null).length / n,
    mrr: results.reduce((s, r) => s + (r.rank ? 1 / r.rank : 0), 0) / n,
    results,
  };
}

/** The eval as text: one line per missed question, then the figures. */
export function evalText(r: EvalReport): string {
  const missed = r.results.filter((x) => x.rank === null);
  const lines = missed.map((x) => `missed: ${x.question}\n  expected ${x.expected}, top hit ${x.top}`);
  lines.push(
    `${r.questions} questions on ${r.collection}: recall@${r.k} ${r.recall.toFixed(3)}, MRR@${r.k} ${r.mrr.toFixed(3)}`,
  );
  return `${lines.join('\n')}\n`;
}
