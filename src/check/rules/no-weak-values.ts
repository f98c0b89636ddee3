import { eachContainer, type Problem } from '../each.ts';
import { isObject } from '../../semantics/pods.ts';
import { fail, pass } from '../result.ts';
import type { Rule } from '../types.ts';
import { weakness } from '../weak.ts';
import type { Yaml } from '../../semantics/pods.ts';

/** No default or short credentials in container env values or ConfigMap data. */
export const noWeakValues: Rule = {
  id: 'no-weak-values',
  title: 'No weak or default values in env or config',
  severity: 'error',
  family: 'secrets',
  targets: ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'ConfigMap'],
  fix: 'Generate a random value (shai secrets generates them), seal it, and reference it with secretKeyRef.',
  docs:
    'Flags literal env values and ConfigMap entries that are placeholders (changeme, replaceme, todo, ...) whatever their ' +
    'name, and, for names that hold a credential (a word PASSWORD, PASS, PWD, SECRET, KEY, APIKEY or TOKEN, but not ' +
    '`*_FILE`, `*_PATH`, `*_URL`, ...), well-known defaults (admin, password, secret, 123456, ...) and values shorter than ' +
    '12 characters. Templated values (`$(VAR)`, `${VAR}`), paths and ' +
    'settings (booleans, numbers, durations such as `API_KEY_TTL=30d`) are not judged.',
  check: (ctx) => {
    const results = eachContainer(ctx, {}, (c) => {
      const env: Yaml[] = Array.isArray(c.container.env) ? c.container.env : [];
      return env.flatMap((e, i): Problem[] => {
        const why = typeof e?.value === 'string' ? weakness(String(e.name ?? ''), e.value) : undefined;
        return why
          ? [
              {
                message: `env ${e.name} of container "${c.container.name}" is ${why}`,
                jsonPath: `${c.jsonPath}.env[${i}].value`,
              },
            ]
          : [];
      });
    });
    for (const cm of ctx.index.byKind('ConfigMap')) {
      const data = isObject(cm.object.data) ? cm.object.data : {};
      const bad = Object.entries(data).flatMap(([k, v]) => {
        const why = typeof v === 'string' ? weakness(k, v) : undefined;
        return why ? [fail(cm, `key ${k} is ${why}`, `.data["${k}"]`)] : [];
      });
      results.push(...(bad.length ? bad : [pass(cm)]));
    }
    return results;
  },
};
