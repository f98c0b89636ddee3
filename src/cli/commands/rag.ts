import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { UserError } from '../../errors.ts';
import { readTextInput } from '../../input.ts';
import { scoreEval, evalText } from '../../rag/eval.ts';
import { ingest } from '../../rag/ingest.ts';
import { RagEvalInput, RagIngestInput, RagQueryInput } from '../../rag/inputs.ts';
import { progressLine, summaryText } from '../../rag/progress.ts';
import { parseQuestions } from '../../rag/questions.ts';
import { hitsText, searchMany } from '../../rag/query.ts';
import { listSources } from '../../rag/sources.ts';
import type { CommandDef, GlobalOptions, Io, Result } from '../command.ts';
import { ragTarget, type RagFlags, type RagTarget } from '../rag-target.ts';

/** Flags every `shai rag` command takes: where the store is and which embedder to use. */
function targetFlags(cmd: Command): Command {
  return cmd
    .option('--db <file>', 'the embedded store (default: SHAI_RAG_DB, else ~/.local/share/shai/rag.sqlite)')
    .option('--cluster', "the platform's Qdrant and LiteLLM `embed` alias (in-cluster URLs from the plan)")
    .option(
      '--url <url>',
      'a Qdrant URL, e.g. http://localhost:6333 through kubectl port-forward (implies --cluster)',
    )
    .option('--api-key <key>', 'the Qdrant API key (default: QDRANT_API_KEY, else the secret store)')
    .option('--embedder <name>', 'lexical (embedded default), litellm (cluster default) or ollama')
    .option('--embed-url <url>', 'the LiteLLM or Ollama URL (default: in-cluster URL from the plan)')
    .option(
      '--embed-model <name>',
      'the embedding model (default: embed for LiteLLM, nomic-embed-text:v1.5 for Ollama)',
    )
    .option('--secrets <file>', 'the secret store file (default: as shai secrets)')
    .option('-c, --collection <name>', 'the collection');
}

/** Options parsed by a zod schema; a bad value is one user error naming the flag. */
function parseInput<T extends z.ZodType>(schema: T, values: Record<string, unknown>): z.infer<T> {
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new UserError(`--${issue.path.join('.')}: ${issue.message}`);
}

async function withTarget(
  opts: GlobalOptions & Record<string, unknown>,
  io: Io,
  work: (t: RagTarget) => Promise<Result>,
): Promise<Result> {
  const target = await ragTarget(opts as RagFlags, opts, io);
  try {
    return await work(target);
  } finally {
    await target.store.close();
  }
}

/** What the rag commands that print data print it as. */
const TEXT_OR_JSON = ['text', 'json'];

const print = (io: Io, format: string, json: unknown, text: string) =>
  io.stdout(format === 'json' ? `${JSON.stringify(json, null, 2)}\n` : text);

const ingestCommand: CommandDef = {
  name: 'ingest',
  formats: TEXT_OR_JSON,
  summary: 'read files, directories or URLs (Markdown, HTML, PDF, text) into a collection, incrementally',
  configure: (cmd) =>
    targetFlags(cmd.argument('<paths...>', 'files, directories or http(s) URLs')).option(
      '--batch <n>',
      'chunks embedded and stored per batch',
    ),
  run: (args, opts, io) =>
    withTarget(opts, io, async ({ store, embedder }) => {
      const input = parseInput(RagIngestInput, { collection: opts['collection'], batch: opts['batch'] });
      const sources = await listSources(args, io.cwd);
      const started = performance.now();
      const summary = await ingest({
        store,
        embedder,
        collection: input.collection,
        sources,
        batchSize: input.batch,
        clock: () => (performance.now() - started) / 1000,
        onProgress: (p) => io.stderr(io.isTTY ? `\r${progressLine(p)}` : `${progressLine(p)}\n`),
      });
      if (io.isTTY) io.stderr('\n');
      print(io, opts.format, summary, summaryText(summary));
      return { exitCode: summary.failed.length ? 1 : 0 };
    }),
};

const queryCommand: CommandDef = {
  name: 'query',
  formats: TEXT_OR_JSON,
  summary: 'the chunks of a collection nearest to a question, with sources and scores',
  configure: (cmd) => targetFlags(cmd.argument('<question>')).option('-k <n>', 'how many chunks', '5'),
  run: (args, opts, io) =>
    withTarget(opts, io, async ({ store, embedder }) => {
      const q = parseInput(RagQueryInput, {
        question: args[0],
        collection: opts['collection'],
        k: opts['k'],
      });
      const [hits] = await searchMany(store, embedder, q.collection, [q.question], q.k);
      print(io, opts.format, hits, hitsText(hits!));
      return { exitCode: 0 };
    }),
};

const collectionsCommand: CommandDef = {
  name: 'collections',
  formats: TEXT_OR_JSON,
  summary: 'the collections of the store, with their embedder, chunks and sources',
  configure: (cmd) => targetFlags(cmd),
  run: (_args, opts, io) =>
    withTarget(opts, io, async ({ store }) => {
      const list = await store.collections();
      const text = list.length
        ? list
            .map(
              (c) => `${c.name}  ${c.sources} sources, ${c.chunks} chunks, ${c.embedder} (${c.dimensions})`,
            )
            .join('\n')
        : 'no collections';
      print(io, opts.format, list, `${text}\n`);
      return { exitCode: 0 };
    }),
};

const dropCommand: CommandDef = {
  name: 'drop',
  summary: 'delete a collection',
  configure: (cmd) => targetFlags(cmd),
  run: (_args, opts, io) =>
    withTarget(opts, io, async ({ store }) => {
      const { collection } = parseInput(RagIngestInput.pick({ collection: true }), {
        collection: opts['collection'],
      });
      const dropped = await store.drop(collection);
      io.stdout(dropped ? `dropped ${collection}\n` : `no collection ${collection}\n`);
      return { exitCode: dropped ? 0 : 1 };
    }),
};

const evalCommand: CommandDef = {
  name: 'eval',
  formats: TEXT_OR_JSON,
  summary: 'recall@k and MRR of a collection over a question set (question → expected source)',
  configure: (cmd) =>
    targetFlags(cmd)
      .option('--questions <file>', 'the question set (YAML)', 'docs/rag-questions.yaml')
      .option('-k <n>', 'the cut-off rank', '5'),
  run: (_args, opts, io) =>
    withTarget(opts, io, async ({ store, embedder }) => {
      const input = parseInput(RagEvalInput, {
        collection: opts['collection'],
        questions: opts['questions'],
        k: opts['k'],
      });
      const text = await readTextInput(resolve(io.cwd, input.questions), input.questions, {
        noun: 'a question set',
        maxBytes: 4 * 1024 * 1024,
      });
      const questions = parseQuestions(text, input.questions);
      const hits = await searchMany(
        store,
        embedder,
        input.collection,
        questions.map((q) => q.question),
        input.k,
      );
      const report = scoreEval(input.collection, input.k, questions, hits);
      print(io, opts.format, report, evalText(report));
      return { exitCode: 0 };
    }),
};

/** `shai rag`: ingest documents into a vector store, search them and measure retrieval. */
export const ragCommand: CommandDef = {
  name: 'rag',
  summary: 'index documents for retrieval (embedded store, or Qdrant in the cluster), query and evaluate',
  subcommands: [ingestCommand, queryCommand, collectionsCommand, dropCommand, evalCommand],
};
