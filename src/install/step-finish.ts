import type { Plan } from '../plan/types.ts';

/** The closing lines: every host, where the admin credentials are, how to trust the CA, DNS. */
export function finishLines(plan: Plan, sealingKey: 'restored' | 'none'): string[] {
  const hosts = [...plan.hosts].sort((a, b) => (a.host < b.host ? -1 : 1));
  const width = Math.max(...hosts.map((h) => h.service.length), 7);
  const lines = [
    'the platform is synced. Hosts:',
    ...hosts.map((h) => `  ${h.service.padEnd(width)}  ${h.url}  (${h.auth})`),
    `DNS: point *.${plan.config.domain} at a node's address (a wildcard record), so every host above resolves`,
    'admin credentials: shai secrets export (Keycloak, Grafana, Argo CD); log in to Keycloak and add yourself to ' +
      `the group ${plan.config.sso.adminGroup} to be an administrator everywhere`,
  ];
  if (plan.config.tls.mode === 'internal-ca')
    lines.push(
      'trust the platform CA: shai secrets ca --out shai-ca.crt, then import shai-ca.crt (the command says how)',
    );
  if (sealingKey === 'none' && plan.services.some((s) => s.name === 'sealed-secrets'))
    lines.push('the sealing key is new: shai secrets seal, commit and push, then shai secrets backup-key');
  return lines;
}
