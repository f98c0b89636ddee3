import { appLabel, applications } from '../gitops.ts';
import { fail, pass } from '../result.ts';
import { waveOf } from '../../semantics/scheduler/pods.ts';
import type { Rule, RuleResult } from '../types.ts';
import { NEEDS_ANNOTATION, SERVICE_ANNOTATION } from '../../k8s/annotations.ts';

/** A service's Application syncs after the Applications of the services it needs. */
export const needsSyncOrder: Rule = {
  id: 'needs-sync-order',
  title: 'Applications sync after what they need',
  severity: 'error',
  family: 'gitops',
  targets: ['Application'],
  fix: "Give the Application a later argocd.argoproj.io/sync-wave than every Application it needs (the service catalog's waves do).",
  docs:
    `An Application annotated \`${NEEDS_ANNOTATION}: a,b\` (shai render writes the service's needs) must sync in a later ` +
    '`argocd.argoproj.io/sync-wave` than the Applications of `a` and `b` (found by name or by `shai.dev/service`): Applications of ' +
    'the same wave sync in parallel, so a service would start before its database or gateway exists. A needed service with no ' +
    'Application in the tree fails too.',
  check: (ctx) => {
    const apps = applications(ctx.index);
    const byService = new Map(
      apps.map((a) => [a.object.metadata?.annotations?.[SERVICE_ANNOTATION] ?? a.object.metadata?.name, a]),
    );
    const out: RuleResult[] = [];
    for (const app of apps) {
      const needs = (app.object.metadata?.annotations?.[NEEDS_ANNOTATION] ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (!needs.length) continue;
      const problems: string[] = [];
      for (const n of needs) {
        const dep = byService.get(n);
        if (!dep) problems.push(`${appLabel(app)} needs ${n}, but no Application delivers ${n}`);
        else if (waveOf(dep) >= waveOf(app))
          problems.push(`${appLabel(app)} needs ${n}, but ${appLabel(dep)} does not sync before it`);
      }
      if (!problems.length) out.push(pass(app));
      for (const p of problems) out.push(fail(app, p, `.metadata.annotations["${NEEDS_ANNOTATION}"]`));
    }
    return out;
  },
};
