import type { ServiceObservability } from '../../observe/types.ts';

/** Keycloak: a burst of failed logins (user event metrics, KC_EVENT_METRICS_USER_ENABLED). */
export const keycloakObservability: ServiceObservability = {
  service: 'keycloak',
  alerts: ({ plan }, self) => {
    const realm = plan.config.sso.realm;
    const s = (error: string, values: string) => ({
      series: `keycloak_user_events_total{namespace="${self.namespace}",job="keycloak",realm="${realm}",event="login",error="${error}"}`,
      values,
    });
    return [
      {
        alert: 'KeycloakLoginErrors',
        expr: `sum by (realm) (increase(keycloak_user_events_total{realm="${realm}",event="login",error!=""}[15m])) > 20`,
        for: '5m',
        severity: 'warning',
        service: self.name,
        summary: 'More than 20 failed logins in 15 minutes in realm {{ $labels.realm }}',
        description:
          '{{ $value }} login errors: a misconfigured client, or someone guessing passwords (brute-force protection locks the accounts).',
        runbook: {
          meaning:
            'Logins to the platform realm fail in bulk: a client with a wrong secret or redirect URI, users locked out, or a password-guessing attempt.',
          confirm:
            'Grafana → shai → Keycloak, "Login errors by error"; Keycloak admin console → Events (error type, client, IP).',
          covered: {
            none: 'login events are not cluster objects; doctor reports this alert when it fires (`shai doctor --probe`)',
          },
          fix: '`invalid_client_credentials`: re-seal the client secret (`shai secrets rotate`) so the application and the realm agree; `invalid_user_credentials` from one address: block it at the router.',
        },
        test: {
          fire: [s('invalid_user_credentials', '0+5x60'), s('', '0+1x60')],
          quiet: [s('invalid_user_credentials', '0x60'), s('', '0+10x60')],
          labels: { realm },
        },
      },
    ];
  },
};
