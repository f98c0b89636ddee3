/*
 * The environment-name lists of the image contracts (src/images/*-env.ts) are what the applications' own package
 * files give at the pinned version: scripts/image-env/recordings.ts extracts them again from the files
 * .ci/tools.d/45-image-sources.sh (Open WebUI's wheel, n8n's npm tarballs) and 40-litellm.sh (LiteLLM's venv)
 * fetch, and the committed lists must be exactly that. A pin moved without recording again fails here.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { litellmImage } from '../../src/images/litellm.ts';
import { n8nImage } from '../../src/images/n8n.ts';
import { openWebuiImage } from '../../src/images/open-webui.ts';
import type { ImageContract } from '../../src/images/types.ts';
import {
  RECORDINGS,
  extract,
  namesIn,
  recordedNames,
  rewriteList,
} from '../../scripts/image-env/recordings.ts';
import { ROOT } from '../helpers/cli.ts';
import { IN_CI, TOOLS_DIR } from '../helpers/tools.ts';

const CONTRACTS: Record<string, ImageContract> = {
  'open-webui': openWebuiImage,
  litellm: litellmImage,
  n8n: n8nImage,
};
const text = (f: string) => readFileSync(resolve(ROOT, f), 'utf8');
const scriptVar = (f: string, name: string) =>
  new RegExp(`^${name}=(\\S+)`, 'm').exec(text(`.ci/tools.d/${f}`))?.[1];

describe('the recorded environment lists follow the pinned images', () => {
  it.each(RECORDINGS.map((r) => [r.app, r] as const))(
    '%s: recorded at the version the image contract pins, which the tools fetch',
    (app, r) => {
      expect(CONTRACTS[app]!.tag.replace(/^v/, ''), 'contract tag').toBe(r.version);
      expect(text(r.file), 'header').toContain(r.version);
      const fetched =
        app === 'litellm'
          ? scriptVar('40-litellm.sh', 'LITELLM_VERSION')
          : app === 'n8n'
            ? scriptVar('45-image-sources.sh', 'N8N_SOURCE_VERSION')
            : scriptVar('45-image-sources.sh', 'OPEN_WEBUI_VERSION');
      expect(fetched, 'tools script').toBe(r.version);
    },
  );

  it('finds names in the forms the applications read them', () => {
    const py = RECORDINGS.find((r) => r.app === 'litellm')!.parts[0]!.pattern;
    expect(
      namesIn(
        'os.environ.get("A_1") os.getenv(\n  \'B\') os.environ["C"] get_secret_str("D") x.getenv_other("E")',
        py,
      ),
    ).toEqual(['A_1', 'B', 'C', 'D']);
    const [config, dist] = RECORDINGS.find((r) => r.app === 'n8n')!.parts;
    expect(namesIn("(0, decorators_1.Env)('N8N_PORT'), Env('X')", config!.pattern)).toEqual([
      'N8N_PORT',
      'X',
    ]);
    expect(namesIn("process.env.N8N_A ?? process.env['B'] ?? process.env", dist!.pattern)).toEqual([
      'N8N_A',
      'B',
    ]);
  });

  it('rewrites only the list and its count', () => {
    const before =
      "/** x */\n\n/** 2 environment names, sorted. */\nexport const L: readonly string[] = [\n  'A',\n  'B',\n];\n";
    const after = rewriteList(before, 'L', ['A', 'C', 'D']);
    expect(after).toBe(
      "/** x */\n\n/** 3 environment names, sorted. */\nexport const L: readonly string[] = [\n  'A',\n  'C',\n  'D',\n];\n",
    );
    expect(recordedNames(after)).toEqual(['A', 'C', 'D']);
  });
});

describe('the recorded environment lists are what the real packages give', () => {
  for (const r of RECORDINGS) {
    const got = extract(TOOLS_DIR, r);
    if ('missing' in got && !IN_CI) {
      console.warn(`skipping ${r.app}: ${got.missing} is missing; install with: bash .ci/tools.sh`);
      it.skip(`${r.app} ${r.version} (skipped: sources not fetched)`, () => {});
      continue;
    }
    it(`${r.app} ${r.version}: ${r.file} lists exactly the names its package files read`, () => {
      if ('missing' in got) throw new Error(`${got.missing} is missing; run bash .ci/tools.sh`);
      const recorded = recordedNames(text(r.file));
      expect(recorded).toEqual([...recorded].sort());
      // A difference: record again with `npx tsx scripts/record-image-env.ts ${r.app}`.
      expect({ missing: got.names.filter((n) => !recorded.includes(n)) }).toEqual({ missing: [] });
      expect({ extra: recorded.filter((n) => !got.names.includes(n)) }).toEqual({ extra: [] });
    });
  }

  it('has the Open WebUI files the header hashes', () => {
    const dir = join(TOOLS_DIR, 'image-sources/open-webui-0.8.11/open_webui');
    if (!existsSync(dir)) {
      if (IN_CI) throw new Error(`${dir} is missing; run bash .ci/tools.sh`);
      return;
    }
    const header = text('src/images/open-webui-env.ts');
    for (const f of ['config.py', 'env.py']) {
      const hash = sha256(join(dir, f)).slice(0, 16);
      expect(header, f).toContain(`${f} (sha256 ${hash}`);
    }
  });
});

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}
