import { describe, expect, it } from 'vitest';
import { plan } from '../../src/plan/plan.ts';
import { cluster, config, cpuNode, def, gpuNode } from './helpers.ts';

const names = (p: ReturnType<typeof plan>) => p.services.map((s) => s.name);

describe('enabled services and their closure', () => {
  const cache = def('cache', { wave: -5, defaultEnabled: false, ports: [{ name: 'redis', port: 6379 }] });
  const gpuApp = def('gpu-app', {
    wave: 1,
    defaultEnabled: true,
    gpu: { mode: 'required', slices: 1, vramGiB: 2 },
  });
  const extra = def('extra', { wave: 1, defaultEnabled: false });
  const app = def('app', {
    wave: 2,
    needs: [
      { service: 'cache', port: 'redis', why: 'cache' },
      { service: 'gpu-app', port: 'http', optional: true, why: 'gpu models' },
      { service: 'extra', port: 'http', optional: true, why: 'extras' },
    ],
  });
  const registry = [cache, gpuApp, extra, app];

  it('turns on the required needs of enabled services and marks them implied', () => {
    const p = plan(config(registry), registry);
    expect(names(p)).toEqual(['cache', 'app']);
    expect(p.services.find((s) => s.name === 'cache')!.implied).toBe(true);
    expect(p.services.find((s) => s.name === 'app')!.implied).toBe(false);
    expect(p.warnings.map((w) => w.message)).toContain('cache runs because app need(s) it');
  });

  it('drops optional needs of services that do not run, keeps those that do', () => {
    const off = plan(config(registry), registry);
    expect(off.services.find((s) => s.name === 'app')!.needs).toEqual(['cache']);
    const on = plan(config(registry, { services: { extra: { enabled: true } } }), registry);
    expect(on.services.find((s) => s.name === 'app')!.needs).toEqual(['cache', 'extra']);
  });

  it('keeps a need off that platform.yaml disables (the config rules report it)', () => {
    const p = plan(config(registry, { services: { cache: { enabled: false } } }), registry);
    expect(names(p)).toEqual(['app']);
  });

  it('leaves GPU services off on a cluster without GPUs unless they are enabled explicitly', () => {
    expect(names(plan(config(registry), registry))).not.toContain('gpu-app');
    const gpu = plan(config(registry, cluster(cpuNode('box'), gpuNode('gpu1'))), registry);
    expect(names(gpu)).toContain('gpu-app');
    expect(gpu.services.find((s) => s.name === 'app')!.needs).toEqual(['cache', 'gpu-app']);
    const forced = plan(config(registry, { services: { 'gpu-app': { enabled: true } } }), registry);
    expect(names(forced)).toContain('gpu-app');
  });

  it('orders services by wave, then name, whatever the registry order', () => {
    const p = plan(config(registry, { services: { extra: { enabled: true } } }), [...registry].reverse());
    expect(names(p)).toEqual(['cache', 'extra', 'app']);
  });
});
