import { parse } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../errors.ts';
import { positionInText } from '../config/positions.ts';

/** One question of an eval set: what is asked, and where the answer is. */
export const Question = z
  .object({
    question: z.string().min(1),
    /** The source that answers it, as ingest names sources (e.g. `docs/rules.md`). */
    source: z.string().min(1),
    /** A heading on the answering chunk's heading path (exactly), when the source alone is too coarse. */
    heading: z.string().min(1).optional(),
  })
  .strict();
export type Question = z.infer<typeof Question>;

const QuestionSet = z.object({ questions: z.array(Question).min(1) }).strict();

/** Parses a question set (YAML), reporting every problem with its file, line and key. */
export function parseQuestions(text: string, file: string): Question[] {
  let data: unknown;
  try {
    data = parse(text, { prettyErrors: false });
  } catch (e) {
    const pos = (e as { linePos?: { line: number; col: number }[] }).linePos?.[0] ?? { line: 1, col: 1 };
    throw new ConfigError(file, [{ ...pos, path: '', message: (e as Error).message.split('\n')[0]! }]);
  }
  const result = QuestionSet.safeParse(data);
  if (result.success) return result.data.questions;
  throw new ConfigError(
    file,
    result.error.issues.map((issue) => {
      const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      // An unknown key is reported where it is written, not at its object.
      if (issue.code === 'unrecognized_keys') path.push(issue.keys[0]!);
      const pos = positionInText(text, path);
      return { line: pos.line, col: pos.col, path: path.join('.'), message: issue.message };
    }),
  );
}
