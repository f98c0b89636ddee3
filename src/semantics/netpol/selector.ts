import { isObject, type Yaml } from '../pods.ts';

/**
 * Label selector semantics (metav1.LabelSelector): every matchLabels pair and every matchExpressions
 * requirement must hold; an empty selector matches everything. Unknown operators match nothing, so a
 * typo never opens traffic.
 */
export function matchesSelector(selector: Yaml, labels: Record<string, string>): boolean {
  if (!isObject(selector)) return false;
  const ml: Yaml = selector.matchLabels;
  if (isObject(ml)) for (const [k, v] of Object.entries(ml)) if (labels[k] !== String(v)) return false;
  const exprs: Yaml = selector.matchExpressions;
  if (Array.isArray(exprs))
    for (const e of exprs) {
      if (!isObject(e) || typeof e.key !== 'string') return false;
      const has = Object.prototype.hasOwnProperty.call(labels, e.key);
      const values: string[] = Array.isArray(e.values) ? e.values.map(String) : [];
      const ok =
        e.operator === 'In'
          ? has && values.includes(labels[e.key]!)
          : e.operator === 'NotIn'
            ? !has || !values.includes(labels[e.key]!)
            : e.operator === 'Exists'
              ? has
              : e.operator === 'DoesNotExist'
                ? !has
                : false;
      if (!ok) return false;
    }
  return true;
}

/** True for a selector that selects every pod: `{}` or one with no requirements. */
export function selectsAll(selector: Yaml): boolean {
  if (!isObject(selector)) return false;
  const ml = isObject(selector.matchLabels) ? Object.keys(selector.matchLabels).length : 0;
  const me = Array.isArray(selector.matchExpressions) ? selector.matchExpressions.length : 0;
  return ml === 0 && me === 0;
}
