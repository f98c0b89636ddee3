/** Values that are defaults or placeholders, never real credentials (compared case-insensitively). */
export const WEAK_VALUES = new Set([
  '123456',
  '12345678',
  'admin',
  'admin123',
  'changeit',
  'changeme',
  'change-me',
  'change_me',
  'default',
  'letmein',
  'password',
  'password1',
  'password123',
  'passw0rd',
  'qwerty',
  'replaceme',
  'root',
  'secret',
  'test',
  'todo',
  'xxx',
]);

/** Placeholders flagged whatever the name: nobody means them as a value. */
export const PLACEHOLDERS = new Set([
  'changeit',
  'changeme',
  'change-me',
  'change_me',
  'replaceme',
  'replace-me',
  'replace_me',
  'todo',
  'xxx',
]);

/** Words in a variable or key name that mark it as holding a credential. */
const SENSITIVE_WORDS = new Set(['APIKEY', 'KEY', 'PASS', 'PASSWD', 'PASSWORD', 'PWD', 'SECRET', 'TOKEN']);
/** Words that mark the value as a reference to a credential, not the credential (`*_PASSWORD_FILE`). */
const REFERENCE_WORDS = new Set([
  'ALGORITHM',
  'DIR',
  'ENABLE',
  'ENABLED',
  'FILE',
  'HEADER',
  'ID',
  'MODE',
  'NAME',
  'PATH',
  'REF',
  'TYPE',
  'URL',
]);
/** Settings, not credentials: booleans, numbers, durations (`API_KEY_TTL=30d`). */
const SETTING = /^(true|false|yes|no|on|off|\d+(\.\d+)?[smhdw]?)$/i;

/** Sensitive values shorter than this are too short to resist guessing. */
export const MIN_SECRET_LENGTH = 12;

/** True when a name like `DB_PASSWORD` or `api-key` holds a credential (KEYCLOAK_URL does not). */
export function isSensitiveName(name: string): boolean {
  const words = name
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  return words.some((w) => SENSITIVE_WORDS.has(w)) && !words.some((w) => REFERENCE_WORDS.has(w));
}

/** Why a literal value is weak for this name, or undefined. */
export function weakness(name: string, value: string): string | undefined {
  const v = value.trim();
  if (v === '' || v.includes('$(') || v.includes('${') || v.startsWith('/')) return undefined; // unset, templated or a path
  if (PLACEHOLDERS.has(v.toLowerCase())) return `a placeholder ("${v}")`;
  if (!isSensitiveName(name)) return undefined; // `ROLE=admin` is not a credential
  if (WEAK_VALUES.has(v.toLowerCase())) return `a default value ("${v}")`;
  if (SETTING.test(v)) return undefined;
  if (v.length < MIN_SECRET_LENGTH)
    return `too short for a credential (${v.length} characters, want ≥ ${MIN_SECRET_LENGTH})`;
  return undefined;
}
