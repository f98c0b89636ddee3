import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/engine.ts';
import { containerLimits, effectiveResources } from '../../src/semantics/quota.ts';
import { namespaceQuotaFits } from '../../src/check/rules/namespace-quota-fits.ts';
import { parseObjects } from '../../src/check/read.ts';
import { loadFixture } from '../check/load.ts';

const DIR = join(import.meta.dirname, '../fixtures/check/namespace-quota-fits');
const messages = (file: string) =>
  runCheck({ objects: loadFixture(join(DIR, file), file) }, [namespaceQuotaFits])
    .findings.filter((f) => f.status === 'fail')
    .map((f) => f.message);

describe('namespace-quota-fits messages', () => {
  it('names the resource, the total, the quota, the namespace and the largest parts', () => {
    expect(messages('statefulset-claims-exceed-storage-quota-fails.yaml')).toEqual([
      'requests.storage 600Gi exceeds quota 500Gi in namespace ai (largest: StatefulSet qdrant ×3 claim storage 600Gi)',
    ]);
    expect(messages('limitrange-defaults-exceed-quota-fails.yaml')).toEqual([
      'requests.memory 1.5Gi exceeds quota 1Gi in namespace ai (largest: Deployment searxng ×3 1.5Gi)',
    ]);
    expect(messages('limit-over-limitrange-max-fails.yaml')).toEqual([
      'container "prometheus" limits.memory 4Gi exceeds LimitRange monitoring/limits max 2Gi',
    ]);
  });
});

describe('effectiveResources', () => {
  const [lr] = parseObjects(
    'apiVersion: v1\nkind: LimitRange\nmetadata: {name: l, namespace: a}\nspec: {limits: [{type: Container, default: {cpu: "1", memory: 1Gi}, defaultRequest: {cpu: 100m}}]}',
    'l.yaml',
  );
  const limits = containerLimits([lr!]);
  it('fills limits from default and requests from defaultRequest, else from the limit', () => {
    expect(effectiveResources({}, limits)).toEqual({
      requests: { cpu: 0.1, memory: 2 ** 30 },
      limits: { cpu: 1, memory: 2 ** 30 },
    });
  });
  it('keeps an explicit limit as the request when none is given', () => {
    expect(effectiveResources({ resources: { limits: { cpu: '2' } } }, limits).requests.cpu).toBe(2);
    expect(effectiveResources({ resources: { requests: { cpu: '250m' } } }, limits).requests.cpu).toBe(0.25);
  });
});
