// Records what Argo CD's own diff (gitops-engine pkg/diff at argo-cd v3.3.9, the version chart argo-cd 9.5.11
// ships) answers for the pause of `shai backup restore --promote` (scripts/argocd-diff/cases.ts):
//   1. git -C <argo-cd mirror> archive v3.3.9 gitops-engine | tar -x -C DIR
//   2. mkdir DIR/gitops-engine/cmd/shai-diff && cp scripts/argocd-diff/main.go DIR/gitops-engine/cmd/shai-diff/
//   3. (cd DIR/gitops-engine && go build -o BIN ./cmd/shai-diff)      (its own go.mod and go.sum pin the deps)
//   4. npx tsx scripts/record-argocd-diff.ts BIN
// Writes test/fixtures/argocd/pause-diff.json; test/backup/argocd-pause-diff.test.ts fails when the inputs change.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PAUSE_DIFF_APP, PAUSE_DIFF_FILE, inputsHash, pauseDiffCases } from './argocd-diff/cases.ts';
import { loadConfig } from '../src/config/load.ts';
import { plan as makePlan } from '../src/plan/plan.ts';
import { buildManifest } from '../src/render/tree.ts';
import { registry } from '../src/services/registry.ts';

const root = resolve(import.meta.dirname, '..');
const bin = process.argv[2];
if (!bin) throw new Error('usage: npx tsx scripts/record-argocd-diff.ts <shai-diff binary>');
const plan = makePlan(await loadConfig(join(root, 'platform.yaml'), registry), registry);
const app = buildManifest(plan).manifest.find(
  (e) => e.object.kind === 'Application' && e.object.metadata.name === PAUSE_DIFF_APP,
)!.object;
const cases = pauseDiffCases(app);
const results: Record<string, boolean> = {};
for (const c of cases) {
  const out = execFileSync(bin, { input: JSON.stringify({ config: c.config, live: c.live }) }).toString();
  results[c.name] = (JSON.parse(out) as { modified: boolean }).modified;
}
const recording = {
  comment:
    "Argo CD's diff, recorded: test data for shai (scripts/record-argocd-diff.ts). modified=true means Argo CD sees the live Application out of sync with Git, so the root Application's self-heal would revert it.",
  source: 'argoproj/argo-cd v3.3.9 gitops-engine/pkg/diff Diff(config, live, noop normalizer)',
  chart: 'argo-cd 9.5.11 (appVersion v3.3.9)',
  go: execFileSync('go', ['version']).toString().trim(),
  application: PAUSE_DIFF_APP,
  inputsSha256: inputsHash(cases),
  modified: results,
};
mkdirSync(join(root, 'test/fixtures/argocd'), { recursive: true });
writeFileSync(join(root, PAUSE_DIFF_FILE), `${JSON.stringify(recording, null, 2)}\n`);
console.log(results);
