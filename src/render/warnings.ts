import { runCheck } from '../check/engine.ts';
import { platformCheckInput } from '../check/platform.ts';
import { RULES } from '../check/registry.ts';
import type { Manifest } from '../k8s/object.ts';
import type { Plan } from '../plan/types.ts';
import type { Finding } from '../report/types.ts';

/** A warning `shai check` still reports on the rendered platform, with why it is accepted. */
export interface RemainingWarning {
  finding: Finding;
  /** Undefined when nobody has justified it yet (the README says so). */
  justification?: string;
}

/**
 * Why a warning is accepted, per rule and, where the reason differs, per service. Reviewed by hand:
 * a warning of a rule or service not listed here shows as "not justified" in deploy/README.md.
 */
const JUSTIFICATIONS: Record<string, { default?: string; services?: Record<string, string> }> = {
  'read-only-root-fs': {
    default:
      'the image writes outside its volumes at run time; the container still runs without privilege escalation and with all capabilities dropped',
    services: {
      keycloak: 'Keycloak (Quarkus) re-augments its build under /opt/keycloak on start',
      'open-webui':
        'Open WebUI writes its static files and downloaded embedding models inside the app directory',
      litellm: 'LiteLLM generates its Prisma client inside the image on start',
      searxng:
        'the SearXNG entrypoint writes its settings and compiled assets under /etc/searxng and /usr/local/searxng',
      n8n: 'n8n writes its config and community nodes under the home directory besides the data volume',
      comfyui: 'ComfyUI installs custom nodes and Python packages into its install directory',
      audio: 'the audio server downloads model weights into its caches at first use',
      video: 'the video server downloads model weights into its caches at first use',
      minio: 'MinIO writes its configuration under the user home besides the data volume',
    },
  },
};

/** The warnings the check leaves on this rendered platform (what `shai check` prints), each with its justification. */
export function remainingWarnings(plan: Plan, manifest: Manifest): RemainingWarning[] {
  const report = runCheck(platformCheckInput(plan.config, plan, manifest), RULES);
  return report.findings
    .filter((f) => f.status === 'fail' && f.severity === 'warning')
    .map((finding) => {
      const j = JUSTIFICATIONS[finding.rule];
      const justification = (finding.service && j?.services?.[finding.service]) || j?.default;
      return { finding, ...(justification ? { justification } : {}) };
    });
}
