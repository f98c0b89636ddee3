import { ollamaImage } from '../../images/ollama.ts';
import type { KubeObject } from '../../k8s/object.ts';
import type { Plan, PlannedService } from '../../plan/types.ts';
import type { BuildContext } from '../types.ts';
import { objectMeta } from '../../k8s/meta.ts';
import { env, serviceUrl } from '../../build/refs.ts';
import { workload } from '../../build/workload.ts';
import { scriptContainer, scriptPodSecurity, scriptVolumes } from '../../build/script-job.ts';
import { instanceSettings } from '../../models/settings.ts';
import { KEEP_LOADED_ANNOTATION, MODELS_ANNOTATION } from '../../k8s/annotations.ts';

/** The runtime settings of one Ollama instance (computed by the model planner's settings). */
export type { OllamaSettings } from '../../models/settings.ts';

function keepLoadedOn(plan: Plan, instance: string): string[] {
  return plan.models
    .filter((m) => m.instances.includes(instance) && m.model.keepLoaded)
    .map((m) => m.model.name);
}

/** Models the plan places on this instance. */
export function modelsOn(plan: Plan, instance: string): string[] {
  return plan.models.filter((m) => m.instances.includes(instance)).map((m) => m.model.name);
}

/** The env of one Ollama instance, from the model planner (src/models/settings.ts). */
export const ollamaSettings = instanceSettings;

/** Ollama as a non-root Deployment on its models volume, configured from the plan, plus the model-pull Job. */
export function ollamaObjects(ctx: BuildContext): KubeObject[] {
  const { plan, self } = ctx;
  const s = ollamaSettings(plan, self);
  const objects = workload(ctx, {
    user: ollamaImage.user.value,
    containers: [
      {
        env: [
          env('OLLAMA_HOST', `0.0.0.0:${self.def.ports[0]!.port}`),
          // The image's HOME is /root; a non-root user keeps its key and models on the volume instead.
          env('HOME', '/models'),
          env('OLLAMA_MODELS', '/models/models'),
          env('OLLAMA_KEEP_ALIVE', s.keepAlive),
          env('OLLAMA_FLASH_ATTENTION', s.flashAttention ? '1' : '0'),
          env('OLLAMA_KV_CACHE_TYPE', s.kvCacheType),
          env('OLLAMA_NUM_PARALLEL', s.numParallel),
          env('OLLAMA_MAX_LOADED_MODELS', s.maxLoadedModels),
          env('OLLAMA_CONTEXT_LENGTH', s.contextLength),
        ],
        liveness: { http: '/', initialDelaySeconds: 10 },
        readiness: { http: ollamaImage.health!.value },
        readOnlyRootFilesystem: true,
        volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
      },
    ],
    volumes: [{ name: 'tmp', emptyDir: {} }],
  });
  const models = modelsOn(plan, self.name);
  if (models.length) objects.push(pullJob(plan, self, models));
  return objects;
}

/**
 * A PostSync Job that pulls the placed models into the instance once it is healthy. `ollama pull` of a model
 * that is present only checks its manifest, so re-running the Job is idempotent.
 */
function pullJob(plan: Plan, self: PlannedService, models: string[]): KubeObject {
  const script = ['set -e', ...models.map((m) => `ollama pull ${m}`)].join('\n');
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: objectMeta(self, `${self.name}-pull-models`, {
      component: 'model-sync',
      annotations: {
        'argocd.argoproj.io/hook': 'PostSync',
        'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
        // Read by the model-fits-gpu check rule: what the Job pulls, and which must stay resident together.
        [MODELS_ANNOTATION]: models.join(','),
        [KEEP_LOADED_ANNOTATION]: keepLoadedOn(plan, self.name).join(','),
      },
    }),
    spec: {
      backoffLimit: 3,
      ttlSecondsAfterFinished: 86400,
      template: {
        // The service's own labels (and a component): its policies, with the self-call, let it reach Ollama.
        metadata: {
          labels: objectMeta(self, `${self.name}-pull-models`, { component: 'model-sync' }).labels,
        },
        spec: {
          restartPolicy: 'OnFailure',
          automountServiceAccountToken: false,
          securityContext: scriptPodSecurity(),
          containers: [
            scriptContainer('pull', self.image, '/bin/sh', script, [
              env('OLLAMA_HOST', serviceUrl(plan, self.name, 'http')),
              env('HOME', '/tmp'),
            ]),
          ],
          volumes: scriptVolumes(),
        },
      },
    },
  };
}
