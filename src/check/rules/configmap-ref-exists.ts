import { checkKeyedRefs } from '../keyed-refs.ts';
import { configMapKeys } from '../../semantics/provided.ts';
import { elsewhere } from '../../semantics/refs.ts';
import type { Rule } from '../types.ts';

/** ConfigMaps referenced by pods exist in the pod's namespace and hold the keys asked for. */
export const configMapRefExists: Rule = {
  id: 'configmap-ref-exists',
  title: 'Referenced ConfigMaps exist with their keys',
  severity: 'error',
  family: 'references',
  targets: ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'],
  fix: 'Create the ConfigMap in the namespace of the workload with the key asked for, or fix the reference.',
  docs:
    'Checks `configMapKeyRef`, `envFrom.configMapRef`, `configMap` and projected volumes (their `items` keys); keys are ' +
    '`data` plus `binaryData`. `kube-root-ca.crt` exists in every namespace. References marked `optional: true` pass.',
  check: (ctx) =>
    checkKeyedRefs(ctx, {
      ref: 'configMap',
      word: 'configmap',
      keys: configMapKeys,
      elsewhere: (index, name, ns) => elsewhere(index, ['ConfigMap'], name, ns),
    }),
};
