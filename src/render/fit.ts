import { runCheck } from '../check/engine.ts';
import { platformCheckInput } from '../check/platform.ts';
import { containersOf, workloads } from '../semantics/pods.ts';
import { modelFitsGpu } from '../check/rules/model-fits-gpu.ts';
import { podSchedulable } from '../check/rules/pod-schedulable.ts';
import { memoryRoom, type MemoryRoom } from '../semantics/scheduler/budgets.ts';
import { simulate, type Simulation } from '../semantics/scheduler/simulate.ts';
import { standIns } from '../check/scheduling-stand-ins.ts';
import type { Plan } from '../plan/types.ts';
import type { Finding } from '../report/types.ts';
import { buildManifest } from './tree.ts';

/** Whether the platform fits its nodes, judged on what render builds, exactly as `shai check` judges it. */
export interface PlanFit {
  /** pod-schedulable and model-fits-gpu findings that are not passes. */
  findings: Finding[];
  /** Per CPU Ollama instance (service name): where its pods land and the memory each may use there. */
  rooms: Map<string, MemoryRoom[]>;
  /** The simulation itself: every pod of shai, the charts and the operators on the nodes of platform.yaml. */
  sim: Simulation;
}

/**
 * Builds the platform in memory and runs the scheduling rules of `shai check` on it (every pod of shai, the
 * charts and the operators on the nodes of platform.yaml; every model in the memory of its Ollama), so `shai
 * plan` and `shai models plan` refuse and budget exactly what `shai check` would, from one simulation.
 */
export function planFit(plan: Plan): PlanFit {
  const sealed = new Set(plan.secrets.map((s) => s.service));
  const input = platformCheckInput(plan.config, plan, buildManifest(plan, sealed).manifest);
  const report = runCheck(input, [podSchedulable, modelFitsGpu]);
  const sim = simulate([...input.objects, ...standIns(input.objects)], input.nodes ?? []);
  const cpuInstances = new Set(
    plan.services
      .filter((s) => s.name.startsWith('ollama-') && s.placement.gpuSlices === 0)
      .map((s) => s.name),
  );
  const rooms = new Map<string, MemoryRoom[]>();
  for (const w of workloads(input.objects)) {
    if (w.source.object.kind === 'Job' || !cpuInstances.has(w.source.service ?? '')) continue;
    const main = containersOf(w.template).find(
      (c) => !c.init && /ollama\/ollama/.test(String(c.container.image ?? '')),
    );
    if (main) rooms.set(w.source.service!, memoryRoom(sim, w.source, main.container));
  }
  return { findings: report.findings.filter((f) => f.status !== 'pass'), rooms, sim };
}
