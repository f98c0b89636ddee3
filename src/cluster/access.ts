import type { KindInfo } from './kinds.ts';

/** Why a kind could not be read, and what the user does about it. */
export interface ReadProblem {
  /** One line: what went wrong, e.g. `forbidden (HTTP 403)`. */
  reason: string;
  /** What to do, with a command that shows the fix worked. */
  fix: string;
}

/** A kind missing from a dump: the dump command was not run in full, or kubectl could not list it. */
export function notInDump(k: KindInfo): ReadProblem {
  return {
    reason: k.crd
      ? `not in the dump (the ${k.kubectl} CRD is not installed, or kubectl could not list it)`
      : 'not in the dump',
    fix: 'Write the dump with every command of shai doctor --dump-command, then run shai doctor --from on its folder.',
  };
}

/** 401: the API server did not accept the credentials at all; no grant can help. */
export function unauthenticated(): ReadProblem {
  return {
    reason: 'not authenticated (HTTP 401): the API server did not accept the credentials',
    fix: 'Check the kubeconfig credentials (an expired token or client certificate, or the kubeconfig of another cluster); kubectl get nodes must work with the same kubeconfig.',
  };
}

/** 403: authenticated, but RBAC does not allow the list: names the verb, resource, group and scope to grant. */
export function forbidden(k: KindInfo, user?: string): ReadProblem {
  const group = k.apiVersion.includes('/') ? k.apiVersion.split('/')[0]! : '';
  const scope = k.namespaced ? 'in every namespace' : 'cluster-wide';
  const canI = `kubectl auth can-i list ${k.kubectl}${k.namespaced ? ' --all-namespaces' : ''}`;
  return {
    reason: `forbidden (HTTP 403): ${user ? `user ${user}` : 'the credentials'} may not list ${k.kubectl} ${scope}`,
    fix:
      `Grant the verb list on ${k.plural} (API group ${group ? `"${group}"` : '"" (core)'}) cluster-wide: ` +
      `a ClusterRole rule { apiGroups: ["${group}"], resources: ["${k.plural}"], verbs: ["list"] } bound with a ClusterRoleBinding; ` +
      `check with: ${canI}`,
  };
}

/** The user named in an API server's 403 Status message (`User "x" cannot list ...`), if any. */
export function forbiddenUser(body: unknown): string | undefined {
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
  return /User \\?"([^"\\]+)\\?" cannot/.exec(text)?.[1];
}
