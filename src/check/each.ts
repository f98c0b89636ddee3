import { containersOf, workloads, type ContainerAt, type Workload } from '../semantics/pods.ts';
import { standInWorkloads } from './standins/index.ts';
import { fail, pass } from './result.ts';
import { exceptionFor } from '../semantics/exceptions.ts';
import type { RuleContext, RuleResult } from './types.ts';

/** A problem found in one place of a pod template. */
export interface Problem {
  message: string;
  jsonPath: string;
}

/** Options shared by the pod-template rules. */
export interface EachOptions {
  /** The admission rule's id: workloads its PolicyExceptions name are reported skipped, with the reason (semantics/exceptions.ts). */
  exceptedFor?: string;
  /** Only these workload kinds (default: all that have a pod template). */
  kinds?: string[];
  /** Also judge the stand-ins for operator-made pods (standins/); the default for admission rules (`exceptedFor`). */
  standIns?: boolean;
}

/**
 * Runs `check` on every pod template of the run and turns its problems into results: one fail per
 * problem, or one pass for the object when there is none. The shared loop of the pod rules.
 */
export function eachWorkload(
  ctx: RuleContext,
  opts: EachOptions,
  check: (w: Workload) => Problem[],
): RuleResult[] {
  const out: RuleResult[] = [];
  const judge = (w: Workload) => {
    if (opts.kinds && !opts.kinds.includes(w.source.object.kind)) return;
    const excepted = opts.exceptedFor && exceptionFor(w.source, opts.exceptedFor);
    if (excepted) {
      out.push({ object: w.source, status: 'skipped', message: standIn(w, excepted) });
      return;
    }
    const problems = check(w);
    if (problems.length === 0) out.push(pass(w.source));
    for (const p of problems) out.push(fail(w.source, standIn(w, p.message), p.jsonPath));
  };
  for (const w of workloads(ctx.objects)) judge(w);
  if (opts.standIns ?? opts.exceptedFor !== undefined)
    for (const w of standInWorkloads(ctx.objects)) judge(w);
  return out;
}

/** A stand-in's messages say what it stands in for. */
function standIn(w: Workload, message: string): string {
  return w.source.standIn ? `stand-in for ${w.source.standIn}: ${message}` : message;
}

/** Like eachWorkload, for checks that look at one container at a time. */
export function eachContainer(
  ctx: RuleContext,
  opts: EachOptions & { skipInit?: boolean },
  check: (c: ContainerAt, w: Workload) => Problem | Problem[] | undefined,
): RuleResult[] {
  // plain loops: a dozen rules run this for every container of the run, and filter/flatMap allocated per workload
  return eachWorkload(ctx, opts, (w) => {
    let problems: Problem[] | undefined;
    for (const c of containersOf(w.template)) {
      if (opts.skipInit && c.init) continue;
      const p = check(c, w);
      if (p === undefined) continue;
      if (Array.isArray(p)) {
        if (p.length) (problems ??= []).push(...p);
      } else (problems ??= []).push(p);
    }
    return problems ?? NONE;
  });
}

const NONE: Problem[] = [];

/** `container "name"` for messages. */
export function cname(c: ContainerAt): string {
  return `${c.init ? 'init container' : 'container'} "${c.container.name ?? '?'}"`;
}
