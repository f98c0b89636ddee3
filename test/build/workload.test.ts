import { describe, expect, it } from 'vitest';
import { workload, type WorkloadSpec } from '../../src/build/workload.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { plan } from '../../src/plan/plan.ts';
import type { ServiceDef } from '../../src/services/types.ts';
import { config, def } from '../plan/helpers.ts';

const volume = (accessMode: 'ReadWriteOnce' | 'ReadWriteMany') => ({
  name: 'data',
  size: '1Gi',
  mountPath: '/data',
  accessMode,
  backup: true,
});

/** workload() of one fake service, planned by the real planner. */
function built(extra: Partial<ServiceDef>, spec: Partial<WorkloadSpec> = {}): KubeObject[] {
  const registry = [def('app', extra)];
  const p = plan(config(registry), registry);
  const self = p.services.find((s) => s.name === 'app')!;
  return workload({ plan: p, self }, { containers: [{}], ...spec });
}

const kinds = (objects: KubeObject[]) => objects.map((o) => o.kind);
const podSpec = (o: KubeObject) => (o.spec as { template: { spec: Record<string, unknown> } }).template.spec;

describe('workload()', () => {
  it('builds the ServiceAccount, the Deployment, its claims and the Service, a ServiceMonitor only with metrics', () => {
    expect(kinds(built({ storage: [volume('ReadWriteMany')] }))).toEqual([
      'ServiceAccount',
      'Deployment',
      'PersistentVolumeClaim',
      'Service',
    ]);
    expect(kinds(built({ ports: [] }))).toEqual(['ServiceAccount', 'Deployment']);
    expect(kinds(built({ metrics: { port: 'http', path: '/metrics' } }))).toContain('ServiceMonitor');
  });

  it('lets a StatefulSet claim its volumes through templates, not PVCs', () => {
    const objects = built({ storage: [volume('ReadWriteOnce')] }, { kind: 'StatefulSet' });
    expect(kinds(objects)).toEqual(['ServiceAccount', 'StatefulSet', 'Service']);
    const set = objects[1]!.spec as Record<string, unknown>;
    expect(set.volumeClaimTemplates).toEqual([
      {
        metadata: { name: 'data' },
        spec: {
          accessModes: ['ReadWriteOnce'],
          storageClassName: expect.any(String),
          resources: { requests: { storage: '1Gi' } },
        },
      },
    ]);
    expect(podSpec(objects[1]!).volumes).toBeUndefined();
  });

  it('recreates a Deployment with a ReadWriteOnce volume instead of rolling it', () => {
    const rwo = built({ storage: [volume('ReadWriteOnce')] })[1]!.spec as Record<string, unknown>;
    const rwx = built({ storage: [volume('ReadWriteMany')] })[1]!.spec as Record<string, unknown>;
    expect(rwo.strategy).toEqual({ type: 'Recreate' });
    expect(rwx.strategy).toBeUndefined();
  });

  it('runs as non-root unless a container says why it needs root, and writes the reason on the pod', () => {
    const rooted = built({}, { containers: [{ runAsRoot: 'the image binds port 80' }] })[1]!;
    const template = (rooted.spec as { template: { metadata: { annotations: Record<string, string> } } })
      .template;
    expect(podSpec(rooted).securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
    expect(Object.values(template.metadata.annotations)).toContain('the image binds port 80');
    expect(podSpec(built({})[1]!).securityContext).toEqual({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });
});
