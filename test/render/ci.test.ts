import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../src/config/load.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { loadSchemas, validateObject } from '../../src/k8s/validate.ts';
import { placeService } from '../../src/plan/placement.ts';
import { plan } from '../../src/plan/plan.ts';
import type { Plan } from '../../src/plan/types.ts';
import { planned } from '../../src/build/refs.ts';
import { ARC_CONTROLLER_SERVICE_ACCOUNT } from '../../src/services/arc-controller.ts';
import { registry } from '../../src/services/registry.ts';
import type { BuildOutput } from '../../src/services/types.ts';

const root = resolve(import.meta.dirname, '../..');
const CI = ['arc-controller', 'arc-runners', 'gitlab'];

async function planOf(file: string, edit?: (t: string) => string): Promise<Plan> {
  const path = resolve(root, file);
  if (edit === undefined) return plan(await loadConfig(path, registry), registry);
  return plan(parseConfig(edit(await readFile(path, 'utf8')), path, registry), registry);
}

function build(p: Plan, name: string): BuildOutput {
  const self = planned(p, name);
  return self.def.build({ plan: p, self });
}

type Values = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every scale set of arc-runners: the service's chart plus the extra Applications, by set name. */
function scaleSets(p: Plan): Map<string, Values> {
  const out = build(p, 'arc-runners');
  const sets = new Map<string, Values>();
  const main = out.chart!.values as Values;
  sets.set(String(main.runnerScaleSetName), main);
  for (const app of out.objects) {
    const values = (app.spec as Values).source.helm.valuesObject as Values;
    sets.set(String(values.runnerScaleSetName), values);
  }
  return sets;
}

async function invalid(objects: KubeObject[]): Promise<string[]> {
  await loadSchemas(objects);
  return objects.flatMap((o) =>
    validateObject(o).map((i) => `${o.kind}/${o.metadata.name} ${i.jsonPath}: ${i.message}`),
  );
}

describe('ci services', () => {
  it('the controller chart names the ServiceAccount the runner sets reference, in the planned namespace', async () => {
    const p = await planOf('platform.yaml');
    const values = build(p, 'arc-controller').chart!.values as Values;
    expect(values.serviceAccount.name).toBe(ARC_CONTROLLER_SERVICE_ACCOUNT);
    for (const set of scaleSets(p).values()) {
      expect(set.controllerServiceAccount).toEqual({
        namespace: planned(p, 'arc-controller').namespace,
        name: values.serviceAccount.name,
      });
    }
  });

  it('the default platform has amd64 and gpu sets; the gpu set is placed like a GPU workload of the plan', async () => {
    const p = await planOf('platform.yaml');
    const sets = scaleSets(p);
    expect([...sets.keys()].sort()).toEqual(['homelab-amd64', 'homelab-gpu']);
    const gpu = sets.get('homelab-gpu')!.template.spec;
    const self = planned(p, 'arc-runners');
    const expected = placeService(
      { ...self.def, gpu: { mode: 'required', slices: 1, vramGiB: 0 } },
      p.config,
    );
    expect(gpu.runtimeClassName).toBe('nvidia');
    expect(gpu.tolerations).toEqual(expected.tolerations);
    expect(gpu.tolerations.length).toBeGreaterThan(0);
    expect(gpu.containers[0].resources.limits['nvidia.com/gpu']).toBe(String(expected.gpuSlices));
    // the amd64 set keeps off the GPU-only workstation
    const amd = sets.get('homelab-amd64')!.template.spec;
    expect(
      amd.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]
        .matchExpressions,
    ).toEqual(self.placement.nodeAffinity);
    expect(amd.runtimeClassName).toBeUndefined();
  });

  it('an arm64 set exists only with an arm64 node, native and never privileged', async () => {
    const p = await planOf('examples/edge-arm64.yaml');
    const arm = [...scaleSets(p).entries()].find(([n]) => n.endsWith('-arm64'));
    expect(arm).toBeDefined();
    expect(arm![1].template.spec.nodeSelector['kubernetes.io/arch']).toBe('arm64');
    for (const file of ['platform.yaml', 'examples/edge-arm64.yaml', 'examples/dual-gpu.yaml']) {
      for (const set of scaleSets(await planOf(file)).values()) {
        const spec = set.template.spec;
        expect(spec.initContainers).toBeUndefined(); // no qemu/binfmt registration
        expect(spec.securityContext.runAsNonRoot).toBe(true);
        for (const c of spec.containers) {
          expect(c.securityContext.privileged).toBe(false);
          expect(c.securityContext.allowPrivilegeEscalation).toBe(false);
          expect(c.image).not.toMatch(/:latest$/);
        }
        expect(set.githubConfigSecret).toBe('github-app');
        // the listener runs in the controller's namespace, whose Pod Security profile is restricted
        expect(planned(await planOf(file), 'arc-controller').def.podSecurity.level).toBe('restricted');
        expect(set.listenerTemplate.spec.securityContext.runAsNonRoot).toBe(true);
        expect(set.listenerTemplate.spec.containers[0].securityContext.capabilities.drop).toEqual(['ALL']);
      }
    }
  });

  it('extra scale set Applications are valid Applications in the argocd namespace with the service wave', async () => {
    const p = await planOf('examples/edge-arm64.yaml');
    const apps = build(p, 'arc-runners').objects;
    expect(apps.length).toBeGreaterThan(0);
    for (const a of apps) {
      expect(a.kind).toBe('Application');
      expect(a.metadata.namespace).toBe('argocd');
      expect(a.metadata.annotations!['argocd.argoproj.io/sync-wave']).toBe(
        String(planned(p, 'arc-runners').wave),
      );
      expect((a.spec as Values).destination.namespace).toBe(planned(p, 'arc-runners').namespace);
    }
    expect(await invalid(apps)).toEqual([]);
  });

  it('gitlab renders when enabled: CNPG database, Valkey and Keycloak OIDC from the plan', async () => {
    const p = await planOf('platform.yaml', (t) =>
      t.replace(/gitlab: \{ enabled: false \}/, 'gitlab: { enabled: true }'),
    );
    expect(CI.every((n) => p.services.some((s) => s.name === n))).toBe(true);
    const out = build(p, 'gitlab');
    const g = (out.chart!.values as Values).global;
    const self = planned(p, 'gitlab');
    expect(g.psql.host).toBe(`${self.database!.cluster}-rw.${self.namespace}.svc.cluster.local`);
    expect(g.redis.host).toBe(`valkey.${planned(p, 'valkey').namespace}.svc.cluster.local`);
    expect(g.appConfig.omniauth.providers).toEqual([{ secret: 'gitlab-omniauth', key: 'provider' }]);
    const provider = self.secrets.find((s) => s.name === 'gitlab-omniauth')!.keys.provider!;
    const client = p.ssoClients.find((c) => c.service === 'gitlab')!;
    expect(provider.kind === 'composed' && provider.template).toContain(
      `\${${client.secret.name}/${client.secret.key}}`,
    );
    const kinds = out.objects.map((o) => o.kind).sort();
    expect(kinds).toEqual(['Cluster', 'IngressRoute']);
    const route = out.objects.find((o) => o.kind === 'IngressRoute')!;
    expect(JSON.stringify(route.spec)).toContain('gitlab-webservice-default');
    expect(await invalid(out.objects)).toEqual([]);
  });

  it('gitlab is off by default', async () => {
    const p = await planOf('platform.yaml');
    expect(p.services.some((s) => s.name === 'gitlab')).toBe(false);
  });
});
