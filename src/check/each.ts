import { containersOf, workloads, type ContainerAt, type Workload } from './pods.ts';
import { fail, pass } from './result.ts';
import { exceptionFor } from './system.ts';
import type { RuleContext, RuleResult } from './types.ts';

/** A problem found in one place of a pod template. */
export interface Problem {
  message: string;
  jsonPath: string;
}

/** Options shared by the pod-template rules. */
export interface EachOptions {
  /** The admission rule's id: workloads its PolicyExceptions name are reported skipped, with the reason (system.ts). */
  exceptedFor?: string;
  /** Only these workload kinds (default: all that have a pod template). */
  kinds?: string[];
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
  for (const w of workloads(ctx.objects)) {
    if (opts.kinds && !opts.kinds.includes(w.source.object.kind)) continue;
    const excepted = opts.exceptedFor && exceptionFor(w.source, opts.exceptedFor);
    if (excepted) {
      out.push({ object: w.source, status: 'skipped', message: excepted });
      continue;
    }
    const problems = check(w);
    if (problems.length === 0) out.push(pass(w.source));
    for (const p of problems) out.push(fail(w.source, p.message, p.jsonPath));
  }
  return out;
}

/** Like eachWorkload, for checks that look at one container at a time. */
export function eachContainer(
  ctx: RuleContext,
  opts: EachOptions & { skipInit?: boolean },
  check: (c: ContainerAt, w: Workload) => Problem | Problem[] | undefined,
): RuleResult[] {
  return eachWorkload(ctx, opts, (w) =>
    containersOf(w.template)
      .filter((c) => !(opts.skipInit && c.init))
      .flatMap((c) => check(c, w) ?? []),
  );
}

/** `container "name"` for messages. */
export function cname(c: ContainerAt): string {
  return `${c.init ? 'init container' : 'container'} "${c.container.name ?? '?'}"`;
}
