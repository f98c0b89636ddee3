import { resolve } from 'node:path';
import { buildCli } from '../../scripts/build.ts';

/** vitest globalSetup: every test run drives the CLI built from the sources it tests (bin/shai.js runs dist/). */
export default async function setup(): Promise<void> {
  await buildCli(resolve(import.meta.dirname, '../..'));
}
