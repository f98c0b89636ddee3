import { eachContainer } from '../each.ts';
import { isObject } from '../../semantics/pods.ts';
import { fail, pass } from '../result.ts';
import type { Rule, RuleResult, SourcedObject } from '../types.ts';
import type { Yaml } from '../../semantics/pods.ts';

const VALID = [16, 24, 32];

/**
 * Bytes oauth2-proxy derives from a cookie secret: trailing `=` stripped, decoded as raw URL-safe
 * base64 when that yields 16/24/32 bytes, else the string's own bytes (pkg/encryption/utils.go).
 */
export function cookieSecretBytes(secret: string): number {
  const s = secret.replace(/=+$/, '');
  if (/^[A-Za-z0-9_-]*$/.test(s) && s.length % 4 !== 1) {
    const decoded = Buffer.from(s, 'base64url').length;
    if (VALID.includes(decoded)) return decoded;
  }
  return Buffer.byteLength(secret, 'utf8');
}

/** A literal cookie secret from args (`--cookie-secret=x` or `--cookie-secret x`) or the env variable. */
function literalSecrets(c: Yaml): { value: string; jsonPath: string }[] {
  if (!Array.isArray(c.command) && !Array.isArray(c.args) && !Array.isArray(c.env)) return [];
  const out: { value: string; jsonPath: string }[] = [];
  const args: unknown[] = [
    ...(Array.isArray(c.command) ? c.command : []),
    ...(Array.isArray(c.args) ? c.args : []),
  ];
  const field = (i: number) =>
    Array.isArray(c.command) && i < c.command.length
      ? `command[${i}]`
      : `args[${i - (Array.isArray(c.command) ? c.command.length : 0)}]`;
  args.forEach((a, i) => {
    const s = String(a);
    if (s.startsWith('--cookie-secret='))
      out.push({ value: s.slice('--cookie-secret='.length), jsonPath: field(i) });
    else if (s === '--cookie-secret' && typeof args[i + 1] === 'string')
      out.push({ value: String(args[i + 1]), jsonPath: field(i + 1) });
  });
  (Array.isArray(c.env) ? c.env : []).forEach((e: Yaml, i: number) => {
    if (e?.name === 'OAUTH2_PROXY_COOKIE_SECRET' && typeof e.value === 'string')
      out.push({ value: e.value, jsonPath: `env[${i}].value` });
  });
  return out;
}

/** oauth2-proxy cookie secrets written as literals yield 16, 24 or 32 bytes. */
export const oauth2ProxyCookieSecret: Rule = {
  id: 'oauth2-proxy-cookie-secret',
  title: 'oauth2-proxy cookie secret has a valid length',
  severity: 'error',
  family: 'secrets',
  targets: ['Deployment', 'Pod', 'StatefulSet', 'Application'],
  fix: 'Generate 32 random bytes as URL-safe base64: openssl rand -base64 32 | tr -- "+/" "-_"; keep it in a SealedSecret.',
  docs:
    'oauth2-proxy refuses to start (`cookie_secret must be 16, 24, or 32 bytes`) unless the secret decodes, as URL-safe ' +
    'base64, to 16/24/32 bytes or is itself 16/24/32 characters long; standard base64 with `+` or `/` fails. Checks ' +
    '`--cookie-secret` args, the `OAUTH2_PROXY_COOKIE_SECRET` env value and `config.cookieSecret` in the Helm values of ' +
    'an Argo CD Application. Secrets referenced from a Secret are not visible and not checked.',
  check: (ctx) => {
    const judge = (value: string) => {
      const n = cookieSecretBytes(value);
      return VALID.includes(n)
        ? undefined
        : `cookie secret yields ${n} bytes, oauth2-proxy needs 16, 24 or 32`;
    };
    // Only workloads that carry a literal get a pass result; the rest are not about oauth2-proxy.
    const withLiteral = new Set<SourcedObject>();
    const out: RuleResult[] = eachContainer(ctx, {}, (c, w) => {
      const literals = literalSecrets(c.container);
      if (!literals.length) return undefined;
      withLiteral.add(w.source);
      return literals.flatMap((l) => {
        const why = judge(l.value);
        return why ? [{ message: why, jsonPath: `${c.jsonPath}.${l.jsonPath}` }] : [];
      });
    }).filter((r) => r.status === 'fail' || withLiteral.has(r.object));
    for (const app of ctx.index.byKind('Application')) {
      const src: Yaml = (app.object.spec as Yaml)?.source;
      const secret = isObject(src?.helm?.valuesObject)
        ? src.helm.valuesObject.config?.cookieSecret
        : undefined;
      if (typeof secret !== 'string') continue;
      const why = judge(secret);
      out.push(why ? fail(app, why, '.spec.source.helm.valuesObject.config.cookieSecret') : pass(app));
    }
    return out;
  },
};
