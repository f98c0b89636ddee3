import { ALERTMANAGER_SECRETS_DIR, alertmanagerConfig, alertSecrets } from '../observe/alertmanager.ts';
import { FOLDER_ANNOTATION } from '../observe/grafana.ts';
import { exposureRoutes } from '../build/ingress.ts';
import { IGNORE_ANNOTATION, IGNORE_REASON_ANNOTATION } from '../k8s/annotations.ts';
import { GROUPS_CLAIM } from '../build/realm.ts';
import { isPlanned, publicUrl, serviceUrl } from '../build/refs.ts';
import { CA_FILE, CA_MOUNT_PATH, platformCa } from '../build/trust.ts';
import { backupVolumes } from '../build/velero-backup.ts';
import { resources } from './helpers.ts';
import type { BuildContext } from './types.ts';
import type { ServiceDef } from './types.ts';
import { CHARTS } from './versions.ts';
import { KUBE_PROMETHEUS_STACK_ADMISSION } from './system/chart-admission.ts';

/** kube-prometheus-stack: Prometheus, Alertmanager and Grafana (OIDC login, admin secret). */
export const kubePrometheusStack: ServiceDef = {
  name: 'kube-prometheus-stack',
  title: 'Prometheus, Alertmanager, Grafana',
  description:
    'Metrics of every service with a metrics port, alerts to the receivers of platform.yaml, dashboards.',
  layer: 'ops',
  namespace: 'monitoring',
  wave: -1,
  defaultEnabled: true,
  images: {},
  chart: CHARTS.kubePrometheusStack,
  ports: [
    { name: 'grafana', port: 3000, serviceName: 'kube-prometheus-stack-grafana' },
    { name: 'prometheus', port: 9090, serviceName: 'kube-prometheus-stack-prometheus' },
    { name: 'alertmanager', port: 9093, serviceName: 'kube-prometheus-stack-alertmanager' },
  ],
  needs: [
    {
      service: 'prometheus-crds',
      why: 'its Prometheus, Alertmanager and ServiceMonitor objects use those CRDs',
    },
    { service: 'keycloak', port: 'http', why: 'Grafana OIDC login' },
  ],
  exposes: [
    { port: 'grafana', subdomain: 'grafana', auth: 'oidc', kind: 'ui', healthPath: '/api/health' },
    {
      port: 'prometheus',
      subdomain: 'prometheus',
      auth: 'forward-auth',
      kind: 'ui',
      healthPath: '/-/healthy',
    },
    {
      port: 'alertmanager',
      subdomain: 'alertmanager',
      auth: 'forward-auth',
      kind: 'ui',
      healthPath: '/-/healthy',
    },
  ],
  secrets: [
    {
      name: 'grafana-admin',
      keys: {
        'admin-user': { kind: 'fixed', value: 'admin' },
        'admin-password': { kind: 'password', length: 32 },
      },
      admin: true,
    },
  ],
  secretRefs: [
    { key: 'alerts.slack.webhook', why: 'Alertmanager reads the webhook URL from the mounted Secret' },
    { key: 'alerts.email.password', why: 'Alertmanager reads the SMTP password from the mounted Secret' },
  ],
  storage: [
    {
      name: 'prometheus',
      size: '50Gi',
      mountPath: '/prometheus',
      accessMode: 'ReadWriteOnce',
      backup: false,
    },
    {
      name: 'alertmanager',
      size: '2Gi',
      mountPath: '/alertmanager',
      accessMode: 'ReadWriteOnce',
      backup: false,
    },
    {
      name: 'grafana',
      size: '5Gi',
      mountPath: '/var/lib/grafana',
      accessMode: 'ReadWriteOnce',
      backup: true,
    },
  ],
  metrics: { port: 'prometheus', path: '/metrics' },
  sso: { kind: 'oidc', redirectPaths: ['/login/generic_oauth'], clientId: 'grafana' },
  // Alertmanager's receivers (Slack webhooks, e-mail) are on the internet.
  egress: { apiServer: true, internet: true },
  network: {
    scrapesMetrics: true,
    fromApiServer: [
      { port: 10250, why: "the Prometheus operator's admission webhook validates PrometheusRules" },
    ],
    intraNamespace:
      'Grafana queries Prometheus and Loki, Prometheus alerts Alertmanager and scrapes the stack (operator, kube-state-metrics, Grafana, Loki, Alloy)',
    // The smarthost's own port and address, a LAN relay included.
    endpoints: [{ key: 'alerts.email.smarthost', why: 'Alertmanager e-mail through the smarthost' }],
    // Node addresses are not in platform.yaml: these are open to any address on their port only.
    extraEgress: [
      { port: 10250, why: 'the kubelets (node metrics, cAdvisor) on every node' },
      { port: 9100, why: 'node-exporter, which runs in the host network of every node' },
    ],
  },
  backup: {
    kind: 'volume',
    volumes: ['grafana'],
    // The grafana subchart's pod (labels as real helm rendered it: test/fixtures/charts/kube-prometheus-stack.yaml).
    pods: { 'app.kubernetes.io/name': 'grafana' },
    // Dashboards and data sources are provisioned from the GitOps tree; what is kept is what people saved in the UI.
    consistency:
      "Grafana's SQLite file as it is at the copy (Grafana writes it rarely: saved dashboards, users)",
    probe: {
      what: "Grafana's database file is there",
      shell: '/bin/sh',
      script: 'test -s /var/lib/grafana/grafana.db',
    },
  },
  scaling: {
    defaultReplicas: 1,
    maxReplicas: 1,
    reason: 'Prometheus and Alertmanager keep their data on RWO volumes',
  },
  resources: resources('500m', '2Gi', '2', '4Gi'),
  podSecurity: {
    level: 'privileged',
    reason: 'node-exporter uses the host network, PID namespace and root filesystem',
  },
  build: (ctx) => {
    const { plan, self } = ctx;
    const ca = platformCa(plan, self);
    const volume = (name: string) => {
      const v = self.storage.find((x) => x.name === name)!;
      return {
        storageClassName: v.storageClass,
        accessModes: [v.accessMode],
        resources: { requests: { storage: v.size } },
      };
    };
    const grafanaPort = self.def.ports.find((p) => p.name === 'grafana')!.port;
    return {
      chart: {
        ...CHARTS.kubePrometheusStack,
        values: {
          prometheus: {
            prometheusSpec: {
              retention: '15d',
              // Drop the oldest blocks before the volume fills up.
              retentionSize: `${Math.floor(parseInt(volume('prometheus').resources.requests.storage, 10) * 0.85)}GB`,
              // Without these the operator only selects objects labelled with the chart's release.
              serviceMonitorSelectorNilUsesHelmValues: false,
              podMonitorSelectorNilUsesHelmValues: false,
              ruleSelectorNilUsesHelmValues: false,
              storageSpec: { volumeClaimTemplate: { spec: volume('prometheus') } },
              resources: self.resources,
            },
          },
          alertmanager: {
            config: alertmanagerConfig(plan),
            // The chart keeps this configuration in a Secret (alertmanager/secret.yaml), which no-plain-secrets
            // would refuse; it holds no credential, receivers read theirs from mounted sealed secrets.
            secret: { annotations: CONFIG_NOT_A_CREDENTIAL },
            alertmanagerSpec: {
              secrets: alertSecrets(plan),
              storage: { volumeClaimTemplate: { spec: volume('alertmanager') } },
              ...KUBE_PROMETHEUS_STACK_ADMISSION.alertmanagerSpec,
            },
          },
          // Limits for every other pod of the chart; the keys are cited in chart-admission.ts.
          grafana: {
            ...grafanaValues(ctx, grafanaPort, volume('grafana'), ca),
            ...KUBE_PROMETHEUS_STACK_ADMISSION.grafana,
            // shai's dashboard ConfigMaps (src/render/observe/objects.ts) name their folder in this annotation; the provider
            // then files them under it (the chart's own dashboards, without it, stay in the General folder).
            sidecar: {
              ...KUBE_PROMETHEUS_STACK_ADMISSION.grafana.sidecar,
              dashboards: {
                folderAnnotation: FOLDER_ANNOTATION,
                provider: { foldersFromFilesStructure: true },
              },
            },
          },
          prometheusOperator: KUBE_PROMETHEUS_STACK_ADMISSION.prometheusOperator,
          // shai's own rules replace these (with runbooks and the service label Alertmanager groups by).
          defaultRules: { disabled: Object.fromEntries(REPLACED_RULES.map((r) => [r, true])) },
          // prometheus-crds owns the monitoring.coreos.com CRDs: two Applications applying them would flap.
          crds: { enabled: false },
          // k3s runs CoreDNS in kube-system and embeds the control plane, etcd and kube-proxy in its own process:
          // the chart's Services for them land in kube-system, which project ops may not deploy to, select pods
          // that do not exist, and their absent() alerts (KubeSchedulerDown, ...) would fire from day one.
          ...Object.fromEntries(K3S_EMBEDDED.map((k) => [k, { enabled: false }])),
          'kube-state-metrics': KUBE_PROMETHEUS_STACK_ADMISSION['kube-state-metrics'],
          'prometheus-node-exporter': KUBE_PROMETHEUS_STACK_ADMISSION['prometheus-node-exporter'],
        },
      },
      objects: [
        ...(ca?.objects ?? []),
        // The PrometheusRule and the dashboards are derived from the whole manifest (src/render/observe/objects.ts).
        ...exposureRoutes(ctx),
      ],
    };
  },
};

/** Chart alerts shai's rules replace: TargetDown → ServiceTargetDown, and the platform alerts of the same meaning. */
const REPLACED_RULES = [
  'KubeJobFailed',
  'KubeNodeNotReady',
  'KubePersistentVolumeFillingUp',
  'KubePodCrashLooping',
  'TargetDown',
];

/**
 * The suppression the chart's Alertmanager config Secret carries. Its reason is checked: every key Alertmanager
 * v0.34 types as a secret stays out of alertmanagerConfig (test/services/alertmanager-config.test.ts).
 */
const CONFIG_NOT_A_CREDENTIAL = {
  [IGNORE_ANNOTATION]: 'no-plain-secrets',
  [IGNORE_REASON_ANNOTATION]: `Alertmanager's configuration, not a credential: receivers read their credentials from the sealed secrets mounted under ${ALERTMANAGER_SECRETS_DIR} (*_file keys); the alert-digest webhook URL is n8n's in-cluster address, no credential`,
};

/** kube-prometheus-stack's scrape targets for components k3s does not run as their own pods. */
const K3S_EMBEDDED = ['coreDns', 'kubeControllerManager', 'kubeEtcd', 'kubeProxy', 'kubeScheduler'] as const;

/** Grafana: admin from its planned secret, generic OAuth against the realm, the Loki data source. */
function grafanaValues(
  { plan, self }: BuildContext,
  port: number,
  volume: { storageClassName: string; resources: { requests: { storage: string } } },
  ca: ReturnType<typeof platformCa>,
): Record<string, unknown> {
  const client = plan.ssoClients.find((c) => c.service === self.name);
  const realm = `${publicUrl(plan, 'keycloak')}/realms/${plan.config.sso.realm}/protocol/openid-connect`;
  const fromSecret = (key: string) => ({ secretKeyRef: { name: client!.secret.name, key } });
  return {
    // The Service port the IngressRoute and network flows use (the chart's default is 80).
    service: { port },
    admin: { existingSecret: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' },
    persistence: {
      enabled: true,
      size: volume.resources.requests.storage,
      storageClassName: volume.storageClassName,
    },
    // The chart names the pod's volume of that claim `storage`: Velero's opt-in, when the volume is kept.
    podAnnotations: backupVolumes(
      self.storage.some((v) => v.name === 'grafana' && v.backup) ? ['storage'] : [],
    ),
    ...(client
      ? {
          envValueFrom: {
            GF_AUTH_GENERIC_OAUTH_CLIENT_ID: fromSecret('client-id'),
            GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET: fromSecret(client.secret.key),
          },
        }
      : {}),
    'grafana.ini': {
      server: { root_url: publicUrl(plan, self.name, 'grafana') },
      ...(client
        ? {
            'auth.generic_oauth': {
              enabled: true,
              name: 'Keycloak',
              allow_sign_up: true,
              scopes: `openid email profile ${GROUPS_CLAIM}`,
              auth_url: `${realm}/auth`,
              token_url: `${realm}/token`,
              api_url: `${realm}/userinfo`,
              use_pkce: true,
              email_attribute_path: 'email',
              login_attribute_path: 'preferred_username',
              groups_attribute_path: GROUPS_CLAIM,
              role_attribute_path: `contains(${GROUPS_CLAIM}[*], '${plan.config.sso.adminGroup}') && 'Admin' || 'Viewer'`,
              ...(ca ? { tls_client_ca: CA_FILE } : {}),
            },
          }
        : {}),
    },
    ...(ca
      ? {
          extraSecretMounts: [
            { name: 'platform-ca', secretName: ca.secretName, mountPath: CA_MOUNT_PATH, readOnly: true },
          ],
        }
      : {}),
    ...(isPlanned(plan, 'loki')
      ? {
          // uid: the dashboards of src/render/observe/dashboards/ name their Loki data source by it.
          additionalDataSources: [
            {
              name: 'Loki',
              uid: 'loki',
              type: 'loki',
              access: 'proxy',
              url: serviceUrl(plan, 'loki', 'http'),
            },
          ],
        }
      : {}),
  };
}
