/*
 * `shai backup restore --promote` pauses Argo CD for one Application by annotating it live
 * (argocd.argoproj.io/skip-reconcile). The root Application manages that Application with automated self-heal; the
 * pause holds only if Argo CD does not see the annotated object out of sync with Git. Argo CD's own diff
 * (gitops-engine pkg/diff at argo-cd v3.3.9) answered that once, recorded in test/fixtures/argocd/pause-diff.json
 * (scripts/record-argocd-diff.ts; tier 2: the real diff code, run where Go and the module proxy are, not in CI).
 * This test fails when the inputs change (record again) and holds the rendered tree to what the answer assumes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  PAUSE_DIFF_APP,
  PAUSE_DIFF_FILE,
  inputsHash,
  pauseDiffCases,
} from '../../scripts/argocd-diff/cases.ts';
import { SKIP_RECONCILE } from '../../src/backup/promote-volumes.ts';
import { loadConfig } from '../../src/config/load.ts';
import { PROMOTING_ANNOTATION } from '../../src/k8s/annotations.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { parseManifests } from '../../src/k8s/yaml.ts';
import { plan as makePlan } from '../../src/plan/plan.ts';
import { buildManifest } from '../../src/render/tree.ts';
import { registry } from '../../src/services/registry.ts';
import { ROOT } from '../helpers/cli.ts';

interface Yaml {
  [k: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const recording = JSON.parse(readFileSync(join(ROOT, PAUSE_DIFF_FILE), 'utf8')) as {
  inputsSha256: string;
  modified: Record<string, boolean>;
};

describe("Argo CD's diff does not revert the pause", async () => {
  const plan = makePlan(await loadConfig(join(ROOT, 'platform.yaml'), registry), registry);
  const objects = buildManifest(plan).manifest.map((e) => e.object);
  const app = objects.find((o) => o.kind === 'Application' && o.metadata.name === PAUSE_DIFF_APP)!;
  const cases = pauseDiffCases(app);

  it('the recording answers these inputs (else: npx tsx scripts/record-argocd-diff.ts, see its header)', () => {
    expect(recording.inputsSha256).toBe(inputsHash(cases));
  });

  it('a paused Application is in sync for Argo CD, and the controls show the diff sees drift', () => {
    expect(Object.keys(recording.modified).sort()).toEqual(cases.map((c) => c.name).sort());
    for (const c of cases) expect(recording.modified[c.name], c.name).toBe(c.modified);
  });

  it('holds only while Git never names the pause and the root syncs with client-side apply and diff', () => {
    const apps = objects.filter((o) => o.kind === 'Application') as Yaml[];
    expect(apps.length).toBeGreaterThan(10);
    for (const a of apps) {
      const keys = Object.keys(a.metadata.annotations ?? {});
      expect(keys, a.metadata.name).not.toContain(SKIP_RECONCILE);
      expect(keys, a.metadata.name).not.toContain(PROMOTING_ANNOTATION);
    }
    const root = apps.find((a) => a.metadata.name === 'root')!;
    expect(root.spec.syncPolicy.syncOptions ?? []).not.toContain('Replace=true');
    expect(root.spec.syncPolicy.syncOptions ?? []).not.toContain('ServerSideApply=true');
    expect(Object.keys(root.metadata.annotations ?? {})).not.toContain('argocd.argoproj.io/compare-options');
    // Server-side diff stays off: the chart's argocd-cmd-params-cm (as real helm rendered it) does not turn it on.
    const path = join(ROOT, 'test/fixtures/charts/argocd.yaml');
    const params = parseManifests(readFileSync(path, 'utf8'), path)
      .objects.map((o) => o.object as KubeObject & { data?: Record<string, string> })
      .find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'argocd-cmd-params-cm')!;
    expect(params.data?.['controller.diff.server.side'] ?? 'false').toBe('false');
  });
});
