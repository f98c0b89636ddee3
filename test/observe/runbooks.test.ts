import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANALYZERS } from '../../src/cluster/analyzers/index.ts';
import { generatedFiles } from '../../src/generated.ts';
import { repositoryAlerts } from '../../src/render/observe/repository-alerts.ts';
import { RUNBOOK_DIR } from '../../src/observe/runbooks.ts';
import { runbookPath, toRule } from '../../src/render/observe/rules.ts';
import { PROBE_ANALYZERS } from '../../src/cluster/prometheus/index.ts';

const root = resolve(import.meta.dirname, '../..');

describe('the runbooks', () => {
  const alerts = repositoryAlerts();

  it('exist, generated, for every alert of every platform of the repository, and nothing else is in their folder', () => {
    const generated = new Set(generatedFiles.map((f) => f.path));
    for (const a of alerts) {
      expect(toRule(a).annotations.runbook_url).toBe(runbookPath(a.alert));
      expect(generated.has(runbookPath(a.alert)), a.alert).toBe(true);
    }
    const onDisk = readdirSync(resolve(root, RUNBOOK_DIR))
      .map((f) => `${RUNBOOK_DIR}/${f}`)
      .sort();
    expect(onDisk).toEqual([...generated].filter((p) => p.startsWith(`${RUNBOOK_DIR}/`)).sort());
  });

  it('are one text per alert name: every rule of a name carries the same runbook', () => {
    const byName = new Map<string, string>();
    for (const a of alerts) {
      const text = JSON.stringify(a.runbook);
      expect(byName.get(a.alert) ?? text, a.alert).toBe(text);
      byName.set(a.alert, text);
    }
  });

  it('name a shai doctor analyzer that exists, or say why none covers the alert', () => {
    const ids = new Set([...ANALYZERS.map((a) => a.id), ...PROBE_ANALYZERS]);
    for (const a of alerts) {
      if ('analyzer' in a.runbook.covered)
        expect(ids.has(a.runbook.covered.analyzer), `${a.alert}: ${a.runbook.covered.analyzer}`).toBe(true);
      else expect(a.runbook.covered.none.length).toBeGreaterThan(10);
    }
  });
});
