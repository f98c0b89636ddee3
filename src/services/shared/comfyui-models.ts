import { CONFIG_CHECKSUM_ANNOTATION } from '../../k8s/annotations.ts';
import { comfyuiImage } from '../../images/comfyui.ts';
import type { KubeObject } from '../../k8s/object.ts';
import { checksum, objectMeta, selectorLabels } from '../../k8s/meta.ts';
import { readOnlyContainerSecurity } from '../../build/workload.ts';
import type { BuildContext } from '../types.ts';
import { DOWNLOAD_SCRIPT } from './comfyui-download.ts';

const CONFIG = 'comfyui-models';
const CONFIG_DIR = '/etc/shai/comfyui';
const MODELS_DIR = '/models';

/**
 * The model files of platform.yaml (`comfyui.models`) and the PostSync Job that puts them on ComfyUI's models
 * volume: resumable, checksum-verified, progress in its log. It runs beside ComfyUI on its node (the volume is
 * ReadWriteOnce) with the service's labels, so the service's internet egress is its way out.
 */
export function comfyuiModelObjects(ctx: BuildContext): KubeObject[] {
  const { plan, self } = ctx;
  const models = plan.config.comfyui.models;
  if (!models.length) return [];
  const list = `${JSON.stringify(
    models.map((m) => ({ name: m.name, folder: m.folder, url: m.url, sha256: m.sha256, size: m.size })),
    null,
    2,
  )}\n`;
  const name = `${self.name}-models`;
  const labels = objectMeta(self, name, { component: 'models' }).labels;
  const volume = self.storage.find((s) => s.name === 'models')!;
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: objectMeta(self, CONFIG, { component: 'models' }),
      data: { 'download.py': DOWNLOAD_SCRIPT, 'models.json': list },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: objectMeta(self, name, {
        component: 'models',
        annotations: {
          'argocd.argoproj.io/hook': 'PostSync',
          'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
        },
      }),
      spec: {
        // Every retry resumes the partial file, so a flaky link still gets there.
        backoffLimit: 20,
        template: {
          metadata: {
            labels,
            annotations: { [CONFIG_CHECKSUM_ANNOTATION]: checksum(DOWNLOAD_SCRIPT + list) },
          },
          spec: {
            serviceAccountName: self.name,
            automountServiceAccountToken: false,
            restartPolicy: 'OnFailure',
            ...(Object.keys(self.placement.nodeSelector).length
              ? { nodeSelector: self.placement.nodeSelector }
              : {}),
            ...(self.placement.tolerations.length ? { tolerations: self.placement.tolerations } : {}),
            affinity: {
              podAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: [
                  {
                    labelSelector: { matchLabels: selectorLabels(self) },
                    topologyKey: 'kubernetes.io/hostname',
                  },
                ],
              },
            },
            securityContext: {
              runAsNonRoot: true,
              runAsUser: comfyuiImage.user.value.uid,
              runAsGroup: comfyuiImage.user.value.gid,
              fsGroup: comfyuiImage.user.value.gid,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [
              {
                name: 'download',
                image: self.image,
                imagePullPolicy: 'IfNotPresent',
                terminationMessagePolicy: 'FallbackToLogsOnError',
                command: [
                  '/opt/conda/bin/python',
                  `${CONFIG_DIR}/download.py`,
                  `${CONFIG_DIR}/models.json`,
                  MODELS_DIR,
                ],
                env: [{ name: 'HOME', value: '/tmp' }],
                resources: {
                  requests: { cpu: '100m', memory: '128Mi' },
                  limits: { cpu: '1', memory: '512Mi' },
                },
                securityContext: readOnlyContainerSecurity(),
                volumeMounts: [
                  { name: 'models', mountPath: MODELS_DIR },
                  { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
                  { name: 'tmp', mountPath: '/tmp' },
                ],
              },
            ],
            volumes: [
              { name: 'models', persistentVolumeClaim: { claimName: `${self.name}-${volume.name}` } },
              { name: 'config', configMap: { name: CONFIG } },
              { name: 'tmp', emptyDir: {} },
            ],
          },
        },
      },
    },
  ];
}
