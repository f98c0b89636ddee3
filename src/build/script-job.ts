/*
 * The pod and container of shai's one-shot shell Jobs (a model pull, a bucket creation): non-root with a read-only
 * root, small fixed resources, and /tmp as the only writable place.
 */
import { readOnlyContainerSecurity } from './workload.ts';

/** The pod securityContext: uid and gid 1000, the runtime's default seccomp profile. */
export function scriptPodSecurity(): Record<string, unknown> {
  return {
    runAsNonRoot: true,
    runAsUser: 1000,
    runAsGroup: 1000,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** The container running `script` with `shell -c`; its logs are the termination message when it fails. */
export function scriptContainer(
  name: string,
  image: string,
  shell: string,
  script: string,
  env: unknown[],
): Record<string, unknown> {
  return {
    name,
    image,
    imagePullPolicy: 'IfNotPresent',
    terminationMessagePolicy: 'FallbackToLogsOnError',
    command: [shell, '-c', script],
    env,
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    securityContext: readOnlyContainerSecurity(),
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
  };
}

/** The scratch volume the container's /tmp is. */
export const scriptVolumes = (): Record<string, unknown>[] => [{ name: 'tmp', emptyDir: {} }];
