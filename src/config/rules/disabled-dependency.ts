import { isDisabled, requiredBy } from '../enabled.ts';
import type { ConfigRule } from './types.ts';

const SHOWN = 6;

/** `a, b, c and 4 more` */
function names(list: readonly string[]): string {
  const shown = list.slice(0, SHOWN).join(', ');
  return list.length > SHOWN ? `${shown} and ${list.length - SHOWN} more` : shown;
}

/**
 * What a running service requires is added to the plan automatically, unless the user switched it off.
 * Then one error lists every switched-off service in the whole closure with who requires it, so the
 * platform is fixed in one round (the error points at the first of them).
 */
export const disabledDependency: ConfigRule = {
  id: 'disabled-dependency',
  description:
    'No service that a running service requires, directly or through another one, is disabled with enabled: false.',
  check({ config, registry }) {
    const by = requiredBy(config, registry);
    const off = registry.map((d) => d.name).filter((n) => by.has(n) && isDisabled(config, n));
    if (off.length === 0) return [];
    const users = (n: string) => names([...by.get(n)!].sort());
    const message =
      off.length === 1
        ? `${off[0]} is switched off but needed by ${users(off[0]!)}. Remove its enabled: false (what running services need is added automatically), or also switch off what needs it.`
        : `${off.length} services are switched off but needed: ${off.map((n) => `${n} (by ${users(n)})`).join(', ')}. ` +
          'Remove their enabled: false (what running services need is added automatically), or also switch off what needs them.';
    return [
      {
        path: ['services', off[0]!, 'enabled'],
        at: 'key',
        message,
      },
    ];
  },
};
