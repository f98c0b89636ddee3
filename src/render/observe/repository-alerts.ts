import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseConfig } from '../../config/load.ts';
import { plan } from '../../plan/plan.ts';
import { buildManifest } from '../tree.ts';
import { registry } from '../../services/registry.ts';
import { alertGroups } from './rules.ts';
import type { AlertSpec } from '../../observe/types.ts';

const root = resolve(import.meta.dirname, '../../..');
let cached: AlertSpec[] | undefined;

/**
 * The alerts of the repository's platforms (platform.yaml and examples/), for the generated runbooks: together
 * they enable every service that has alerts. Reads those files; used by `npm run generate` and its test only.
 */
export function repositoryAlerts(): AlertSpec[] {
  if (cached) return cached;
  const files = [
    'platform.yaml',
    ...readdirSync(join(root, 'examples'))
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => `examples/${f}`),
  ];
  cached = files.flatMap((file) => {
    const p = plan(parseConfig(readFileSync(join(root, file), 'utf8'), file, registry), registry);
    return alertGroups({ plan: p, manifest: buildManifest(p).manifest }).flatMap((g) => g.alerts);
  });
  return cached;
}
