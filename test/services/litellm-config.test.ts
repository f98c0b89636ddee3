import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { litellmConfig } from '../../src/services/shared/litellm-config.ts';
import { plan as makePlan } from '../../src/plan/plan.ts';
import { registry } from '../../src/services/registry.ts';

const load = () => loadConfig(resolve(import.meta.dirname, '../../platform.yaml'), registry);

type Deployment = { model_name: string; litellm_params: Record<string, unknown> };

describe('litellmConfig: per-model limits and routing strategy from platform.yaml', () => {
  it('routes least-busy when platform.yaml says nothing', async () => {
    const config = await load();
    expect(config.routing.strategy).toBe('least-busy');
    const out = litellmConfig(makePlan(config, registry)) as { router_settings: Record<string, unknown> };
    expect(out.router_settings.routing_strategy).toBe('least-busy');
  });

  it('renders routing.strategy into router_settings.routing_strategy', async () => {
    const config = await load();
    config.routing = { strategy: 'latency-based-routing' };
    const out = litellmConfig(makePlan(config, registry)) as { router_settings: Record<string, unknown> };
    expect(out.router_settings.routing_strategy).toBe('latency-based-routing');
  });

  it('puts rpm/tpm on every deployment of a limited model (both placements) and on no other', async () => {
    const config = await load();
    const embed = config.models.find((m) => m.placement === 'both')!;
    embed.rpm = 600;
    embed.tpm = 200000;
    for (const m of config.models) if (m !== embed) delete m.rpm;
    const list = (litellmConfig(makePlan(config, registry)) as { model_list: Deployment[] }).model_list;
    const limited = list.filter((d) => d.model_name === (embed.alias ?? embed.name));
    expect(limited).toHaveLength(2);
    for (const d of limited) expect(d.litellm_params).toMatchObject({ rpm: 600, tpm: 200000 });
    for (const d of list.filter((x) => !limited.includes(x))) {
      expect(d.litellm_params.rpm).toBeUndefined();
      expect(d.litellm_params.tpm).toBeUndefined();
    }
  });
});
