import type { SimPod } from '../semantics/scheduler/pods.ts';
import { add, type Resources } from '../semantics/scheduler/requests.ts';
import type { KeyPath } from '../config/path.ts';
import { gib } from '../models/estimate.ts';
import type { Plan } from '../plan/types.ts';
import type { PlanFit } from './fit.ts';

/** One reason to refuse the platform, at a platform.yaml key. */
export interface FitIssue {
  path: KeyPath;
  message: string;
}

const SHOWN = 8;
const list = (xs: string[]) =>
  xs.length > SHOWN ? `${xs.slice(0, SHOWN).join(', ')} and ${xs.length - SHOWN} more` : xs.join(', ');
const cores = (v = 0) => `${Math.round(v * 10) / 10}`;

/** The platform.yaml key of a config path such as `services.litellm` or `cluster.nodes[1]`. */
function keyPath(configPath: string | undefined): KeyPath {
  if (!configPath) return ['cluster', 'nodes'];
  return configPath.split('.').flatMap((seg) => {
    const m = /^([^[]+)\[(\d+)\]$/.exec(seg);
    return m ? [m[1]!, Number(m[2])] : [seg];
  });
}

/**
 * Why the platform does not fit its nodes, as platform.yaml errors. Pods that find no node only for want of
 * CPU, memory or pods are one error at cluster.nodes with the whole bill (shai's services, the charts and
 * operators) against what the nodes offer, so a machine too small is said once; any other scheduling failure
 * (a selector or taint no node satisfies) is one error at its service; a model its Ollama cannot hold is one
 * error at the model.
 */
export function fitIssues(plan: Plan, fit: PlanFit): FitIssue[] {
  const issues: FitIssue[] = [];
  const resourceOnly = (m: string) => !/didn't match|taint|unschedulable|node name/.test(m);
  const short = fit.sim.unplaced.filter((u) => resourceOnly(u.message));
  if (short.length)
    issues.push(
      tooSmall(
        fit,
        short.map((u) => u.pod),
      ),
    );
  const byService = new Map<string, string>();
  for (const u of fit.sim.unplaced.filter((x) => !resourceOnly(x.message)))
    if (!byService.has(u.pod.source.configPath ?? ''))
      byService.set(u.pod.source.configPath ?? '', u.message);
  for (const [configPath, message] of byService)
    issues.push({ path: keyPath(configPath), message: `its pods cannot be scheduled: ${message}` });
  for (const f of fit.findings.filter((x) => x.rule === 'model-fits-gpu' && x.severity === 'error')) {
    const i = plan.config.models.findIndex((m) => f.message.includes(`: ${m.name} needs `));
    const message = f.message.replace(/^[^:]+: /, '');
    issues.push({ path: i >= 0 ? ['models', i, 'name'] : keyPath(f.configPath), message });
  }
  return issues;
}

function tooSmall(fit: PlanFit, pods: SimPod[]): FitIssue {
  const ours: Resources = {};
  const theirs: Resources = {};
  const count = (p: SimPod) => add(p.source.standIn ? theirs : ours, p.requests);
  for (const { pod } of fit.sim.placed) if (!pod.transient) count(pod);
  for (const pod of pods) count(pod);
  const offered = fit.sim.nodes.reduce((a, n) => add(a, n.allocatable), {} as Resources);
  const total = add(add({}, ours), theirs);
  const names = [...new Set(pods.map((p) => p.source.object.metadata.name))].sort();
  return {
    path: ['cluster', 'nodes'],
    message:
      `the nodes cannot hold the platform: its pods request ${gib(total.memory ?? 0)} of memory and ${cores(total.cpu)} CPU ` +
      `(shai's services ${gib(ours.memory ?? 0)} and ${cores(ours.cpu)}, chart and operator pods ${gib(theirs.memory ?? 0)} and ${cores(theirs.cpu)}), ` +
      `the nodes offer ${gib(offered.memory ?? 0)} and ${cores(offered.cpu)}; ${pods.length === 1 ? '1 pod finds' : `${pods.length} pods find`} no node (${list(names)}). ` +
      'Add memory or a node, lower services.<name>.resources.requests, or switch services off.',
  };
}
