import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.ts';
import { enabledServices } from '../../src/config/enabled.ts';
import { parseConfig } from '../../src/config/load.ts';
import { configRules } from '../../src/config/rules.ts';
import type { ServiceDef } from '../../src/services/types.ts';
import { PLATFORM_HEAD as head, fakeService } from './fake-registry.ts';

const need = (service: string, optional = false) => ({ service, port: 'http', optional, why: 'test' });

/** a (on) needs b (off by default), b needs c; d is optional for a. */
const chain: ServiceDef[] = [
  fakeService('a', { needs: [need('b'), need('d', true)] }),
  fakeService('b', { defaultEnabled: false, needs: [need('c')] }),
  fakeService('c'),
  fakeService('d', { defaultEnabled: false }),
];

function errors(text: string, registry: readonly ServiceDef[]): string[] {
  try {
    parseConfig(text, 'p.yaml', registry);
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.message.split('\n');
  }
}

describe('enabledServices', () => {
  const load = (services: string) => parseConfig(`${head}${services}`, 'p.yaml', chain);

  it('adds required needs of enabled services, transitively, but not optional ones', () => {
    expect([...enabledServices(load(''), chain)].sort()).toEqual(['a', 'b', 'c']);
  });

  it('leaves out a service switched off and whatever only it needed', () => {
    expect([...enabledServices(load('services:\n  a: { enabled: false }\n'), chain)].sort()).toEqual(['c']);
  });

  it('runs a default-off service that is listed without enabled: false', () => {
    expect(enabledServices(load('services:\n  d: { replicas: 2 }\n'), chain).has('d')).toBe(true);
  });
});

describe('cross-field rules', () => {
  it('have unique ids and descriptions', () => {
    const ids = configRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of configRules) expect(rule.description.length, rule.id).toBeGreaterThan(10);
  });

  it('report a disabled need of a service that only runs because another one needs it', () => {
    expect(errors(`${head}services:\n  c:\n    enabled: false\n`, chain)).toEqual([
      'p.yaml:16:5 services.c.enabled: c is switched off but needed by b. Remove its enabled: false (what running services need is added automatically), or also switch off what needs it.',
    ]);
  });

  it('report the whole closure of switched-off needs at once, each with what needs it', () => {
    expect(errors(`${head}services:\n  b:\n    enabled: false\n  c:\n    enabled: false\n`, chain)).toEqual([
      'p.yaml:16:5 services.b.enabled: 2 services are switched off but needed: b (by a), c (by b). Remove their enabled: false (what running services need is added automatically), or also switch off what needs them.',
    ]);
  });

  it('accept disabling an optional need', () => {
    expect(errors(`${head}services:\n  d:\n    enabled: false\n`, chain)).toEqual([]);
  });

  it('report two running services that serve the same host', () => {
    const host = { port: 'http', subdomain: 'ai', auth: 'oidc' as const, kind: 'ui' as const };
    const clash = [fakeService('one', { exposes: [host] }), fakeService('two', { exposes: [host] })];
    expect(errors(`${head}services:\n  two:\n    replicas: 1\n`, clash)).toEqual([
      'p.yaml:15:3 services.two: host ai.home.arpa is also served by one',
    ]);
    expect(errors(`${head}services:\n  two:\n    enabled: false\n`, clash)).toEqual([]);
  });

  it('report a public override of a service without a host, and a volume size of one without a volume', () => {
    const registry = [fakeService('worker')];
    expect(
      errors(
        `${head}services:\n  worker:\n    public: 'internal batch worker'\n    storage: 1Gi\n`,
        registry,
      ),
    ).toEqual([
      'p.yaml:16:13 services.worker.public: worker serves no host, so it cannot be public',
      'p.yaml:17:14 services.worker.storage: worker has no volume to size',
    ]);
  });

  it('require a node with the control-plane role', () => {
    expect(errors(head.replace('control-plane, ', ''), chain)).toEqual([
      'p.yaml:6:3 cluster.nodes: no node has the control-plane role',
    ]);
  });

  it('require the gpu role on a node that lists gpus, and storage paths on a storage node', () => {
    const text = head.replace(
      'roles: [control-plane, worker]',
      'roles: [control-plane, storage]\n      gpus: [{ model: A2, vramGiB: 16 }]',
    );
    expect(errors(text, chain)).toEqual([
      'p.yaml:8:14 cluster.nodes[0].roles: node "box" has the storage role but lists no storage paths',
      'p.yaml:9:7 cluster.nodes[0].gpus: node "box" lists gpus but lacks the gpu role',
    ]);
  });

  it('require velero for a backup section', () => {
    const registry = [fakeService('velero')];
    const backup =
      'backup:\n  target:\n    endpoint: https://s3.example.net\n    bucket: b\n    credentials: { name: s3, key: cloud }\n';
    expect(errors(`${head}services:\n  velero: { enabled: false }\n${backup}`, registry)).toEqual([
      'p.yaml:16:1 backup: needs velero, which is disabled at services.velero.enabled',
    ]);
  });

  it('count GPU slices per replica against count × time-slicing replicas', () => {
    const registry = [fakeService('g', { gpu: { mode: 'required', slices: 1, vramGiB: 1 } })];
    const gpuNode = head
      .replace('control-plane, worker]', 'control-plane, worker, gpu]')
      .replace(
        'memory: 16Gi',
        'memory: 16Gi\n      gpus: [{ model: L4, vramGiB: 24, sharing: { strategy: time-slicing, replicas: 2 } }]',
      );
    expect(errors(`${gpuNode}services:\n  g: { replicas: 2 }\n`, registry)).toEqual([]);
    expect(errors(`${gpuNode}services:\n  g: { replicas: 3 }\n`, registry)).toEqual([
      'p.yaml:6:3 cluster.nodes: GPU services request 3 GPU slices (g 3), but the nodes offer 2; raise sharing.replicas or disable a GPU service',
    ]);
  });
});
