/**
 * plan refuses everything render or check would refuse: over every example and a corpus of generated
 * platforms (random service subsets, node shapes, GPU models, models, backup), the three give one verdict.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/engine.ts';
import { platformCheckInput } from '../../src/check/platform.ts';
import { RULES } from '../../src/check/registry.ts';
import { parseConfig } from '../../src/config/load.ts';
import { ConfigError } from '../../src/errors.ts';
import { loadSchemas } from '../../src/k8s/validate.ts';
import { plan as makePlan } from '../../src/plan/plan.ts';
import { planFit } from '../../src/render/fit.ts';
import { fitIssues } from '../../src/render/fit-issues.ts';
import { renderTree } from '../../src/render/tree.ts';
import { registry } from '../../src/services/registry.ts';
import { randomPlatform } from './random-platform.ts';

const root = resolve(import.meta.dirname, '../..');
const examples = ['platform.yaml', ...readdirSync(resolve(root, 'examples')).map((f) => `examples/${f}`)];

/**
 * What `shai plan` says: the errors it prints, none when it accepts. `config` errors come from the loader render
 * and check share; `fit` errors are plan's own reading of the scheduling rules, which check must also fail.
 */
function planVerdict(text: string): { by?: 'config' | 'fit'; lines: string[] } {
  try {
    const plan = makePlan(parseConfig(text, 'platform.yaml', registry), registry);
    const lines = fitIssues(plan, planFit(plan)).map((i) => `${i.path.join('.')}: ${i.message}`);
    return lines.length ? { by: 'fit', lines } : { lines };
  } catch (err) {
    if (err instanceof ConfigError) return { by: 'config', lines: err.message.split('\n') };
    throw err;
  }
}

/** What render and check say about a platform plan accepted: render's error, or check's error findings. */
async function renderAndCheck(text: string): Promise<string[]> {
  const config = parseConfig(text, 'platform.yaml', registry);
  const plan = makePlan(config, registry);
  let manifest;
  try {
    manifest = (await renderTree(plan)).manifest;
  } catch (err) {
    return [`render: ${(err as Error).message}`];
  }
  const input = platformCheckInput(config, plan, manifest);
  await loadSchemas(input.objects.map((o) => o.object));
  return runCheck(input, RULES)
    .findings.filter((f) => f.status === 'fail' && f.severity === 'error')
    .map((f) => `${f.rule} ${f.target.kind} ${f.target.namespace ?? ''}/${f.target.name}: ${f.message}`);
}

/**
 * The same verdict from both sides: plan refuses with a position and key, and what plan refuses for its fit
 * check fails too (plan is not stricter than check); what plan accepts, render renders and check passes.
 */
async function agree(text: string): Promise<void> {
  const { by, lines } = planVerdict(text);
  if (by) for (const line of lines) expect(line).toMatch(/^(platform\.yaml:\d+:\d+ \S+: |[\w.-]+: )/);
  if (by === 'config') return;
  const found = await renderAndCheck(text);
  if (by === 'fit') expect(found.length, `${lines.join('\n')}\n${text}`).toBeGreaterThan(0);
  else expect(found, text).toEqual([]);
}

const minimal = readFileSync(resolve(root, 'examples/minimal-webui.yaml'), 'utf8');

/** The minimal example with any one service switched on or off: the mistakes a user makes one key at a time. */
function mutations(): { name: string; text: string }[] {
  const doc = parse(minimal) as { services: Record<string, { enabled?: boolean }> };
  const running = makePlan(parseConfig(minimal, 'platform.yaml', registry), registry).services.map(
    (s) => s.name,
  );
  const off = registry.map((d) => d.name).filter((n) => !running.includes(n));
  const flip = (name: string, enabled: boolean) =>
    stringify({ ...doc, services: { ...doc.services, [name]: { ...doc.services[name], enabled } } });
  return [
    ...running.map((n) => ({ name: `${n} switched off`, text: flip(n, false) })),
    ...off.map((n) => ({ name: `${n} switched on`, text: flip(n, true) })),
  ];
}

describe('plan, render and check agree', () => {
  it.each(examples)('%s: plan accepts it, render renders it and check finds no error', async (file) => {
    const text = readFileSync(resolve(root, file), 'utf8');
    expect(planVerdict(text).lines).toEqual([]);
    expect(await renderAndCheck(text)).toEqual([]);
  });

  it.each(mutations())('examples/minimal-webui.yaml with $name: plan, render and check agree', ({ text }) =>
    agree(text),
  );

  // Seeds are fixed: a failure names the seed, and test/plan/random-platform.ts rebuilds the document.
  const seeds = Array.from({ length: 24 }, (_, i) => i + 1);
  it.each(seeds)('generated platform %i: plan refuses it, or render and check accept it', (seed) =>
    agree(stringify(randomPlatform(seed))),
  );

  it('the corpus holds platforms of both kinds', () => {
    const verdicts = Array.from(
      { length: 24 },
      (_, i) => planVerdict(stringify(randomPlatform(i + 1))).lines.length,
    );
    expect(verdicts.filter((n) => n === 0).length).toBeGreaterThanOrEqual(6);
    expect(verdicts.filter((n) => n > 0).length).toBeGreaterThanOrEqual(4);
  });
});
