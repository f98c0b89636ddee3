import type { ServiceObservability } from '../../observe/types.ts';

/** Sealed Secrets: SealedSecrets the controller cannot decrypt. */
export const sealedSecretsObservability: ServiceObservability = {
  service: 'sealed-secrets',
  scrapeJobs: ['sealed-secrets-controller-metrics'],
  alerts: (_ctx, self) => {
    const s = (values: string) => ({
      series: `sealed_secrets_controller_unseal_errors_total{job="sealed-secrets-controller-metrics",namespace="ai",reason="unseal"}`,
      values,
    });
    return [
      {
        alert: 'SealedSecretUnsealErrors',
        expr: 'sum by (namespace, reason) (increase(sealed_secrets_controller_unseal_errors_total[15m])) > 0',
        for: '5m',
        severity: 'critical',
        service: self.name,
        summary: 'SealedSecrets in {{ $labels.namespace }} cannot be unsealed ({{ $labels.reason }})',
        description:
          'The controller failed to decrypt a SealedSecret: the Secret its pods need is missing or stale.',
        runbook: {
          meaning:
            "The Sealed Secrets controller could not decrypt a SealedSecret: it was sealed with another cluster's key, for another name or namespace, or it is corrupt. The pods that need its Secret do not start.",
          confirm:
            '`kubectl get sealedsecrets -A` (SYNCED False, with the message); `kubectl logs -n kube-system deploy/sealed-secrets-controller`; `shai doctor` names the pods waiting for the Secret.',
          covered: { analyzer: 'pod-config-error' },
          fix: "Re-seal against this cluster's certificate: `shai secrets seal` (it fetches the controller's cert), commit and let Argo CD sync. After a controller reinstall restore its key from backup first.",
        },
        test: { fire: [s('0+1x60')], quiet: [s('0x60')], labels: { namespace: 'ai', reason: 'unseal' } },
      },
    ];
  },
};
