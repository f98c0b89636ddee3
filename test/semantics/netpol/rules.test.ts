import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/check/engine.ts';
import { CALLS_ANNOTATION } from '../../../src/k8s/annotations.ts';
import { parseCalls, podsOf } from '../../../src/semantics/netpol/index.ts';
import { namespaceDefaultDeny } from '../../../src/check/rules/namespace-default-deny.ts';
import { loadConfig } from '../../../src/config/load.ts';
import type { Manifest } from '../../../src/k8s/object.ts';
import { plan as makePlan } from '../../../src/plan/plan.ts';
import type { Plan } from '../../../src/plan/types.ts';
import { buildManifest } from '../../../src/render/tree.ts';
import { registry } from '../../../src/services/registry.ts';
import { loadFixture } from '../../check/load.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/check/namespace-default-deny');

describe('namespace-default-deny', () => {
  it('reports a namespace that only hosts upstream charts without default deny as an error', () => {
    const objects = loadFixture(join(FIXTURES, 'chart-namespace-open-fails.yaml'));
    const fails = runCheck({ objects }, [namespaceDefaultDeny]).findings.filter((f) => f.status === 'fail');
    expect(fails.map((f) => [f.severity, f.message.includes('upstream chart(s) loki')])).toEqual([
      ['error', true],
    ]);
  });

  it('judges a Namespace object even when nothing in the tree runs there', () => {
    const objects = loadFixture(join(FIXTURES, 'empty-namespace-open-fails.yaml'));
    const fails = runCheck({ objects }, [namespaceDefaultDeny]).findings.filter((f) => f.status === 'fail');
    expect(fails.map((f) => f.message)).toEqual([
      'namespace data is a namespace of the platform but has no default-deny NetworkPolicy for ingress and egress',
    ]);
  });

  it('does not judge kube-system and says why, as an info-level skip', () => {
    const objects = loadFixture(join(FIXTURES, 'kube-system-open-passes.yaml'));
    const findings = runCheck({ objects }, [namespaceDefaultDeny]).findings;
    expect(findings.map((f) => [f.status, f.severity, f.message.includes('k3s owns it')])).toEqual([
      ['skipped', 'info', true],
    ]);
  });

  it('reports a platform namespace without default deny as an error', () => {
    const objects = loadFixture(join(FIXTURES, 'namespace-without-default-deny-fails.yaml'));
    const fails = runCheck({ objects }, [namespaceDefaultDeny]).findings.filter((f) => f.status === 'fail');
    expect(fails.map((f) => f.severity)).toEqual(['error']);
  });
});

describe('shai.dev/calls written by render', () => {
  let plan: Plan;
  let manifest: Manifest;
  beforeAll(async () => {
    plan = makePlan(
      await loadConfig(join(import.meta.dirname, '../../../platform.yaml'), registry),
      registry,
    );
    manifest = buildManifest(plan).manifest;
  });

  it('lists on every pod template of a caller exactly the plan flows of its service, hand-built Jobs included', () => {
    const pods = podsOf(manifest.map((e) => ({ object: e.object, service: e.service })));
    expect(pods.length).toBeGreaterThan(0);
    for (const p of pods) {
      const service = p.source!.service!;
      const expected = plan.flows
        .filter((f) => f.from.service === service)
        .map((f) => `${f.to.namespace}/${f.to.service}:${f.to.port}`);
      const got = parseCalls(p.annotations?.[CALLS_ANNOTATION]);
      expect(got.invalid).toEqual([]);
      expect(got.calls.map((c) => `${c.namespace}/${c.service}:${c.port}`).sort(), p.id).toEqual(
        [...new Set(expected)].sort(),
      );
    }
    expect(pods.some((p) => p.source!.object.kind === 'Job' && p.annotations?.[CALLS_ANNOTATION])).toBe(true);
  });
});
