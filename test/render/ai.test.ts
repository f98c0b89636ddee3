import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { KubeObject } from '../../src/k8s/object.ts';
import { built, objectsOf } from './system-helpers.ts';

type Container = {
  name: string;
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } }[];
};
type PodSpec = {
  runtimeClassName?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: { key: string; effect?: string }[];
  containers: (Container & { resources: { limits: Record<string, string> } })[];
  initContainers?: Container[];
};

function podSpec(o: KubeObject): PodSpec {
  return (o.spec as { template: { spec: PodSpec } }).template.spec;
}

function envOf(c: Container): Record<string, string> {
  return Object.fromEntries(
    (c.env ?? []).map((e) => [
      e.name,
      e.value ?? `secret:${e.valueFrom!.secretKeyRef.name}/${e.valueFrom!.secretKeyRef.key}`,
    ]),
  );
}

function workloadOf(manifest: Awaited<ReturnType<typeof built>>['manifest'], service: string): KubeObject {
  const w = objectsOf(manifest, service).find((o) =>
    ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind),
  );
  if (!w) throw new Error(`no workload for ${service}`);
  return w;
}

describe.each(['platform.yaml', 'examples/dual-gpu.yaml'])('the AI services of %s', (file) => {
  it('places every GPU workload with the runtime class, tolerations and slices the plan decided', async () => {
    const { plan, manifest } = await built(file);
    const gpuServices = plan.services.filter((s) => s.placement.gpuSlices > 0);
    expect(gpuServices.length).toBeGreaterThan(0);
    for (const s of gpuServices) {
      const spec = podSpec(workloadOf(manifest, s.name));
      expect(spec.runtimeClassName, s.name).toBe('nvidia');
      expect(spec.nodeSelector, s.name).toEqual(s.placement.nodeSelector);
      expect(spec.tolerations ?? [], s.name).toEqual(s.placement.tolerations);
      expect(spec.containers[0]!.resources.limits['nvidia.com/gpu'], s.name).toBe(
        String(s.placement.gpuSlices),
      );
    }
  });

  it('renders LiteLLM with one deployment per placement of every model, and fallbacks only to served models', async () => {
    const { plan, manifest } = await built(file);
    const cm = objectsOf(manifest, 'litellm', 'ConfigMap').find((o) => o.metadata.name === 'litellm-config')!;
    const config = parse((cm.data as Record<string, string>)['config.yaml']!) as {
      model_list: { model_name: string; litellm_params: { api_base: string; model: string } }[];
      router_settings: { fallbacks: Record<string, string[]>[] };
      general_settings: Record<string, string>;
    };
    const expected = plan.models.flatMap((m) => m.instances.map((i) => `${m.alias}@${i}`)).sort();
    const listed = config.model_list
      .map((d) => {
        const instance = plan.services.find((s) => d.litellm_params.api_base === s.urls.http)?.name;
        return `${d.model_name}@${instance}`;
      })
      .sort();
    expect(listed).toEqual(expected);
    const served = new Set(config.model_list.map((d) => d.model_name));
    for (const f of config.router_settings.fallbacks)
      for (const [from, to] of Object.entries(f)) {
        expect(served.has(from)).toBe(true);
        for (const t of to) expect(served.has(t), `${from} -> ${t}`).toBe(true);
      }
    // Secrets only by reference: the master key and database URL come from the environment.
    expect(config.general_settings.master_key).toMatch(/^os\.environ\//);
    expect(config.general_settings.database_url).toMatch(/^os\.environ\//);
  });

  it('wires Open WebUI to the planned LiteLLM, Qdrant, SearXNG and the Keycloak client of its realm', async () => {
    const { plan, manifest } = await built(file);
    const spec = podSpec(workloadOf(manifest, 'open-webui'));
    const env = envOf(spec.containers[0]!);
    const url = (name: string) => plan.services.find((s) => s.name === name)!.urls.http;
    expect(env.OPENAI_API_BASE_URL).toBe(`${url('litellm')}/v1`);
    expect(env.QDRANT_URI).toBe(url('qdrant'));
    expect(env.SEARXNG_QUERY_URL?.startsWith(url('searxng')!)).toBe(true);
    const client = plan.ssoClients.find((c) => c.service === 'open-webui')!;
    expect(env.OAUTH_CLIENT_SECRET).toBe(`secret:${client.secret.name}/${client.secret.key}`);
    expect(env.OPENID_REDIRECT_URI).toBe(client.redirectUris[0]);
    expect(env.OPENID_PROVIDER_URL).toContain(`/realms/${plan.config.sso.realm}/`);
    // Keycloak is verified against the platform CA: the bundle is built by an init container and used.
    expect(env.SSL_CERT_FILE).toBeDefined();
    expect(spec.initContainers?.map((c) => c.name)).toEqual(['ca-bundle']);
  });

  it('gives LiteLLM and n8n their own CloudNativePG database in their namespace', async () => {
    const { plan, manifest } = await built(file);
    for (const name of ['litellm', 'n8n']) {
      const svc = plan.services.find((s) => s.name === name)!;
      const cluster = objectsOf(manifest, name, 'Cluster')[0]!;
      expect(cluster.metadata.namespace).toBe(svc.namespace);
      expect(cluster.metadata.name).toBe(svc.database!.cluster);
    }
    const n8n = envOf(podSpec(workloadOf(manifest, 'n8n')).containers[0]!);
    expect(n8n.DB_POSTGRESDB_HOST).toBe(
      `n8n-db-rw.${plan.services.find((s) => s.name === 'n8n')!.namespace}.svc.cluster.local`,
    );
    expect(n8n.N8N_WEBHOOK_URL).toBe(`${plan.hosts.find((h) => h.service === 'n8n')!.url}/`);
  });

  it('pulls exactly the models placed on each Ollama instance', async () => {
    const { plan, manifest } = await built(file);
    for (const instance of ['ollama-gpu', 'ollama-cpu']) {
      if (!plan.services.some((s) => s.name === instance)) continue;
      const job = objectsOf(manifest, instance, 'Job')[0];
      const placed = plan.models.filter((m) => m.instances.includes(instance)).map((m) => m.model.name);
      if (!placed.length) {
        expect(job).toBeUndefined();
        continue;
      }
      const script = (job!.spec as { template: { spec: { containers: { command: string[] }[] } } }).template
        .spec.containers[0]!.command[2]!;
      expect([...script.matchAll(/ollama pull (\S+)/g)].map((m) => m[1]).sort()).toEqual([...placed].sort());
    }
  });
});
