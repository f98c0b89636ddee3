import { InternalError } from '../errors.ts';
import type { SecretFormat } from '../services/types.ts';
import type { RandomBytes } from './seal.ts';

/** Letters and digits only: safe unquoted in URLs (database URLs), shells, YAML and .env files. */
export const PASSWORD_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Formats shai draws from the random source; `fixed`, `composed` and `external` are not generated. */
export function isGenerated(format: SecretFormat): boolean {
  return ['password', 'token', 'api-key', 'cookie-secret'].includes(format.kind);
}

/** A password of `length` characters drawn uniformly (rejection sampling, no modulo bias). */
function password(length: number, randomBytes: RandomBytes): string {
  const limit = 256 - (256 % PASSWORD_ALPHABET.length);
  let out = '';
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < limit && out.length < length) out += PASSWORD_ALPHABET[b % PASSWORD_ALPHABET.length];
    }
  }
  return out;
}

/** A new value for a generated format; other formats are not drawn (`fixed` returns its value). */
export function generateValue(format: SecretFormat, randomBytes: RandomBytes): string {
  switch (format.kind) {
    case 'password':
      return password(format.length, randomBytes);
    case 'token':
      return randomBytes(format.bytes).toString(format.encoding);
    case 'api-key':
      return format.prefix + randomBytes(format.bytes).toString('hex');
    case 'cookie-secret':
      // oauth2-proxy decodes URL-safe base64 and wants 16, 24 or 32 bytes; its docs generate 32, padded.
      return randomBytes(32).toString('base64').replaceAll('+', '-').replaceAll('/', '_');
    case 'fixed':
      return format.value;
    case 'composed':
    case 'external':
      throw new InternalError(`a ${format.kind} value is not generated`);
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function encodedLength(bytes: number, encoding: 'hex' | 'base64' | 'base64url'): RegExp {
  if (encoding === 'hex') return new RegExp(`^[0-9a-f]{${bytes * 2}}$`);
  if (encoding === 'base64url') return new RegExp(`^[A-Za-z0-9_-]{${Math.ceil((bytes * 4) / 3)}}$`);
  const chars = Math.ceil(bytes / 3) * 4;
  const pad = (3 - (bytes % 3)) % 3;
  return new RegExp(`^[A-Za-z0-9+/]{${chars - pad}}={${pad}}$`);
}

/** Does a value have the shape its format promises? Used by tests and by `secrets status`. */
export function matchesFormat(value: string, format: SecretFormat): boolean {
  switch (format.kind) {
    case 'password':
      return value.length === format.length && [...value].every((c) => PASSWORD_ALPHABET.includes(c));
    case 'token':
      return encodedLength(format.bytes, format.encoding).test(value);
    case 'api-key':
      return new RegExp(`^${escapeRegExp(format.prefix)}[0-9a-f]{${format.bytes * 2}}$`).test(value);
    case 'cookie-secret':
      return /^[A-Za-z0-9_-]{43}=$/.test(value) && Buffer.from(value, 'base64url').length === 32;
    case 'fixed':
      return value === format.value;
    case 'composed': {
      const parts = format.template.split(/\$\{[^}]+\}/).map(escapeRegExp);
      return new RegExp(`^${parts.join('.+')}$`, 's').test(value) && !value.includes('${');
    }
    case 'external':
      return value.length > 0;
  }
}
