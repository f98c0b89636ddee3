/*
 * The chart recordings of test/fixtures/charts/ (helm output at the pins, see its README.md) and the chart
 * Applications of the default platform they were recorded for.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadAll } from 'js-yaml';
import { loadConfig } from '../../src/config/load.ts';
import type { KubeObject, Manifest } from '../../src/k8s/object.ts';
import { plan } from '../../src/plan/plan.ts';
import type { Plan } from '../../src/plan/types.ts';
import { buildManifest } from '../../src/render/tree.ts';
import { registry } from '../../src/services/registry.ts';
import { chartSource } from '../../scripts/charts/inputs.ts';

/** Folder of the recordings. */
export const RECORDINGS = resolve(import.meta.dirname, '../fixtures/charts');

/** The default platform (platform.yaml), planned and built. */
export async function defaultPlatform(): Promise<{ plan: Plan; manifest: Manifest }> {
  const config = await loadConfig(resolve(import.meta.dirname, '../../platform.yaml'), registry);
  const p = plan(config, registry);
  return { plan: p, manifest: buildManifest(p).manifest };
}

/** The Argo CD Applications of a manifest that deploy a chart. */
export function chartApplications(manifest: Manifest): KubeObject[] {
  return manifest.map((e) => e.object).filter((o) => o.kind === 'Application' && chartSource(o));
}

/** Path of the recording of one Application. */
export const recordingPath = (application: string) => resolve(RECORDINGS, `${application}.yaml`);

/** The text of one recording, or undefined when there is none. */
export function recordingText(application: string): string | undefined {
  const path = recordingPath(application);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

const parsed = new Map<string, KubeObject[]>();

/** The objects helm rendered for one Application (parsed once per test file). */
export function recordedObjects(application: string): KubeObject[] {
  let objects = parsed.get(application);
  if (!objects) {
    const text = recordingText(application);
    if (text === undefined) throw new Error(`no recording for ${application} in ${RECORDINGS}`);
    objects = (loadAll(text) as (KubeObject | null)[]).filter((o): o is KubeObject => Boolean(o?.kind));
    parsed.set(application, objects);
  }
  return objects;
}

/** The API versions the recordings were rendered with (test/fixtures/charts/api-versions.txt). */
export function recordedApiVersions(): string[] {
  return readFileSync(resolve(RECORDINGS, 'api-versions.txt'), 'utf8').split('\n').filter(Boolean);
}
