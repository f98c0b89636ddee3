import type { Analyzer, FindingDraft } from '../analyzer.ts';
import { targetOf } from '../analyzer.ts';
import type { KubeObject } from '../../k8s/object.ts';

interface Certificate extends KubeObject {
  spec?: { issuerRef?: { name?: string; kind?: string }; secretName?: string };
  status?: {
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    notAfter?: string;
  };
}

/** cert-manager Certificates that are not Ready, with cert-manager's reason. */
export const certificateReady: Analyzer = {
  id: 'certificate-ready',
  area: 'certificates',
  title: 'Certificates not ready',
  docs: "cert-manager Certificates whose Ready condition is not True, with cert-manager's reason and message and the issuer to check.",
  severity: 'error',
  needs: ['Certificate'],
  analyze(state) {
    const out: FindingDraft[] = [];
    for (const c of state.objects('Certificate') as Certificate[]) {
      const ready = c.status?.conditions?.find((x) => x.type === 'Ready');
      if (ready?.status === 'True') continue;
      const issuer = c.spec?.issuerRef;
      out.push({
        target: targetOf(c),
        message: `not ready (${ready?.reason ?? 'no Ready condition yet'}): ${ready?.message ?? 'cert-manager has not processed it'}; the TLS secret ${c.spec?.secretName ?? '?'} is not (re)issued`,
        fix: `Check the ${issuer?.kind ?? 'Issuer'} ${issuer?.name ?? '?'} (kubectl describe ${(issuer?.kind ?? 'issuer').toLowerCase()} ${issuer?.name ?? ''}) and the CertificateRequest: for ACME DNS-01 the DNS provider token, for the internal CA the CA secret.`,
      });
    }
    return out;
  },
};
