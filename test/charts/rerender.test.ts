import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { chartInputs, helmArgs, kubeVersionOf } from '../../scripts/charts/inputs.ts';
import { chartApplications, defaultPlatform, recordedApiVersions, recordingText } from '../helpers/charts.ts';
import { describeWithTools } from '../helpers/tools.ts';

/*
 * Real helm renders a recording again, byte for byte, where the unpacked charts are at hand ($SHAI_CHARTS, by
 * default /work/charts, see test/fixtures/charts/README.md): the recordings are helm's output, not edited.
 */
const CHARTS = process.env.SHAI_CHARTS ?? '/work/charts';
// Small charts with no CRDs to speak of: the check is that the recording process is helm's, not the size.
const APPS = ['sealed-secrets', 'velero', 'arc-runners'];

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
        const dir = join(CHARTS, `${inputs.chart}-${inputs.version}`);
        if (!existsSync(dir)) return ctx.skip(`${dir} is not unpacked here (test/fixtures/charts/README.md)`);
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
