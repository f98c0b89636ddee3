import type { ConfigRule, RuleIssue } from './types.ts';

/** cert-manager cannot issue ACME certificates without an account e-mail and DNS credentials. */
export const tlsAcme: ConfigRule = {
  id: 'tls-acme',
  description: 'tls.acme is set exactly when tls.mode is acme-dns01.',
  check({ config }) {
    const issues: RuleIssue[] = [];
    if (config.tls.mode === 'acme-dns01' && !config.tls.acme)
      issues.push({
        path: ['tls', 'acme'],
        near: ['tls', 'mode'],
        message: 'required when tls.mode is acme-dns01',
      });
    if (config.tls.mode !== 'acme-dns01' && config.tls.acme)
      issues.push({
        path: ['tls', 'acme'],
        at: 'key',
        message: `only used when tls.mode is acme-dns01, but it is ${config.tls.mode}`,
      });
    return issues;
  },
};
