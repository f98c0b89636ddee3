/*
 * Labels a program adds to its own pod when it starts, read from the container's command line. A Service that
 * selects them matches no pod template of any rendered output, yet has endpoints once the pod runs.
 */
import { isObject, type PodSpec } from './pods.ts';

/** What one program adds to its pod, from its container's command line (command then args). */
type Labeler = (argv: readonly string[]) => Record<string, string>;

/**
 * `longhorn-manager daemon` labels its own pod once its admission webhook and its recovery backend serve
 * (longhorn-manager v1.12.1 app/daemon.go AddLabelToManagerPod with types.GetAdmissionWebhookLabel and
 * GetRecoveryBackendLabel; the chart's longhorn-admission-webhook and longhorn-recovery-backend Services select them).
 */
const longhornManager: Labeler = (argv): Record<string, string> => {
  if (!/(^|\/)longhorn-manager$/.test(argv[0] ?? '') || !argv.includes('daemon')) return {};
  return {
    'longhorn.io/admission-webhook': 'longhorn-admission-webhook',
    'longhorn.io/recovery-backend': 'longhorn-recovery-backend',
  };
};

const LABELERS: readonly Labeler[] = [longhornManager];

/** The labels the containers of a pod add to it when they start (none for most pods). */
export function runtimeLabels(spec: PodSpec): Record<string, string> {
  const out: Record<string, string> = {};
  const containers: unknown[] = Array.isArray(spec.containers) ? spec.containers : [];
  for (const c of containers) {
    if (!isObject(c)) continue;
    const argv = [...strings(c.command), ...strings(c.args)];
    for (const label of LABELERS) Object.assign(out, label(argv));
  }
  return out;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
