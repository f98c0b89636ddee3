import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { loadSchemas } from '../../src/k8s/validate.ts';
import { plan } from '../../src/plan/plan.ts';
import { buildManifest } from '../../src/render/tree.ts';
import { remainingWarnings } from '../../src/render/warnings.ts';
import { registry } from '../../src/services/registry.ts';
import { ROOT } from '../helpers/cli.ts';

const files = [
  'platform.yaml',
  ...readdirSync(resolve(ROOT, 'examples'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `examples/${f}`),
];

describe.each(files)('the warnings that remain on %s', (file) => {
  it('are each justified by the service that has them, on its definition', { timeout: 120_000 }, async () => {
    const p = plan(await loadConfig(resolve(ROOT, file), registry), registry);
    const { manifest } = buildManifest(p);
    await loadSchemas(manifest.map((e) => e.object));
    const writable = remainingWarnings(p, manifest).filter((w) => w.finding.rule === 'read-only-root-fs');
    // the default platform has some (Keycloak, LiteLLM, n8n, Open WebUI, SearXNG), so the loop is not empty
    if (file === 'platform.yaml') expect(writable.length).toBeGreaterThan(0);
    for (const w of writable) {
      const def = registry.find((d) => d.name === w.finding.service);
      expect(def?.writableRootReason, `${w.finding.service}: writableRootReason`).toBeTruthy();
      expect(w.justification).toBe(def!.writableRootReason);
    }
  });
});
