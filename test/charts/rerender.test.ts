import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { chartInputs, helmArgs, kubeVersionOf } from '../../scripts/charts/inputs.ts';
import { chartApplications, defaultPlatform, recordedApiVersions, recordingText } from '../helpers/charts.ts';
import { describeWithTools, IN_CI, TOOLS_DIR } from '../helpers/tools.ts';

/*
 * Real helm renders a recording again, byte for byte, where the unpacked charts are at hand ($SHAI_CHARTS, by
 * default /work/charts, see test/fixtures/charts/README.md; and $SHAI_TOOLS/charts, where .ci/tools.sh puts the
 * ones a registry serves): the recordings are helm's output, not edited.
 */
const CHARTS = [process.env.SHAI_CHARTS ?? '/work/charts', join(TOOLS_DIR, 'charts')];
// Small charts with no CRDs to speak of: the check is that the recording process is helm's, not the size.
const APPS = ['sealed-secrets', 'velero', 'arc-runners'];
// Those whose chart a registry here serves (.ci/tools.d/12-chart-sources.sh): in CI they must run, never skip.
const FROM_REGISTRY = new Set(['sealed-secrets']);

describeWithTools(
  'chart recordings are what real helm renders',
  ['helm'],
  'bash .ci/tools.sh',
  ({ helm }) => {
    for (const name of APPS)
      it(name, async (ctx) => {
        const { plan, manifest } = await defaultPlatform();
        const app = chartApplications(manifest).find((a) => a.metadata.name === name)!;
        const inputs = chartInputs(app, kubeVersionOf(plan.config.cluster.k3sVersion), recordedApiVersions());
        const dirs = CHARTS.map((c) => join(c, `${inputs.chart}-${inputs.version}`));
        const dir = dirs.find((d) => existsSync(d));
        if (!dir && IN_CI && FROM_REGISTRY.has(name))
          throw new Error(`${dirs.join(' or ')}: no chart source; run bash .ci/tools.sh`);
        if (!dir)
          return ctx.skip(
            `${dirs.join(' or ')}: not unpacked here, and no registry here serves it (test/fixtures/charts/README.md)`,
          );
        const tmp = mkdtempSync(join(tmpdir(), 'shai-rerender-'));
        try {
          writeFileSync(join(tmp, 'values.yaml'), JSON.stringify(inputs.values, null, 2));
          const out = execFileSync(helm!, helmArgs(inputs, dir, join(tmp, 'values.yaml')), {
            encoding: 'utf8',
          });
          const recorded = recordingText(name)!;
          expect(recorded.slice(recorded.indexOf('\n---\n') + 1)).toBe(out);
        } finally {
          rmSync(tmp, { recursive: true, force: true });
        }
      });
  },
);
