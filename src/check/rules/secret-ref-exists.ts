import { checkKeyedRefs } from '../keyed-refs.ts';
import { secretElsewhere, secretKeys } from '../../semantics/provided.ts';
import type { Rule } from '../types.ts';

/** Secrets referenced by pods exist in the pod's namespace and hold the keys asked for. */
export const secretRefExists: Rule = {
  id: 'secret-ref-exists',
  title: 'Referenced Secrets exist with their keys',
  severity: 'error',
  family: 'references',
  targets: ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'],
  fix: 'Create the Secret (as a SealedSecret) in the namespace of the workload with the key asked for, or fix the reference.',
  docs:
    'Checks `secretKeyRef`, `envFrom.secretRef`, `secret` and projected volumes (their `items` keys) and `imagePullSecrets`. ' +
    'A Secret is provided by a Secret, a SealedSecret (keys: `spec.encryptedData` plus `spec.template.data`), a cert-manager ' +
    'Certificate (`spec.secretName`), a CloudNativePG Cluster (`<name>-app`) or a Job whose program creates it when it runs ' +
    '(`argocd admin redis-initial-password`: `argocd-redis`; `kube-webhook-certgen create`: its `--secret-name`). ' +
    'References marked `optional: true` pass. ' +
    'When the Secret exists in another namespace, the message says where: pods can only read Secrets of their own namespace.',
  check: (ctx) =>
    checkKeyedRefs(ctx, { ref: 'secret', word: 'secret', keys: secretKeys, elsewhere: secretElsewhere }),
};
