import { describe, expect, it } from 'vitest';
import { planData, planJson, planText } from '../../src/cli/plan-view.ts';
import { parseConfig } from '../../src/config/load.ts';
import type { Plan, PlannedService } from '../../src/plan/types.ts';
import type { ServiceDef } from '../../src/services/types.ts';
import { fakeRegistry, fakeService } from '../config/fake-registry.ts';

const CONFIG = `apiVersion: shai.dev/v1alpha1
kind: Platform
cluster:
  name: lab
  k3sVersion: v1.33.5+k3s1
  nodes:
    - { name: box, roles: [control-plane, worker], cpu: 8, memory: 32Gi }
    - name: gpu1
      roles: [worker, gpu]
      cpu: 8
      memory: 32Gi
      gpus:
        - { model: RTX 4090, vramGiB: 24, count: 2, sharing: { strategy: time-slicing, replicas: 3 } }
        - { model: RTX 3060, vramGiB: 12 }
domain: lab.example
gitops: { repoURL: https://git.example/lab.git }
`;

/** A planned service with the fields the view reads; the rest comes from the service definition. */
function planned(def: ServiceDef, extra: Partial<PlannedService> = {}): PlannedService {
  return {
    def,
    name: def.name,
    layer: def.layer,
    namespace: def.namespace,
    wave: def.wave,
    replicas: 1,
    resources: def.resources,
    image: def.images.main!,
    placement: { nodeSelector: {}, tolerations: [], gpuSlices: 0, nodes: ['box'] },
    hosts: [],
    urls: {},
    secrets: [],
    storage: [],
    backup: { kind: 'none', reason: 'not read by the view' },
    needs: [],
    configPath: `services.${def.name}`,
    implied: false,
    ...extra,
  };
}

function host(service: string, sub: string, auth: 'oidc' | 'forward-auth' | 'public') {
  return {
    service,
    host: `${sub}.lab.example`,
    url: `https://${sub}.lab.example`,
    port: 'http',
    auth,
    kind: 'ui' as const,
  };
}

function samplePlan(): Plan {
  const config = parseConfig(CONFIG, 'platform.yaml', fakeRegistry);
  const grafana = host('kube-prometheus-stack', 'grafana', 'oidc');
  const prometheus = host('kube-prometheus-stack', 'prometheus', 'forward-auth');
  const services = [
    planned(fakeService('namespaces', { layer: 'system', namespace: 'kube-system', wave: -10 })),
    planned(fakeService('kube-prometheus-stack', { layer: 'ops', namespace: 'monitoring', wave: -1 }), {
      hosts: [grafana, prometheus],
      implied: true,
    }),
    planned(fakeService('comfyui', { namespace: 'gpu', wave: 2 }), {
      replicas: 2,
      placement: { nodeSelector: {}, tolerations: [], gpuSlices: 1, nodes: ['gpu1'] },
      hosts: [host('comfyui', 'comfy', 'forward-auth')],
    }),
  ];
  return {
    config,
    services,
    namespaces: ['gpu', 'kube-system', 'monitoring'],
    hosts: [grafana, prometheus, services[2]!.hosts[0]!],
    secrets: [],
    ssoClients: [],
    toolServers: [],
    flows: [],
    models: [],
    warnings: [
      {
        message: 'comfyui shares a GPU by time-slicing: VRAM is not isolated',
        configPath: 'services.comfyui',
      },
    ],
  };
}

describe('shai plan text', () => {
  const text = planText(samplePlan(), 'platform.yaml');

  it('prints a table of services with layer, namespace, wave, hosts, auth and GPU', () => {
    expect(text.split('\n').slice(0, 7)).toEqual([
      'shai plan: platform.yaml · cluster lab (k3s v1.33.5+k3s1, 2 nodes) · domain lab.example',
      '',
      'SERVICE                LAYER   NAMESPACE    WAVE  HOST                    AUTH          GPU',
      'namespaces             system  kube-system   -10  -                       -             -',
      'kube-prometheus-stack  ops     monitoring     -1  grafana.lab.example     oidc          -',
      '                                                  prometheus.lab.example  forward-auth',
      'comfyui                ai      gpu             2  comfy.lab.example       forward-auth  2 slices',
    ]);
  });

  it('totals the inventories, counting GPU slices per time-slicing replica', () => {
    // 2 × RTX 4090 with 3 replicas each + 1 unshared RTX 3060 = 7; comfyui uses 1 slice × 2 replicas.
    expect(text).toContain(
      [
        'Totals',
        '  services     3 (1 enabled because another service needs them)',
        '  namespaces   3',
        '  hosts        3',
        '  secrets      0',
        '  SSO clients  0',
        '  MCP servers  0',
        '  flows        0',
        '  models       0',
        '  GPU slices   2 used of 7 available',
      ].join('\n'),
    );
  });

  it('ends with the warnings, each with its platform.yaml key', () => {
    expect(
      text.endsWith(
        'Warnings (1)\n  - services.comfyui: comfyui shares a GPU by time-slicing: VRAM is not isolated\n',
      ),
    ).toBe(true);
    expect(planText({ ...samplePlan(), warnings: [] }, 'p.yaml').endsWith('\nNo warnings.\n')).toBe(true);
  });
});

describe('shai plan json', () => {
  it('is the plan as data without the build functions', () => {
    const plan = samplePlan();
    const data = JSON.parse(planJson(plan));
    expect(data.services[2].def).not.toHaveProperty('build');
    expect(data.services[2].def.name).toBe('comfyui');
    expect(data.config.cluster.name).toBe('lab');
    expect(data.warnings).toEqual(plan.warnings);
    expect(Object.keys(data)).toEqual(Object.keys(plan));
    // The plan itself keeps its functions: the view copies, it does not strip in place.
    expect(typeof plan.services[0]!.def.build).toBe('function');
    expect(planData(plan)).toEqual(data);
  });
});
