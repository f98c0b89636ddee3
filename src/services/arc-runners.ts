import type { KubeObject } from '../k8s/object.ts';
import { placeService } from '../plan/placement.ts';
import type { Placement, Plan, PlannedService } from '../plan/types.ts';
import { ARGOCD_NAMESPACE, serviceApplication } from '../build/argocd.ts';
import { planned } from '../build/refs.ts';
import { requiredAffinity } from '../build/workload.ts';
import { ARC_CONTROLLER_SERVICE_ACCOUNT } from './arc-controller.ts';
import { resources } from './helpers.ts';
import type { ChartSource, ServiceDef } from './types.ts';
import { CHARTS, IMAGES } from './versions.ts';
import { SCALE_SET_ANNOTATION } from '../k8s/annotations.ts';

/** UID and GID of the `runner` user in ghcr.io/actions/actions-runner (docker group 123). */
const RUNNER_UID = 1001;
const RUNNER_GID = 123;

/** One runner scale set: the label workflows use in `runs-on`, and where its pods go. */
interface ScaleSet {
  name: string;
  arch: 'amd64' | 'arm64';
  placement: Placement;
  maxRunners: number;
}

/** Where the GitHub App registers runners: the owner (organisation) of the GitOps repository. */
export function githubConfigUrl(plan: Plan): string {
  const m = /^https:\/\/github\.com\/([^/]+)\//.exec(plan.config.gitops.repoURL);
  return m ? `https://github.com/${m[1]}` : plan.config.gitops.repoURL.replace(/\.git$/, '');
}

/** The scale sets this cluster can run: amd64 always, gpu with an NVIDIA node, arm64 with an arm64 node. */
export function scaleSets(plan: Plan, self: PlannedService): ScaleSet[] {
  const nodes = plan.config.cluster.nodes;
  const sets: ScaleSet[] = [{ name: 'amd64', arch: 'amd64', placement: self.placement, maxRunners: 4 }];
  if (nodes.some((n) => n.gpus.some((g) => g.vendor === 'nvidia'))) {
    // The GPU placement of the plan: selector, taint tolerations, runtime class and one slice per runner.
    const gpu = placeService({ ...self.def, gpu: { mode: 'required', slices: 1, vramGiB: 0 } }, plan.config);
    sets.push({ name: 'gpu', arch: 'amd64', placement: gpu, maxRunners: 1 });
  }
  if (nodes.some((n) => n.arch === 'arm64')) {
    // Native arm64 pods instead of qemu emulation: no privileged binfmt init container.
    const arm = placeService({ ...self.def, archs: ['arm64'] }, plan.config);
    sets.push({ name: 'arm64', arch: 'arm64', placement: arm, maxRunners: 2 });
  }
  return sets;
}

function runnerPod(self: PlannedService, set: ScaleSet): Record<string, unknown> {
  const p = set.placement;
  const limits: Record<string, string> = { ...self.resources.limits };
  const requests: Record<string, string> = { ...self.resources.requests };
  if (p.gpuSlices) limits['nvidia.com/gpu'] = requests['nvidia.com/gpu'] = String(p.gpuSlices);
  return {
    spec: {
      nodeSelector: { ...p.nodeSelector, 'kubernetes.io/arch': set.arch },
      ...(p.tolerations.length ? { tolerations: p.tolerations } : {}),
      ...(p.runtimeClassName ? { runtimeClassName: p.runtimeClassName } : {}),
      ...requiredAffinity(p.nodeAffinity),
      securityContext: {
        runAsNonRoot: true,
        runAsUser: RUNNER_UID,
        runAsGroup: RUNNER_GID,
        fsGroup: RUNNER_GID,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [
        {
          name: 'runner',
          image: self.images?.runner ?? self.image,
          command: ['/home/runner/run.sh'],
          resources: { requests, limits },
          securityContext: {
            allowPrivilegeEscalation: false,
            privileged: false,
            capabilities: { drop: ['ALL'] },
          },
        },
      ],
    },
  };
}

/** The listener pod's one container: long-polls GitHub for jobs and scales the runners (a small Go binary). */
const LISTENER_RESOURCES = resources('10m', '64Mi', '200m', '256Mi');

/** Values of the gha-runner-scale-set chart for one scale set. */
export function scaleSetValues(plan: Plan, self: PlannedService, set: ScaleSet): Record<string, unknown> {
  const controller = planned(plan, 'arc-controller');
  return {
    githubConfigUrl: githubConfigUrl(plan),
    // The GitHub App credentials, supplied with `shai secrets set` (external secret).
    githubConfigSecret: self.secrets.find((s) => s.name === 'github-app')!.name,
    runnerScaleSetName: `${plan.config.cluster.name}-${set.name}`,
    minRunners: 0,
    maxRunners: set.maxRunners,
    // Argo CD renders without `lookup`: name the controller's ServiceAccount instead of discovering it.
    controllerServiceAccount: { namespace: controller.namespace, name: ARC_CONTROLLER_SERVICE_ACCOUNT },
    template: runnerPod(self, set),
    // The listener pod runs in the controller's namespace, which enforces the restricted Pod Security profile.
    listenerTemplate: {
      spec: {
        securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [
          {
            name: 'listener',
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            // The controller copies resources only from here (ARC 0.14 resourcebuilder mergeListenerContainer);
            // without limits admission refuses the listener and no runner ever starts.
            resources: LISTENER_RESOURCES,
          },
        ],
      },
    },
  };
}

function chartFor(plan: Plan, self: PlannedService, set: ScaleSet): ChartSource {
  return {
    ...CHARTS.arcRunners,
    releaseName: `arc-runners-${set.name}`,
    values: scaleSetValues(plan, self, set),
  };
}

/** Runner scale sets: amd64, gpu (when a node has a GPU) and arm64 (when an arm64 node exists). */
export const arcRunners: ServiceDef = {
  name: 'arc-runners',
  title: 'GitHub Actions runners',
  description:
    'Ephemeral self-hosted runners per architecture and for GPU jobs, authenticated as a GitHub App.',
  layer: 'ci',
  namespace: 'arc-runners',
  wave: 5,
  defaultEnabled: true,
  images: { runner: IMAGES.actionsRunner },
  chart: CHARTS.arcRunners,
  ports: [],
  needs: [
    { service: 'arc-controller', why: 'AutoscalingRunnerSet objects are reconciled by the controller' },
  ],
  exposes: [],
  secrets: [
    {
      name: 'github-app',
      keys: {
        github_app_id: {
          kind: 'external',
          description: 'App ID of the GitHub App (Settings → Developer settings)',
        },
        github_app_installation_id: {
          kind: 'external',
          description: 'installation ID of the App on the organisation',
        },
        github_app_private_key: { kind: 'external', description: 'the App private key, PEM' },
      },
    },
  ],
  storage: [],
  egress: { internet: true },
  backup: { kind: 'none', reason: 'ephemeral runners' },
  scaling: {
    defaultReplicas: 1,
    maxReplicas: 1,
    reason: 'runner pods are scaled by ARC between minRunners and maxRunners',
  },
  resources: resources('500m', '1Gi', '2', '4Gi'),
  podSecurity: { level: 'restricted' },
  /*
   * An Application carries one chart release, so the service's own Application deploys the amd64 set
   * and each further set is one more Application (apps/arc-runners-<set>.yaml, same project, wave and
   * namespace) built from the same template.
   */
  build: ({ plan, self }) => {
    const [first, ...rest] = scaleSets(plan, self);
    const objects: KubeObject[] = rest.map((set) => {
      const app = serviceApplication(plan, self, chartFor(plan, self, set), false);
      const annotations = { ...app.metadata.annotations, [SCALE_SET_ANNOTATION]: set.name };
      return {
        ...app,
        metadata: {
          ...app.metadata,
          name: `arc-runners-${set.name}`,
          namespace: ARGOCD_NAMESPACE,
          annotations,
        },
      };
    });
    return { objects, chart: chartFor(plan, self, first!) };
  },
};
