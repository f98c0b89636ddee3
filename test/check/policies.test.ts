import { beforeAll, describe, expect, it } from 'vitest';
import { loadSchemas, validateObject } from '../../src/k8s/validate.ts';
import { ADMISSION_RULES, AUTOGEN_ANNOTATION, kyvernoClusterPolicies } from '../../src/check/policies.ts';
import { probesPresent } from '../../src/check/rules/probes-present.ts';
import { RULES } from '../../src/check/registry.ts';
import { WORKLOAD_EXCEPTIONS } from '../../src/semantics/system-workloads.ts';
import { runCheck } from '../../src/check/engine.ts';
import type { SourcedObject } from '../../src/check/types.ts';
import type { Yaml } from '../../src/semantics/pods.ts';

beforeAll(() => loadSchemas());

describe('Kyverno policies of the admission rules', () => {
  const policies = kyvernoClusterPolicies();

  it('validate strictly against the vendored Kyverno ClusterPolicy CRD schema', () => {
    for (const p of policies) expect(validateObject(p), p.metadata.name).toEqual([]);
    const typo = { ...policies[0]!, spec: { ...(policies[0]!.spec as object), backgroud: true } };
    expect(validateObject(typo).map((i) => i.jsonPath)).toEqual(['.spec.backgroud']);
  });

  it('name one registry rule each, as policy shai-<id> with one rule <id>', () => {
    const ids = new Set(RULES.map((r) => r.id));
    for (const a of ADMISSION_RULES) expect(ids.has(a.id), a.id).toBe(true);
    expect(policies.map((p) => p.metadata.name)).toEqual(ADMISSION_RULES.map((a) => `shai-${a.id}`));
    for (const p of policies) {
      const rules = (p.spec as Yaml).rules;
      expect(rules).toHaveLength(1);
      expect(`shai-${rules[0].name}`).toBe(p.metadata.name);
    }
  });

  it('audit the warning-level rules and enforce the error-level ones', () => {
    for (const p of policies) {
      const rule = (p.spec as Yaml).rules[0];
      const severity = RULES.find((r) => r.id === rule.name)?.severity;
      expect(rule.validate.failureAction, rule.name).toBe(severity === 'warning' ? 'Audit' : 'Enforce');
    }
  });

  it('exclude no namespace, and the offline rule excepts exactly the workloads the PolicyExceptions name', () => {
    // A pod breaking every admission rule, as Longhorn's instance manager (excepted from the host rules by name)
    // and under another name in the same namespace (excepted from nothing).
    const pod = (name: string): SourcedObject => ({
      object: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: 'longhorn-system' },
        spec: {
          hostNetwork: true,
          containers: [
            { name: 'agent', image: 'agent', securityContext: { privileged: true, runAsUser: 0 } },
          ],
          volumes: [{ name: 'root', hostPath: { path: '/' } }],
        },
      },
    });
    const instanceManager = WORKLOAD_EXCEPTIONS.find((e) => e.name === 'instance-manager-*')!;
    for (const p of policies) {
      const rule = (p.spec as Yaml).rules[0];
      expect(rule.exclude, rule.name).toBeUndefined();
      const offline = RULES.find((r) => r.id === rule.name)!;
      const statuses = (name: string) =>
        runCheck({ objects: [pod(name)] }, [offline]).findings.map((f) => f.status);
      expect(statuses('rogue-agent'), rule.name).toContain('fail');
      const excepted = instanceManager.rules.includes(rule.name);
      expect(statuses('instance-manager-0a1b2c').includes('fail'), rule.name).toBe(!excepted);
    }
  });

  it('extend probes-present by autogen to the long-running controllers only, and leave out the pods of Jobs', () => {
    const byName = (n: string) => policies.find((p) => p.metadata.name === n)!;
    const probes = byName('shai-probes-present');
    expect(probes.metadata.annotations?.[AUTOGEN_ANNOTATION]?.split(',').sort()).toEqual(
      probesPresent.targets.filter((k) => k !== 'Pod').sort(),
    );
    expect(JSON.stringify((probes.spec as Yaml).rules[0].preconditions)).toContain("kind == 'Job'");
    // Every other rule judges Jobs and CronJobs too: Kyverno's default autogen (all pod controllers).
    for (const p of policies.filter((x) => x !== probes))
      expect(p.metadata.annotations?.[AUTOGEN_ANNOTATION], p.metadata.name).toBeUndefined();
  });
});
