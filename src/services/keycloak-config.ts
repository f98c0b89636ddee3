import { CALLS_ANNOTATION } from '../k8s/annotations.ts';
import { formatCalls } from '../semantics/netpol/declared.ts';
import { InternalError } from '../errors.ts';
import { objectMeta, selectorLabels } from '../k8s/meta.ts';
import { clientSecretEnv, realm } from '../build/realm.ts';
import { env, planned, serviceUrl } from '../build/refs.ts';
import { readOnlyContainerSecurity } from '../build/workload.ts';
import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { IMAGES } from './versions.ts';

/** keycloak-config-cli as a Job: applies the realm, groups and SSO clients of the plan on every sync. */
export const keycloakConfig: ServiceDef = {
  name: 'keycloak-config',
  title: 'Keycloak realm configuration',
  description: 'Applies the realm from the plan (groups, clients, mappers) through the Keycloak admin API.',
  layer: 'platform',
  namespace: 'auth',
  wave: -3,
  defaultEnabled: true,
  images: { main: IMAGES.keycloakConfigCli },
  ports: [],
  needs: [{ service: 'keycloak', port: 'http', why: 'applies the realm through the admin REST API' }],
  exposes: [],
  secrets: [],
  storage: [],
  backup: { kind: 'none', reason: 'the realm is rendered from platform.yaml' },
  scaling: { defaultReplicas: 1, maxReplicas: 1, reason: 'a Job that applies the realm once per sync' },
  resources: resources('100m', '256Mi', '500m', '512Mi'),
  podSecurity: { level: 'restricted' },
  build: ({ plan, self }) => {
    const keycloak = planned(plan, 'keycloak');
    // The admin secret is Keycloak's own: a Secret can only be read from the pod's namespace.
    if (keycloak.namespace !== self.namespace)
      throw new InternalError("keycloak-config must share keycloak's namespace");
    const ref = (name: string, secret: string, key: string) => ({
      name,
      valueFrom: { secretKeyRef: { name: secret, key } },
    });
    const clients = self.secrets.find((s) => s.name === 'sso-clients');
    const file = `${plan.config.sso.realm}.json`;
    const configMap = `${self.name}-realm`;
    const container = {
      name: self.name,
      image: self.image,
      imagePullPolicy: 'IfNotPresent',
      env: [
        env('KEYCLOAK_URL', serviceUrl(plan, keycloak.name, 'http')),
        ref('KEYCLOAK_USER', 'keycloak-admin', 'username'),
        ref('KEYCLOAK_PASSWORD', 'keycloak-admin', 'password'),
        // Waits for Keycloak instead of failing the hook while it is still starting.
        env('KEYCLOAK_AVAILABILITYCHECK_ENABLED', true),
        env('KEYCLOAK_AVAILABILITYCHECK_TIMEOUT', '300s'),
        env('IMPORT_FILES_LOCATIONS', `/config/${file}`),
        env('IMPORT_VARSUBSTITUTION_ENABLED', true),
        ...plan.ssoClients.map((c) => {
          if (!clients || !(c.clientId in clients.keys))
            throw new InternalError(`sso-clients has no key ${c.clientId}`);
          return ref(clientSecretEnv(c.clientId), clients.name, c.clientId);
        }),
      ],
      resources: self.resources,
      securityContext: readOnlyContainerSecurity(),
      volumeMounts: [
        { name: 'realm', mountPath: '/config', readOnly: true },
        { name: 'tmp', mountPath: '/tmp' },
      ],
    };
    return {
      objects: [
        {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: objectMeta(self, self.name),
          automountServiceAccountToken: false,
        },
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: objectMeta(self, configMap),
          // Only placeholders: the client secrets are substituted from the Job's environment.
          data: { [file]: `${JSON.stringify(realm(plan), null, 2)}\n` },
        },
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          metadata: objectMeta(self, self.name, {
            annotations: {
              // Every sync re-applies the realm: keycloak-config-cli updates an existing realm in place.
              'argocd.argoproj.io/hook': 'PostSync',
              'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
            },
          }),
          spec: {
            backoffLimit: 4,
            activeDeadlineSeconds: 900,
            template: {
              metadata: {
                labels: { ...objectMeta(self, self.name).labels, ...selectorLabels(self) },
                // The plan's flows from this service, as workload() writes them for `shai check`.
                annotations: {
                  [CALLS_ANNOTATION]: formatCalls(
                    plan.flows
                      .filter((f) => f.from.service === self.name)
                      .map((f) => ({ namespace: f.to.namespace, service: f.to.service, port: f.to.port })),
                  ),
                },
              },
              spec: {
                serviceAccountName: self.name,
                automountServiceAccountToken: false,
                restartPolicy: 'OnFailure',
                // The image's non-root user.
                securityContext: {
                  runAsNonRoot: true,
                  runAsUser: 1001,
                  runAsGroup: 1001,
                  seccompProfile: { type: 'RuntimeDefault' },
                },
                containers: [container],
                volumes: [
                  { name: 'realm', configMap: { name: configMap } },
                  { name: 'tmp', emptyDir: {} },
                ],
              },
            },
          },
        },
      ],
    };
  },
};
