import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { plan } from '../../src/plan/plan.ts';
import { renderTree } from '../../src/render/tree.ts';
import { diffTrees, readTree, type TreeDiff } from '../../src/render/write.ts';
import { sealedSecretPath } from '../../src/secrets/paths.ts';
import { registry } from '../../src/services/registry.ts';
import { ROOT } from '../helpers/cli.ts';

/** The first line where two versions of a file differ, for a readable failure. */
function firstDifference(a: string, b: string): string {
  const x = a.split('\n');
  const y = b.split('\n');
  const i = x.findIndex((line, n) => line !== y[n]);
  const at = i === -1 ? x.length : i;
  return `line ${at + 1}: committed ${JSON.stringify(y[at] ?? '<end>')}, rendered ${JSON.stringify(x[at] ?? '<end>')}`;
}

function summary(diffs: TreeDiff[], rendered: Map<string, string>, committed: Map<string, string>): string {
  const lines = diffs.slice(0, 20).map((d) => {
    const where =
      d.change === 'changed' ? ` (${firstDifference(rendered.get(d.path)!, committed.get(d.path)!)})` : '';
    return `  ${d.change.padEnd(8)} ${d.path}${where}`;
  });
  if (diffs.length > 20) lines.push(`  … and ${diffs.length - 20} more`);
  return `deploy/ differs from the render of platform.yaml in ${diffs.length} file(s):\n${lines.join('\n')}\nrun npm run render and commit deploy/`;
}

describe('golden tree', () => {
  it(
    'the committed deploy/ tree is the render of platform.yaml (what shai render --check compares)',
    { timeout: 120_000 },
    async () => {
      const configFile = resolve(ROOT, 'platform.yaml');
      const p = plan(await loadConfig(configFile, registry), registry);
      const committed = await readTree(resolve(ROOT, p.config.gitops.path));
      expect(committed.size, 'deploy/ is missing: run npm run render').toBeGreaterThan(0);
      // Sealed secrets are written by `shai secrets seal`, not by render: kept like the command keeps them.
      const sealed = new Set(p.secrets.map(sealedSecretPath));
      const tree = await renderTree(p, new Map([...committed].filter(([path]) => sealed.has(path))));
      const diffs = diffTrees(tree.files, committed);
      expect(diffs, summary(diffs, tree.files, committed)).toEqual([]);
    },
  );
});
