import { describe, expect, it } from 'vitest';
import { EXPORTERS } from '../../src/observe/exporters/index.ts';
import { checkExpression, selectors, seriesIndex } from '../../src/observe/promql.ts';
import { observed, PLATFORMS } from './platforms.ts';

const index = seriesIndex(EXPORTERS);

describe('the exporter metric lists', () => {
  it('each cite a version and where they were read, with unique ids', () => {
    for (const e of EXPORTERS) {
      expect(e.version, e.id).toMatch(/\d/);
      expect(e.source.length, e.id).toBeGreaterThan(20);
      expect(Object.keys(e.metrics).length, e.id).toBeGreaterThan(0);
    }
    expect(new Set(EXPORTERS.map((e) => e.id)).size).toBe(EXPORTERS.length);
  });

  it('find an unknown metric and a label the metric does not carry', () => {
    expect(checkExpression('rate(litellm_requests_total[5m])', index)).toEqual([
      'litellm_requests_total: no exporter list names this metric',
    ]);
    expect(
      checkExpression('sum(rate(litellm_proxy_total_requests_metric_total{model="x"}[5m]))', index),
    ).toEqual(['litellm_proxy_total_requests_metric_total{model}: litellm gives this metric no label model']);
    expect(
      checkExpression(
        'histogram_quantile(0.9, rate(litellm_request_total_latency_metric_bucket[5m]))',
        index,
      ),
    ).toEqual([]);
    expect(() => selectors('sum(rate(up[5m])')).toThrow(/syntax error/);
  });
});

describe.each(PLATFORMS)('the observability of %s', (file) => {
  it('names only metrics and labels of the exporter lists, in every alert and dashboard query', async () => {
    const o = await observed(file);
    const problems = [
      ...o.alerts.flatMap((a) => checkExpression(a.expr, index).map((p) => `alert ${a.alert}: ${p}`)),
      ...o.dashboards.flatMap((d) =>
        d.exprs.flatMap((e) => checkExpression(e, index).map((p) => `dashboard ${d.uid}: ${p}`)),
      ),
    ];
    expect(problems).toEqual([]);
  });

  it('watches every enabled service with at least one alert of its own', async () => {
    const o = await observed(file);
    const watched = new Set(o.alerts.map((a) => a.service));
    expect(o.ctx.plan.services.filter((s) => !watched.has(s.name)).map((s) => s.name)).toEqual([]);
  });
});

describe('the default platform', () => {
  it('renders at least 8 dashboards, each with panels', async () => {
    const o = await observed('platform.yaml');
    expect(o.dashboards.length).toBeGreaterThanOrEqual(8);
    for (const d of o.dashboards) expect((d.dashboard.panels ?? []).length, d.uid).toBeGreaterThan(1);
  });

  it('draws the planner VRAM figures as thresholds on the GPU dashboard', async () => {
    const o = await observed('platform.yaml');
    const gpu = o.dashboards.find((d) => d.uid === 'shai-gpu-models')!;
    const vram = (gpu.dashboard.panels ?? []).find((p) =>
      (p as { title?: string }).title?.startsWith('VRAM used vs plan'),
    ) as {
      fieldConfig: { defaults: { thresholds: { steps: { value: number | null }[] } } };
    };
    // akula-prime: a 16 GiB card, ComfyUI declares 8 GiB, Ollama gets the other 8.
    expect(vram.fieldConfig.defaults.thresholds.steps.map((s) => s.value)).toEqual([
      null,
      8192,
      16384,
      16384,
    ]);
  });
});
