import { resolve } from 'node:path';
import { loadConfig } from '../../src/config/load.ts';
import { runCheck } from '../../src/check/engine.ts';
import { platformCheckInput } from '../../src/check/platform.ts';
import type { Rule } from '../../src/check/types.ts';
import type { KubeObject, Manifest } from '../../src/k8s/object.ts';
import { plan } from '../../src/plan/plan.ts';
import type { Plan } from '../../src/plan/types.ts';
import { buildManifest } from '../../src/render/tree.ts';
import { registry } from '../../src/services/registry.ts';

/** The services of the system layer this suite covers. */
export const SYSTEM = [
  'namespaces',
  'sealed-secrets',
  'prometheus-crds',
  'cert-manager',
  'cnpg-operator',
  'kyverno',
  'longhorn',
  'traefik',
  'pki',
  'gpu-operator',
  'kyverno-policies',
];

const root = resolve(import.meta.dirname, '../..');

/** The plan and built manifest of a platform file of the repository. */
export async function built(
  file: string,
): Promise<{ plan: Plan; manifest: Manifest; charts: ReturnType<typeof buildManifest>['charts'] }> {
  const config = await loadConfig(resolve(root, file), registry);
  const p = plan(config, registry);
  return { plan: p, ...buildManifest(p) };
}

/** Objects of one kind built by one service. */
export function objectsOf(manifest: Manifest, service: string, kind?: string): KubeObject[] {
  return manifest
    .filter((e) => e.service === service && (!kind || e.object.kind === kind))
    .map((e) => e.object);
}

/** Failed findings of these rules on the platform (the same input `shai check` uses). */
export function failures(p: Plan, manifest: Manifest, rules: Rule[]): string[] {
  const report = runCheck(platformCheckInput(p.config, p, manifest), rules);
  return report.findings
    .filter((f) => f.status === 'fail' || f.status === 'error')
    .map((f) => `${f.rule}: ${f.message}`);
}
