import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/k8s/object.ts';
import {
  matchesNode,
  requirementMatches,
  tolerates,
  untoleratedTaint,
} from '../../../src/semantics/scheduler/filters.ts';

const node = (name: string, labels: Record<string, string>, taints: object[] = []): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels },
  spec: { taints },
});
const gpu = node('akula-prime', { 'kubernetes.io/arch': 'amd64', 'nvidia.com/gpu.count': '1' }, [
  { key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' },
]);
const affinity = (...terms: object[]) => ({
  affinity: {
    nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } },
  },
});

describe('node affinity operators', () => {
  it.each([
    [{ operator: 'In', values: ['a', 'b'] }, 'b', true],
    [{ operator: 'In', values: ['a'] }, undefined, false],
    [{ operator: 'NotIn', values: ['a'] }, 'b', true],
    [{ operator: 'NotIn', values: ['a'] }, undefined, true],
    [{ operator: 'NotIn', values: ['a'] }, 'a', false],
    [{ operator: 'Exists' }, '', true],
    [{ operator: 'Exists' }, undefined, false],
    [{ operator: 'DoesNotExist' }, undefined, true],
    [{ operator: 'DoesNotExist' }, 'x', false],
    [{ operator: 'Gt', values: ['1'] }, '2', true],
    [{ operator: 'Gt', values: ['2'] }, '2', false],
    [{ operator: 'Lt', values: ['3'] }, '2', true],
    [{ operator: 'Lt', values: ['3'] }, 'abc', false],
    [{ operator: 'Bogus', values: ['a'] }, 'a', false],
  ])('%j against %j is %s', (req, value, want) => {
    expect(requirementMatches(req, value)).toBe(want);
  });

  it('ORs terms, ANDs expressions within a term, and matches fields on metadata.name', () => {
    const arm = { matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }] };
    const amdGpu = {
      matchExpressions: [
        { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
        { key: 'nvidia.com/gpu.count', operator: 'Gt', values: ['0'] },
      ],
    };
    expect(matchesNode(affinity(arm), gpu)).toBe(false);
    expect(matchesNode(affinity(arm, amdGpu), gpu)).toBe(true);
    expect(
      matchesNode(
        affinity({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['akula-prime'] }] }),
        gpu,
      ),
    ).toBe(true);
    expect(
      matchesNode(
        affinity({ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['akula-prime'] }] }),
        gpu,
      ),
    ).toBe(false);
    expect(matchesNode(affinity(), gpu)).toBe(false);
  });

  it('requires every nodeSelector label as well as the affinity', () => {
    expect(matchesNode({ nodeSelector: { 'kubernetes.io/arch': 'amd64' } }, gpu)).toBe(true);
    expect(matchesNode({ nodeSelector: { 'kubernetes.io/arch': 'arm64' } }, gpu)).toBe(false);
  });
});

describe('taints and tolerations', () => {
  const taint = { key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' };
  it('matches tolerations by key, value, operator and effect', () => {
    expect(tolerates({ key: 'nvidia.com/gpu', operator: 'Exists' }, taint)).toBe(true);
    expect(tolerates({ operator: 'Exists' }, taint)).toBe(true);
    expect(tolerates({ key: 'nvidia.com/gpu', value: 'true' }, taint)).toBe(true);
    expect(tolerates({ key: 'nvidia.com/gpu', value: 'false' }, taint)).toBe(false);
    expect(tolerates({ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoExecute' }, taint)).toBe(false);
  });

  it('ignores PreferNoSchedule taints', () => {
    const soft = node('n', {}, [{ key: 'dedicated', value: 'ci', effect: 'PreferNoSchedule' }]);
    expect(untoleratedTaint({}, soft)).toBeUndefined();
    expect(untoleratedTaint({}, gpu)).toEqual(taint);
  });
});
