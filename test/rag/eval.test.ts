import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.ts';
import { evalText, scoreEval } from '../../src/rag/eval.ts';
import { parseQuestions } from '../../src/rag/questions.ts';
import type { Hit } from '../../src/rag/types.ts';

const hit = (source: string, ...headings: string[]): Hit => ({ source, headings, text: '', score: 0.5 });

describe('scoreEval', () => {
  const questions = [
    { question: 'a', source: 'docs/a.md', heading: 'A' },
    { question: 'b', source: 'docs/b.md' },
    { question: 'c', source: 'docs/c.md' },
  ];
  const hits = [
    [hit('docs/x.md'), hit('docs/a.md', 'Top', 'Other'), hit('docs/a.md', 'Top', 'A')],
    [hit('docs/b.md')],
    [hit('docs/x.md'), hit('docs/x.md'), hit('docs/c.md')],
  ];

  it('counts a question answered when a hit within k has its source and heading', () => {
    const r = scoreEval('c', 3, questions, hits);
    expect(r.results.map((x) => x.rank)).toEqual([3, 1, 3]);
    expect(r.recall).toBe(1);
    expect(r.mrr).toBeCloseTo((1 / 3 + 1 + 1 / 3) / 3);
  });

  it('counts nothing past k', () => {
    const r = scoreEval('c', 2, questions, hits);
    expect(r.results.map((x) => x.rank)).toEqual([null, 1, null]);
    expect(r.recall).toBeCloseTo(1 / 3);
    expect(evalText(r)).toBe(
      'missed: a\n  expected docs/a.md#A, top hit docs/x.md\nmissed: c\n  expected docs/c.md, top hit docs/x.md\n' +
        '3 questions on c: recall@2 0.333, MRR@2 0.333\n',
    );
  });
});

describe('parseQuestions', () => {
  it('names file, line and key of every problem', () => {
    const text = 'questions:\n  - question: ok\n    source: a.md\n  - question: ""\n    sourse: b.md\n';
    let error: unknown;
    try {
      parseQuestions(text, 'q.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message.split('\n')).toEqual([
      'q.yaml:4:15 questions.1.question: Too small: expected string to have >=1 characters',
      'q.yaml:4:5 questions.1.source: Invalid input: expected string, received undefined',
      'q.yaml:5:13 questions.1.sourse: Unrecognized key: "sourse"',
    ]);
  });

  it('refuses YAML it cannot parse, with the line', () => {
    expect(() => parseQuestions('questions: [\n', 'q.yaml')).toThrow(/^q\.yaml:\d+:\d+ /);
  });
});
