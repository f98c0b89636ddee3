import type { AlertSpec, ServiceObservability } from '../../observe/types.ts';

/** cert-manager: certificates close to expiry or not ready (the platform's wildcard and every Certificate). */
export const certManagerObservability: ServiceObservability = {
  service: 'cert-manager',
  scrapeJobs: ['cert-manager'],
  alerts: (_ctx, self): AlertSpec[] => {
    const cert = `name="wildcard",exported_namespace="kube-system",issuer_name="platform-ca",issuer_kind="ClusterIssuer",issuer_group="cert-manager.io"`;
    const t = `namespace="${self.namespace}",job="cert-manager"`;
    return [
      {
        alert: 'CertificateExpiringSoon',
        expr: 'certmanager_certificate_expiration_timestamp_seconds - time() < 14 * 86400',
        for: '1h',
        severity: 'warning',
        service: self.name,
        summary:
          'Certificate {{ $labels.exported_namespace }}/{{ $labels.name }} expires in less than 14 days',
        description:
          'It expires in {{ $value | humanizeDuration }}; cert-manager renews at two thirds of the lifetime, so renewal is failing.',
        runbook: {
          meaning:
            'A certificate cert-manager manages is within 14 days of its expiry and has not been renewed.',
          confirm:
            '`kubectl get certificate -A`; `kubectl describe certificate -n <ns> <name>` and its CertificateRequest; `shai doctor` reads the Certificate conditions.',
          covered: { analyzer: 'certificate-ready' },
          fix: 'Read the CertificateRequest/Order events: with ACME the HTTP-01/DNS-01 challenge fails; with the internal CA the issuer Secret is missing. Fix and `cmctl renew`.',
        },
        test: {
          fire: [
            {
              series: `certmanager_certificate_expiration_timestamp_seconds{${t},${cert}}`,
              values: `${7 * 86400}x120`,
            },
          ],
          quiet: [
            {
              series: `certmanager_certificate_expiration_timestamp_seconds{${t},${cert}}`,
              values: `${60 * 86400}x120`,
            },
          ],
          labels: {
            namespace: self.namespace,
            job: 'cert-manager',
            name: 'wildcard',
            exported_namespace: 'kube-system',
            issuer_name: 'platform-ca',
            issuer_kind: 'ClusterIssuer',
            issuer_group: 'cert-manager.io',
          },
          evalTime: '90m',
        },
      },
      {
        alert: 'CertificateNotReady',
        expr: 'max by (name, exported_namespace) (certmanager_certificate_ready_status{condition=~"False|Unknown"}) == 1',
        for: '15m',
        severity: 'warning',
        service: self.name,
        summary: 'Certificate {{ $labels.exported_namespace }}/{{ $labels.name }} is not ready',
        description:
          'Its Ready condition has been False or Unknown for 15 minutes: the hosts it covers serve no valid certificate.',
        runbook: {
          meaning:
            'cert-manager could not issue or renew a Certificate; the routes using its Secret serve an old or default certificate.',
          confirm: '`kubectl describe certificate -n <ns> <name>`; `shai doctor`.',
          covered: { analyzer: 'certificate-ready' },
          fix: "Follow the Certificate's events to its CertificateRequest and issuer; for the internal CA make sure pki synced (its ClusterIssuer is Ready).",
        },
        test: {
          fire: [
            {
              series: `certmanager_certificate_ready_status{${t},${cert},condition="False"}`,
              values: '1x60',
            },
          ],
          quiet: [
            {
              series: `certmanager_certificate_ready_status{${t},${cert},condition="False"}`,
              values: '0x60',
            },
          ],
          labels: { name: 'wildcard', exported_namespace: 'kube-system' },
        },
      },
    ];
  },
};
