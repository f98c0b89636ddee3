import { UserError } from '../../errors.ts';
import { SEVERITIES } from '../../report/types.ts';
import type { CommandDef } from '../command.ts';
import { loadPlatform } from '../platform.ts';
import { planJson, planText } from '../plan-view.ts';

const FORMATS = ['text', 'json'];

/** `shai plan`: what the platform will run, derived from platform.yaml, without touching anything. */
export const planCommand: CommandDef = {
  name: 'plan',
  summary: 'show what platform.yaml will run: services, hosts, secrets, SSO clients, flows, models, GPUs',
  failOn: true,
  async run(_args, opts, io) {
    if (!FORMATS.includes(opts.format)) {
      throw new UserError(`shai plan prints ${FORMATS.join(' or ')}, not "${opts.format}"`);
    }
    const { file, plan } = await loadPlatform(opts, io);
    io.stdout(opts.format === 'json' ? planJson(plan) : planText(plan, file));
    // The plan's warnings are warnings: they fail the run at --fail-on warning or info (a CI gate).
    const failing =
      plan.warnings.length > 0 && SEVERITIES.indexOf(opts.failOn) <= SEVERITIES.indexOf('warning');
    return { exitCode: failing ? 1 : 0 };
  },
};
