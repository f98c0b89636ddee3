import { InternalError } from '../errors.ts';

/** A reference inside a composed template, resolved against the secret that holds the template. */
export interface TemplateRef {
  namespace: string;
  name: string;
  key: string;
}

const PLACEHOLDER = /\$\{([^}]+)\}/g;

/** Reads `${key}`, `${name/key}` (same namespace) and `${namespace/name/key}` placeholders. */
export function templateRefs(template: string, self: { namespace: string; name: string }): TemplateRef[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => parseRef(m[1] ?? '', self, template));
}

function parseRef(ref: string, self: { namespace: string; name: string }, template: string): TemplateRef {
  const parts = ref.split('/');
  if (parts.some((p) => p === ''))
    throw new InternalError(`bad placeholder \${${ref}} in template "${template}"`);
  if (parts.length === 1) return { namespace: self.namespace, name: self.name, key: parts[0]! };
  if (parts.length === 2) return { namespace: self.namespace, name: parts[0]!, key: parts[1]! };
  if (parts.length === 3) return { namespace: parts[0]!, name: parts[1]!, key: parts[2]! };
  throw new InternalError(`bad placeholder \${${ref}} in template "${template}"`);
}

/** Fills a template; `lookup` returns undefined for a value that does not exist yet (the result is then undefined). */
export function resolveTemplate(
  template: string,
  self: { namespace: string; name: string },
  lookup: (ref: TemplateRef) => string | undefined,
): string | undefined {
  let missing = false;
  const out = template.replace(PLACEHOLDER, (_m, ref: string) => {
    const value = lookup(parseRef(ref, self, template));
    if (value === undefined) missing = true;
    return value ?? '';
  });
  return missing ? undefined : out;
}
