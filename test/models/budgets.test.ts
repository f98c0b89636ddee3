/**
 * Memory budgets per node (newcomer 3(a), 3(b), "three-b", P53): every workload placed on a node counts, charts and
 * operators included; a CPU model must fit its Ollama container's limit; `models plan`, `plan` and `check` agree.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/engine.ts';
import { platformCheckInput } from '../../src/check/platform.ts';
import { modelFitsGpu } from '../../src/check/rules/model-fits-gpu.ts';
import { podSchedulable } from '../../src/check/rules/pod-schedulable.ts';
import { parseConfig } from '../../src/config/load.ts';
import { planModels } from '../../src/models/planner.ts';
import { plan as makePlan } from '../../src/plan/plan.ts';
import type { Plan } from '../../src/plan/types.ts';
import { planFit } from '../../src/render/fit.ts';
import { fitIssues } from '../../src/render/fit-issues.ts';
import { buildManifest } from '../../src/render/tree.ts';
import { registry } from '../../src/services/registry.ts';

const GiB = 1024 ** 3;
const root = resolve(import.meta.dirname, '../..');
const text = (file: string) => readFileSync(resolve(root, file), 'utf8');
const planOf = (yaml: string): Plan => makePlan(parseConfig(yaml, 'platform.yaml', registry), registry);

/** The check's findings of the scheduling rules on the platform as render builds it. */
function check(plan: Plan) {
  const sealed = new Set(plan.secrets.map((s) => s.service));
  const input = platformCheckInput(plan.config, plan, buildManifest(plan, sealed).manifest);
  return runCheck(input, [podSchedulable, modelFitsGpu]).findings.filter((f) => f.status === 'fail');
}

// Newcomer 3(a): the single-cpu example on a 16 GiB laptop.
const laptop = text('examples/single-cpu.yaml').replace('memory: 32Gi', 'memory: 16Gi');

// Newcomer P53: llama3.3:70b on the CPU of a 128 GiB node, whose Ollama container is limited to 32 GiB.
const bigCpuModel = text('examples/single-cpu.yaml')
  .replace('memory: 32Gi', 'memory: 128Gi')
  .replace(
    'models:\n',
    'models:\n  - name: llama3.3:70b\n    purpose: general\n    capabilities: [chat, tools]\n    placement: cpu\n    alias: big\n',
  );

// Newcomer "three-b": one node with a 24 GiB and a 12 GiB card (the default platform's GPU node, re-carded).
const threeB = text('platform.yaml').replace(
  / {6}gpus:\n {8}- vendor: nvidia\n {10}model: RTX 5080\n {10}vramGiB: 16\n {10}count: 1\n/,
  [
    '      gpus:',
    '        - { vendor: nvidia, model: RTX 3090, vramGiB: 24, count: 1, sharing: { strategy: time-slicing, replicas: 4 }, driver: host }',
    '        - vendor: nvidia',
    '          model: RTX 3060',
    '          vramGiB: 12',
    '          count: 1',
    '',
  ].join('\n'),
);

describe('memory budgets per node', () => {
  it('3(a): a 16 GiB laptop does not hold the single-cpu platform: plan and check both refuse it', () => {
    const plan = planOf(laptop);
    const issues = fitIssues(plan, planFit(plan));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toEqual(['cluster', 'nodes']);
    expect(issues[0]!.message).toMatch(
      /^the nodes cannot hold the platform: its pods request (\d+\.\d) GiB of memory and [\d.]+ CPU \(shai's services [\d.]+ GiB and [\d.]+, chart and operator pods ([\d.]+) GiB and [\d.]+\), the nodes offer 16\.0 GiB and 8; \d+ pods find no node/,
    );
    const [, total, charts] = /request (\d+\.\d) GiB.*chart and operator pods ([\d.]+) GiB/.exec(
      issues[0]!.message,
    )!;
    expect(Number(total)).toBeGreaterThan(16);
    expect(Number(charts)).toBeGreaterThan(5);
    expect(check(plan).filter((f) => f.rule === 'pod-schedulable').length).toBeGreaterThan(0);
  });

  it('3(a): the CPU budget is what the other pods leave on the node, not the whole node', () => {
    const plan = planOf(text('examples/single-cpu.yaml'));
    const [room] = planFit(plan).rooms.get('ollama-cpu')!;
    expect(room!.left).toBeLessThan(32 * GiB);
    const cpu = planModels(plan, { rooms: planFit(plan).rooms }).instances.find((i) => i.kind === 'cpu')!;
    expect(cpu.budget).toBe(Math.min(room!.limit!, room!.left));
    expect(cpu.budget).toBeLessThan(32 * GiB);
  });

  it('an Ollama the simulation cannot place is still planned, against its limit and the whole node, with a note', () => {
    const plan = planOf(text('examples/single-cpu.yaml').replace('memory: 32Gi', 'memory: 6Gi'));
    const fit = planFit(plan);
    expect(fit.rooms.get('ollama-cpu')).toEqual([]);
    const mp = planModels(plan, { rooms: fit.rooms });
    expect(mp.instances.map((i) => [i.instance, i.budget])).toEqual([['ollama-cpu', 6 * GiB]]);
    expect(mp.notes).toEqual([
      'ollama-cpu finds no node in the scheduler simulation (shai plan says why); its budget here is its memory limit or the whole node',
    ]);
  });

  it('P53: a 43 GiB model does not fit an Ollama container limited to 32 GiB, in models plan, plan and check alike', () => {
    const plan = planOf(bigCpuModel);
    const fit = planFit(plan);
    const mp = planModels(plan, { rooms: fit.rooms });
    const cpu = mp.instances.find((i) => i.kind === 'cpu')!;
    expect(cpu.budget).toBe(32 * GiB);
    expect(cpu.models.find((m) => m.model === 'llama3.3:70b')!.fit).toBe('none');
    expect(fitIssues(plan, fit)).toEqual([
      {
        path: ['models', 0, 'name'],
        message:
          'llama3.3:70b needs 43.2 GiB, more than the 32.0 GiB memory limit of its container; it does not fit',
      },
    ]);
    expect(check(plan).map((f) => `${f.rule}: ${f.message}`)).toEqual([
      'model-fits-gpu: ai/ollama-cpu: llama3.3:70b needs 43.2 GiB, more than the 32.0 GiB memory limit of its container; it does not fit',
    ]);
  });

  it('three-b: with a 24 and a 12 GiB card on one node, models plan and check budget the same (smaller) card', () => {
    const plan = planOf(threeB);
    const gpu = planModels(plan).instances.find((i) => i.kind === 'gpu')!;
    expect(gpu.cardBytes).toBe(12 * GiB);
    expect(gpu.budget).toBe(4 * GiB);
    expect(gpu.overcommitted).toBe(true);
    const warnings = check(plan).filter((f) => f.rule === 'model-fits-gpu');
    expect(warnings.length).toBeGreaterThan(0);
    for (const w of warnings)
      expect(w.message).toContain('the 4.0 GiB left of 12.0 GiB VRAM by comfyui 8 GiB');
    expect(warnings.map((w) => w.message)).toContain(
      `gpu/ollama-gpu: keepLoaded models need ${(gpu.keepLoadedBytes / GiB).toFixed(1)} GiB together, more than the 4.0 GiB left of 12.0 GiB VRAM by comfyui 8 GiB`,
    );
  });
});
