import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chunkDocument, chunkOptionsFor } from '../../src/rag/chunk.ts';
import { parseQuestions } from '../../src/rag/questions.ts';
import { listSources } from '../../src/rag/sources.ts';
import { ROOT, runCli } from '../helpers/cli.ts';

const FILE = 'docs/rag-questions.yaml';
const questions = parseQuestions(readFileSync(join(ROOT, FILE), 'utf8'), FILE);

describe('the docs question set', () => {
  it('has at least 40 questions', () => {
    expect(questions.length).toBeGreaterThanOrEqual(40);
  });

  it('names only sources and headings the docs have (a renamed heading must be followed here)', async () => {
    const { refs } = await listSources(['docs'], ROOT);
    const where = new Set<string>();
    for (const ref of refs) {
      for (const c of chunkDocument(await ref.read(), chunkOptionsFor(Number.POSITIVE_INFINITY))) {
        for (const h of c.headings) where.add(`${c.source}#${h}`);
      }
    }
    const missing = questions
      .filter((q) => !where.has(`${q.source}#${q.heading}`))
      .map((q) => `${q.source}#${q.heading}`);
    expect(missing).toEqual([]);
  });
});

describe('shai rag ingest docs && shai rag eval, with no cluster (embedded store, lexical embedder)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shai-rag-docs-'));
  const env = { SHAI_RAG_DB: join(dir, 'rag.sqlite') };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reaches recall@5 ≥ 0.9 on the committed question set', async () => {
    const ingested = await runCli(['rag', 'ingest', 'docs'], { env });
    expect(ingested.stderr).toMatch(/files \d+\/\d+ +chunks \d+\/\d+ +[\d,]+ tokens\/s/);
    expect(ingested.stdout).toMatch(/^shai-docs \(embedded, lexical-hash-v1\/2048\): \d+ files/);
    expect(ingested.code).toBe(0);
    const text = await runCli(['rag', 'eval'], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/questions on shai-docs: recall@5 [01]\.\d{3}, MRR@5 [01]\.\d{3}\n$/);
    const json = await runCli(['rag', 'eval', '--format', 'json'], { env });
    const report = JSON.parse(json.stdout) as { recall: number; mrr: number; questions: number };
    expect(report.questions).toBe(questions.length);
    expect(report.recall).toBeGreaterThanOrEqual(0.9);
  }, 120_000);
});
