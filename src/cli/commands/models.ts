import { UserError } from '../../errors.ts';
import { planModels } from '../../models/planner.ts';
import { modelPlanJson, modelPlanText } from '../../models/plan-view.ts';
import type { CommandDef } from '../command.ts';
import { loadPlatform } from '../platform.ts';

const FORMATS = ['text', 'json'];

/** `shai models plan`: whether each model fits its GPU or CPU node, from platform.yaml alone. */
const modelsPlanCommand: CommandDef = {
  name: 'plan',
  summary: 'estimate the memory of every model and whether it fits its GPU / CPU node',
  configure(cmd) {
    cmd.option('--reserve <policy>', "VRAM left to other GPU services: 'none' (Ollama sees the whole GPU) or 'declared'", 'none');
  },
  async run(_args, opts, io) {
    const reserve = String(opts['reserve'] ?? 'none');
    if (reserve !== 'none' && reserve !== 'declared') {
      throw new UserError(`--reserve is 'none' or 'declared', not "${reserve}"`);
    }
    if (!FORMATS.includes(opts.format)) {
      throw new UserError(`shai models plan prints ${FORMATS.join(' or ')}, not "${opts.format}"`);
    }
    const { plan } = await loadPlatform(opts, io);
    const mp = planModels(plan, reserve);
    io.stdout(opts.format === 'json' ? modelPlanJson(mp) : modelPlanText(mp));
    const failed = mp.instances.some((i) => i.models.some((m) => m.fit === 'none'));
    return { exitCode: failed ? 1 : 0 };
  },
};

/** `shai models`: plan and sync the models Ollama serves. */
export const modelsCommand: CommandDef = {
  name: 'models',
  summary: 'plan the models: memory per GPU and CPU node',
  subcommands: [modelsPlanCommand],
};
