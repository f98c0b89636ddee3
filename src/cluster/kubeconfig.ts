import { KubeConfig } from '@kubernetes/client-node';
import { UserError } from '../errors.ts';
import { describeErrno, errnoCode } from '../fs-errors.ts';

/** Which kubeconfig and context to use; both default like kubectl. */
export interface KubeconfigOptions {
  kubeconfig?: string;
  context?: string;
}

// What @kubernetes/client-node falls back to when it finds no kubeconfig at all (no KUBECONFIG, no
// ~/.kube/config, not in a pod): a plain-HTTP localhost:8080 that then fails with "HTTP protocol is not
// allowed when skipTLSVerify is not set or false", which says nothing about the real problem.
const FALLBACK = { cluster: 'cluster', server: 'http://localhost:8080', user: 'user' };

function isFallback(kc: KubeConfig): boolean {
  const cluster = kc.getCurrentCluster();
  return (
    cluster?.name === FALLBACK.cluster &&
    cluster.server === FALLBACK.server &&
    kc.getCurrentUser()?.name === FALLBACK.user
  );
}

function cannotLoad(source: string, cause: unknown): UserError {
  const code = errnoCode(cause);
  const why = code ? describeErrno(code) : (cause as Error).message.split('\n')[0];
  return new UserError(`${source}: cannot load the kubeconfig: ${why}`, { cause });
}

/**
 * Loads the kubeconfig like kubectl (--kubeconfig, else KUBECONFIG, else ~/.kube/config, else the pod's
 * service account) and refuses, with one line ending in `hint` (how else to give this command what it
 * needs), a kubeconfig that is missing, unreadable, invalid or has no such context.
 */
export function loadKubeConfig(
  opts: KubeconfigOptions,
  env: Record<string, string | undefined>,
  hint: string,
): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (opts.kubeconfig) kc.loadFromFile(opts.kubeconfig);
    else kc.loadFromDefault();
  } catch (cause) {
    throw cannotLoad(
      opts.kubeconfig ?? (env.KUBECONFIG ? `KUBECONFIG=${env.KUBECONFIG}` : 'kubeconfig'),
      cause,
    );
  }
  if (!opts.kubeconfig && isFallback(kc)) {
    throw new UserError(
      `no kubeconfig found (KUBECONFIG is not set and ~/.kube/config does not exist); ${hint}`,
    );
  }
  if (opts.context) {
    if (!kc.getContextObject(opts.context)) {
      const have = kc.getContexts().map((c) => c.name);
      throw new UserError(`--context ${opts.context}: no such context (have: ${have.join(', ') || 'none'})`);
    }
    kc.setCurrentContext(opts.context);
  }
  if (!kc.getCurrentCluster()) throw new UserError(`the kubeconfig names no current cluster; ${hint}`);
  return kc;
}
