/*
 * The default platform as render produces it, with secret values, for starting the real applications on loopback.
 * Secrets get fresh values the way `shai secrets generate` draws them (fillStore), so composed values such as
 * `ai/litellm-db/url` are the real compositions.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { loadConfig } from '../../../src/config/load.ts';
import type { KubeObject } from '../../../src/k8s/object.ts';
import { plan } from '../../../src/plan/plan.ts';
import type { Plan } from '../../../src/plan/types.ts';
import { renderTree } from '../../../src/render/tree.ts';
import { emptyStore } from '../../../src/secrets/store.ts';
import { fillStore } from '../../../src/secrets/values.ts';
import { registry } from '../../../src/services/registry.ts';
import { ROOT } from '../../helpers/cli.ts';

/** A rendered platform: its objects and the value of every secret key (`namespace/name` → key → value). */
export interface RenderedPlatform {
  plan: Plan;
  objects: KubeObject[];
  secrets: Map<string, Record<string, string>>;
}

/** Renders `file` (default: the repository's platform.yaml) and draws values for its secrets. */
export async function renderedPlatform(file = 'platform.yaml'): Promise<RenderedPlatform> {
  const p = plan(await loadConfig(resolve(ROOT, file), registry), registry);
  const tree = await renderTree(p);
  const store = fillStore(emptyStore('real-apps'), p.secrets, {
    force: false,
    now: new Date(0),
    randomBytes,
  }).store;
  const secrets = new Map<string, Record<string, string>>();
  for (const [id, s] of Object.entries(store.secrets))
    secrets.set(id, Object.fromEntries(Object.entries(s.keys).map(([k, v]) => [k, v.value])));
  return { plan: p, objects: tree.manifest.map((e) => e.object), secrets };
}

/** The rendered object of that kind, namespace and name; throws when render made none. */
export function rendered(r: RenderedPlatform, kind: string, namespace: string, name: string): KubeObject {
  const o = r.objects.find(
    (x) => x.kind === kind && x.metadata.name === name && x.metadata.namespace === namespace,
  );
  if (!o) throw new Error(`render made no ${kind} ${namespace}/${name}`);
  return o;
}

/** A secret value; throws when the plan has no such secret key (the manifest would not start either). */
export function secretValue(r: RenderedPlatform, namespace: string, name: string, key: string): string {
  const v = r.secrets.get(`${namespace}/${name}`)?.[key];
  if (v === undefined) throw new Error(`no value for secret ${namespace}/${name} key ${key}`);
  return v;
}
