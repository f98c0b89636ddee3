import { readsEnv } from '../../images/index.ts';
import { contractedContainers } from '../images.ts';
import { isObject, type Yaml } from '../../semantics/pods.ts';
import { fail, pass } from '../result.ts';
import type { Rule, RuleResult } from '../types.ts';

/** Every environment name set on a container of a contracted image is one the image reads. */
export const imageEnvKnown: Rule = {
  id: 'image-env-known',
  title: 'Environment names are ones the image reads',
  severity: 'error',
  family: 'images',
  targets: ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod'],
  fix: 'Remove the variable or use the name the application reads at that version (the image contract in src/images/ cites where each is read).',
  docs:
    "Each `env` name of a container whose image has a contract must be one the image's application reads at that tag (the contract's " +
    "settings: exact names, and prefixes such as `QDRANT__` or `OAUTH2_PROXY_`, recorded from the source, e.g. Open WebUI's config.py " +
    "and env.py, n8n's @n8n/config), or a runtime name (HOME, TZ, the TLS bundle variables). An unknown name is a setting that does " +
    "nothing (n8n's `OPENAI_API_BASE`) and the finding names it. Names referenced by another variable as `$(NAME)` count as used.",
  check: (ctx) => {
    const out: RuleResult[] = [];
    for (const c of contractedContainers(ctx.objects)) {
      if (c.status !== 'found') continue;
      const env: Yaml[] = Array.isArray(c.container.env) ? c.container.env : [];
      // Kubernetes expands $(NAME) in command, args and other values: such a name is used by the pod itself.
      const text = JSON.stringify([
        c.container.command ?? [],
        c.container.args ?? [],
        env.map((e) => e?.value ?? ''),
      ]);
      const problems: RuleResult[] = [];
      env.forEach((e, i) => {
        if (!isObject(e) || typeof e.name !== 'string') return;
        if (readsEnv(c.contract, e.name) || text.includes(`$(${e.name})`)) return;
        problems.push(
          fail(
            c.source,
            `container ${c.container.name} sets ${e.name}, which ${c.contract.repository}:${c.contract.tag} does not read (${c.contract.settings[0]?.cite ?? c.contract.source})`,
            `${c.jsonPath}.env[${i}]`,
          ),
        );
      });
      out.push(...(problems.length ? problems : [pass(c.source)]));
    }
    return out;
  },
};
