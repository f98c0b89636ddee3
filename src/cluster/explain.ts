import OpenAI from 'openai';
import { UserError } from '../errors.ts';
import type { Finding } from '../report/types.ts';
import { anonymise } from './anonymise.ts';

/** Where to send the findings: any OpenAI-compatible endpoint (the platform's LiteLLM by default). */
export interface ExplainOptions {
  baseURL: string;
  model: string;
  apiKey: string;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Names that appear inside messages and must be hidden too (nodes, secrets, ...). */
  names?: { kind: string; name: string }[];
}

/** The explanation as the report carries it, marked as written by a model. */
export interface Explanation {
  source: 'llm';
  model: string;
  endpoint: string;
  text: string;
}

const SYSTEM = [
  'You help someone who runs a small self-hosted Kubernetes (k3s) cluster.',
  'You get the findings of a diagnosis tool as JSON. Explain in plain words which failures cause which,',
  'what to fix first, and how. Object names are placeholders such as pod-1 or namespace-2: use them verbatim.',
  'Do not invent facts that the findings do not support. Answer in short Markdown.',
].join(' ');

/** Sends the failing findings, names anonymised, to the model; returns its text with the real names restored. */
export async function explainFindings(
  findings: readonly Finding[],
  opts: ExplainOptions,
): Promise<Explanation> {
  const failing = findings.filter((f) => f.status === 'fail' || f.status === 'error');
  const anon = anonymise(failing, opts.names);
  const client = new OpenAI({
    baseURL: opts.baseURL,
    apiKey: opts.apiKey,
    maxRetries: 0,
    timeout: opts.timeoutMs ?? 120_000,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  const payload = anon.findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    object: `${f.target.kind} ${f.target.namespace ? `${f.target.namespace}/` : ''}${f.target.name}`,
    message: f.message,
    fix: f.fix,
  }));
  let text: string;
  try {
    const res = await client.chat.completions.create({
      model: opts.model,
      temperature: 0,
      messages: [
        { role: 'system', content: SYSTEM },
        { role: 'user', content: JSON.stringify(payload, null, 1) },
      ],
    });
    text = res.choices[0]?.message?.content ?? '';
  } catch (cause) {
    throw new UserError(`--explain: ${opts.baseURL} did not answer: ${(cause as Error).message}`, { cause });
  }
  return { source: 'llm', model: opts.model, endpoint: opts.baseURL, text: anon.restore(text).trim() };
}
