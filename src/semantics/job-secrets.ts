/*
 * Secrets that a chart's Job creates when it runs, read from the Job's command line as the program reads it.
 * Charts render the Job, not the Secret, so the workloads that mount it reference a Secret absent from any
 * rendered output; these programs are the ones the pinned charts run (read at their sources' tags, named below).
 */
import { isObject, podSpecOf, type Yaml } from './pods.ts';
import type { KubeObject } from '../k8s/object.ts';

/** One Secret a Job creates: where, and the keys it writes. */
export interface JobSecret {
  namespace: string;
  name: string;
  keys: string[];
}

/** What one program creates, from its container's command line (command then args) and the Job's namespace. */
type Creator = (argv: readonly string[], jobNamespace: string) => JobSecret | undefined;

/**
 * `argocd admin redis-initial-password` (argo-helm's redis-secret-init Job): Secret `argocd-redis` with key
 * `auth` in the namespace it runs in (argo-cd v3.3.9 cmd/argocd/commands/admin/redis_initial_password.go,
 * common.RedisInitialCredentials and RedisInitialCredentialsKey).
 */
const argocdRedisPassword: Creator = (argv, ns) => {
  const at = argv.indexOf('redis-initial-password');
  if (at < 2 || argv[at - 1] !== 'admin' || !/(^|\/)argocd$/.test(argv[at - 2]!)) return undefined;
  return { namespace: ns, name: 'argocd-redis', keys: ['auth'] };
};

/**
 * `kube-webhook-certgen create` (kube-prometheus-stack's admission-create Job): Secret `--secret-name` in
 * `--namespace`, keys `--ca-name`, `--cert-name`, `--key-name` (default ca, cert, key; jkroepke/kube-webhook-certgen
 * v1.7.3 cmd/create.go, the newest tag readable here; the chart runs 1.8.7).
 */
const webhookCertgen: Creator = (argv) => {
  const sub = argv.indexOf('create');
  if (sub < 0 || !argv.slice(0, sub).some((a) => /kube-webhook-certgen/.test(a))) return undefined;
  const flag = (name: string) =>
    argv
      .slice(sub + 1)
      .find((a) => a.startsWith(`--${name}=`))
      ?.slice(name.length + 3);
  const name = flag('secret-name');
  const namespace = flag('namespace');
  if (!name || !namespace) return undefined;
  return {
    namespace,
    name,
    keys: [flag('ca-name') ?? 'ca', flag('cert-name') ?? 'cert', flag('key-name') ?? 'key'],
  };
};

const CREATORS: readonly Creator[] = [argocdRedisPassword, webhookCertgen];

/**
 * True when Argo CD runs the Job before or with the workloads of its sync. A PostSync hook (helm post-install or
 * post-upgrade) runs only once they are healthy, which they cannot be without its Secret; other hooks never run
 * in a sync. Argo CD's mapping (argo-cd v3.3.9 gitops-engine/pkg/sync/hook/helm/type.go): pre-install and
 * pre-upgrade are PreSync; an argocd.argoproj.io/hook annotation replaces helm.sh/hook.
 */
function runsByWorkloads(job: KubeObject): boolean {
  const csv = (key: string) =>
    (job.metadata.annotations?.[key] ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean);
  const argo = csv('argocd.argoproj.io/hook');
  if (argo.length) return argo.includes('PreSync') || argo.includes('Sync');
  const helm = csv('helm.sh/hook');
  return helm.length === 0 || helm.includes('pre-install') || helm.includes('pre-upgrade');
}

/**
 * The Secrets a Job creates when it runs, one per container whose program is known, when Argo CD runs it before
 * or with the workloads (runsByWorkloads). The image counts as the first word when the container names no
 * command (kube-webhook-certgen's image runs it as its entrypoint).
 */
export function jobSecrets(job: KubeObject): JobSecret[] {
  if (job.kind !== 'Job' || !runsByWorkloads(job)) return [];
  const spec = podSpecOf(job)?.spec;
  if (!spec) return [];
  const ns = job.metadata.namespace ?? '';
  const out: JobSecret[] = [];
  for (const c of [...list(spec.initContainers), ...list(spec.containers)]) {
    const command = strings(c.command);
    const argv = [...(command.length ? command : [String(c.image ?? '')]), ...strings(c.args)];
    for (const create of CREATORS) {
      const s = create(argv, ns);
      if (s) out.push(s);
    }
  }
  return out;
}

const list = (v: unknown): Yaml[] => (Array.isArray(v) ? v.filter(isObject) : []);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
