import { formatPath } from '../../config/path.ts';
import { positionInText } from '../../config/positions.ts';
import { ConfigError } from '../../errors.ts';
import { plan as makePlan } from '../../plan/plan.ts';
import { planFit } from '../../render/fit.ts';
import { fitIssues } from '../../render/fit-issues.ts';
import { registry } from '../../services/registry.ts';
import { SEVERITIES } from '../../report/types.ts';
import type { CommandDef } from '../command.ts';
import { readConfigSource } from '../platform.ts';
import { planJson, planText } from '../plan-view.ts';

const FORMATS = ['text', 'json'];

/** `shai plan`: what the platform will run, derived from platform.yaml, without touching anything. */
export const planCommand: CommandDef = {
  name: 'plan',
  summary: 'show what platform.yaml will run: services, hosts, secrets, SSO clients, flows, models, GPUs',
  failOn: true,
  formats: FORMATS,
  async run(_args, opts, io) {
    const { config, text } = await readConfigSource(opts, io);
    const plan = makePlan(config, registry);
    // What check would refuse about the nodes and models is refused here, at the platform.yaml key.
    const fit = planFit(plan);
    const issues = fitIssues(plan, fit);
    if (issues.length)
      throw new ConfigError(
        opts.config,
        issues.map((i) => ({
          ...positionInText(text, i.path),
          path: formatPath(i.path),
          message: i.message,
        })),
      );
    for (const f of fit.findings.filter((x) => x.status === 'fail' && x.severity === 'warning'))
      plan.warnings.push({ message: f.message, ...(f.configPath ? { configPath: f.configPath } : {}) });
    io.stdout(opts.format === 'json' ? planJson(plan) : planText(plan, opts.config));
    // The plan's warnings are warnings: they fail the run at --fail-on warning or info (a CI gate).
    const failing =
      plan.warnings.length > 0 && SEVERITIES.indexOf(opts.failOn) <= SEVERITIES.indexOf('warning');
    return { exitCode: failing ? 1 : 0 };
  },
};
