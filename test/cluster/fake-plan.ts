/** The plan of the repository's platform.yaml (the default platform), as doctor receives it. */
import { resolve } from 'node:path';
import { loadPlatform } from '../../src/cli/platform.ts';
import type { Plan } from '../../src/plan/types.ts';

const root = resolve(import.meta.dirname, '../..');

/** Plans platform.yaml of the repository; every call returns a fresh Plan the test may change. */
export async function defaultPlan(): Promise<Plan> {
  return (await loadPlatform({ config: 'platform.yaml' }, { cwd: root })).plan;
}
