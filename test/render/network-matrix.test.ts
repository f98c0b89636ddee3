import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { Manifest } from '../../src/k8s/object.ts';
import { plan as makePlan } from '../../src/plan/plan.ts';
import type { Plan } from '../../src/plan/types.ts';
import { networkMatrix, networkModel } from '../../src/render/network-matrix.ts';
import { buildManifest } from '../../src/render/tree.ts';
import { registry } from '../../src/services/registry.ts';

let plan: Plan;
let manifest: Manifest;

beforeAll(async () => {
  plan = makePlan(await loadConfig(join(import.meta.dirname, '../../platform.yaml'), registry), registry);
  manifest = buildManifest(plan).manifest;
});

/** The matrix table read back: caller -> callee -> ports. */
function parse(lines: string[]): Map<string, Map<string, string>> {
  const table = lines.slice(lines.indexOf('## Network matrix')).filter((l) => l.startsWith('| '));
  const cols = table[0]!
    .split(' | ')
    .slice(1)
    .map((c) => c.replace(/ \|$/, ''));
  const out = new Map<string, Map<string, string>>();
  for (const l of table.slice(2)) {
    const cells = l.slice(2, -2).split(' | ');
    out.set(cells[0]!, new Map(cols.map((c, i) => [c, cells[i + 1] ?? ''])));
  }
  return out;
}

describe('network matrix of deploy/README.md', () => {
  it('shows every declared flow of a rendered caller with its port', () => {
    const m = parse(networkMatrix(plan, manifest));
    const rendered = plan.flows.filter((f) => m.has(`${f.from.namespace}/${f.from.service}`));
    expect(rendered.length).toBeGreaterThan(5);
    for (const f of rendered) {
      const cell =
        m.get(`${f.from.namespace}/${f.from.service}`)!.get(`${f.to.namespace}/${f.to.service}`) ?? '';
      expect(cell.split(', '), `${f.from.service} -> ${f.to.service}`).toContain(String(f.to.port));
    }
  });

  it('drops a flow when the callee no longer admits it', () => {
    const flow = plan.flows.find((f) => f.from.service === 'open-webui' && f.to.service === 'litellm')!;
    const without = manifest.filter(
      (e) => !(e.object.kind === 'NetworkPolicy' && e.object.metadata.name === 'litellm-ingress'),
    );
    expect(without.length).toBe(manifest.length - 1);
    const m = parse(networkMatrix(plan, without));
    expect(m.get(`${flow.from.namespace}/open-webui`)?.get(`${flow.to.namespace}/litellm`) ?? '').toBe('');
  });
});

describe('network model of deploy/README.md', () => {
  it("names every default-deny namespace, the reason of each open one, and each chart's webhook ports", () => {
    const text = networkModel(plan).join('\n');
    for (const ns of plan.namespaces.filter((n) => n !== 'kube-system')) expect(text).toContain(ns);
    expect(text).toContain(`in ${plan.namespaces.length - 1} of ${plan.namespaces.length} namespaces`);
    expect(text).toContain('kube-system has none on purpose: k3s owns it');
    const certManager = networkModel(plan).find((l) => l.startsWith('| cert-manager |'))!;
    const hooks = plan.services.find((s) => s.name === 'cert-manager')!.def.network!.fromApiServer!;
    expect(certManager.split(' | ')[2]).toBe(hooks.map((h) => h.port).join(', '));
  });

  it('shows the calls a chart declares on its Application as a row of the matrix', () => {
    const m = parse(networkMatrix(plan, manifest));
    expect(m.get('backup/velero')?.get('backup/minio')).toBe('9000');
    expect(m.get('kube-system/traefik')?.get('ai/open-webui')).toBe('8080');
  });
});
