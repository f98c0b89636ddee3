import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/check/engine.ts';
import { CALLS_ANNOTATION } from '../../../src/k8s/annotations.ts';
import {
  allowed,
  calleePods,
  defaultDeny,
  NAME_LABEL,
  worldOf,
} from '../../../src/semantics/netpol/index.ts';
import { namespaceDefaultDeny } from '../../../src/check/rules/namespace-default-deny.ts';
import { networkFlows } from '../../../src/check/rules/network-flows.ts';
import type { SourcedObject } from '../../../src/check/types.ts';
import { loadConfig } from '../../../src/config/load.ts';
import { plan as makePlan } from '../../../src/plan/plan.ts';
import type { Plan } from '../../../src/plan/types.ts';
import { defaultDenyNamespaces } from '../../../src/render/network.ts';
import { buildManifest } from '../../../src/render/tree.ts';
import { registry } from '../../../src/services/registry.ts';

let plan: Plan;
let objects: SourcedObject[];

// The default platform, built in memory as `shai check` builds it.
beforeAll(async () => {
  plan = makePlan(await loadConfig(join(import.meta.dirname, '../../../platform.yaml'), registry), registry);
  const sealed = new Set(plan.secrets.map((s) => s.service));
  objects = buildManifest(plan, sealed).manifest.map((e) => ({
    object: e.object,
    file: e.path,
    service: e.service,
  }));
});

describe('network policies of the default platform, as the netpol module reads them', () => {
  it('deny ingress and egress by default in every namespace of the plan but kube-system', () => {
    const world = worldOf(objects);
    expect(defaultDenyNamespaces(plan)).toEqual(plan.namespaces.filter((ns) => ns !== 'kube-system'));
    for (const ns of plan.namespaces.filter((n) => n !== 'kube-system'))
      expect(defaultDeny(world, ns), ns).toEqual({ ingress: true, egress: true });
  });

  it('leave kube-system open, and namespace-default-deny says why instead of warning', () => {
    const world = worldOf(objects);
    expect(defaultDeny(world, 'kube-system')).toEqual({ ingress: false, egress: false });
    const findings = runCheck({ objects }, [namespaceDefaultDeny]).findings;
    expect(findings.filter((f) => f.status === 'fail')).toEqual([]);
    const open = findings.filter((f) => f.status === 'skipped');
    expect(
      open.map((f) => [
        f.severity,
        f.message.startsWith('namespace kube-system is left without default deny on purpose: k3s owns it'),
      ]),
    ).toEqual([['info', true]]);
  });

  it('open every declared flow of the plan from every pod of the caller', () => {
    const world = worldOf(objects);
    const guarded = new Set(defaultDenyNamespaces(plan));
    let checked = 0;
    for (const f of plan.flows) {
      const callers = world.pods.filter(
        (p) => p.namespace === f.from.namespace && p.labels[NAME_LABEL] === f.from.service,
      );
      for (const from of callers)
        for (const to of calleePods(world, f.to.namespace, f.to.service)) {
          checked += guarded.has(f.from.namespace) || guarded.has(f.to.namespace) ? 1 : 0;
          expect(
            allowed(world, from, to, { port: f.to.port }),
            `${from.id} -> ${to.id}:${f.to.port} (${f.why})`,
          ).toBe(true);
        }
    }
    // The proof is about guarded flows: there must be some, or the test proves nothing.
    expect(checked).toBeGreaterThan(5);
  });

  it('open no undeclared flow between platform services, and network-flows reports none', () => {
    const report = runCheck({ objects }, [networkFlows, namespaceDefaultDeny]);
    const bad = report.findings.filter(
      (f) => f.status === 'error' || (f.status === 'fail' && f.severity === 'error'),
    );
    expect(bad.map((f) => `${f.rule}: ${f.message}`)).toEqual([]);
    // The rule judged real declarations: the platform's pods carry them.
    const declaring = worldOf(objects).pods.filter((p) => p.annotations?.[CALLS_ANNOTATION]);
    expect(declaring.length).toBeGreaterThan(5);
  });

  it('would report a declared flow whose callee ingress policy is missing', () => {
    const flow = plan.flows.find((f) => defaultDenyNamespaces(plan).includes(f.to.namespace))!;
    const name = `${flow.to.service}-ingress`;
    const without = objects.filter(
      (o) =>
        !(
          o.object.kind === 'NetworkPolicy' &&
          o.object.metadata.name === name &&
          o.object.metadata.namespace === flow.to.namespace
        ),
    );
    expect(without.length).toBe(objects.length - 1);
    const fails = runCheck({ objects: without }, [networkFlows]).findings.filter((f) => f.status === 'fail');
    expect(fails.map((f) => f.message)).toContainEqual(
      expect.stringContaining(
        `declared flow to ${flow.to.namespace}/${flow.to.service}:${flow.to.port} is blocked`,
      ),
    );
  });
});
