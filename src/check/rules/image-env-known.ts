import { readsEnv } from '../../images/index.ts';
import { contractedContainers, type ContractedContainer } from '../images.ts';
import { isObject, type Yaml } from '../../semantics/pods.ts';
import { fail, pass } from '../result.ts';
import type { Rule, RuleResult, SourcedObject } from '../types.ts';

const escapeRegExp = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The data of the ConfigMaps mounted into the container (by its volumes), as one text. */
function mountedConfigText(objects: readonly SourcedObject[], c: ContractedContainer): string {
  const mounts: Yaml[] = Array.isArray(c.container.volumeMounts) ? c.container.volumeMounts : [];
  const volumes: Yaml[] = Array.isArray(c.template.spec?.volumes) ? c.template.spec.volumes : [];
  const ns = c.source.object.metadata.namespace;
  const names = mounts.flatMap((m) => {
    const v = volumes.find((x) => isObject(x) && x.name === m?.name);
    return isObject(v) && isObject(v.configMap) && typeof v.configMap.name === 'string'
      ? [v.configMap.name]
      : [];
  });
  return objects
    .filter(
      (o) =>
        o.object.kind === 'ConfigMap' &&
        o.object.metadata.namespace === ns &&
        names.includes(o.object.metadata.name),
    )
    .map((o) => JSON.stringify((o.object as { data?: unknown }).data ?? {}))
    .join('\n');
}

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
    "nothing (n8n's `OPENAI_API_BASE`) and the finding names it. Names referenced by another variable as `$(NAME)` count as used, " +
    "and so do names a ConfigMap mounted into the container references the way the application's config file names a variable " +
    "it reads in place of a value (LiteLLM's `os.environ/NAME`, the contract's `configEnvRef`).",
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
      const config = mountedConfigText(ctx.objects, c);
      const ref = c.contract.configEnvRef?.value;
      env.forEach((e, i) => {
        if (!isObject(e) || typeof e.name !== 'string') return;
        if (readsEnv(c.contract, e.name) || text.includes(`$(${e.name})`)) return;
        if (ref && new RegExp(`${escapeRegExp(ref + e.name)}(?![A-Za-z0-9_])`).test(config)) return;
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
