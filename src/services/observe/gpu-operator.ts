import { planModels } from '../../models/planner.ts';
import type { Plan } from '../../plan/types.ts';
import type { AlertSpec, ServiceObservability } from '../../observe/types.ts';

const MiB = 1024 * 1024;

/** VRAM the plan places on each GPU node (MiB): Ollama's budget plus the other GPU services' declared VRAM. */
export function plannedVram(
  plan: Plan,
): { node: string; ollamaMiB: number; plannedMiB: number; cardMiB: number }[] {
  return planModels(plan)
    .instances.filter((i) => i.kind === 'gpu')
    .map((i) => {
      const reserved = Object.values(i.reserved).reduce((a, b) => a + b, 0) * 1024;
      return {
        node: i.node,
        ollamaMiB: Math.round(i.budget / MiB),
        plannedMiB: Math.round(i.budget / MiB + reserved),
        cardMiB: Math.round(i.cardBytes / MiB),
      };
    });
}

const dcgm = (node: string, metric: string, value: number) => ({
  series: `${metric}{namespace="gpu-operator",job="nvidia-dcgm-exporter",gpu="0",Hostname="${node}",modelName="NVIDIA GeForce RTX 5080"}`,
  values: `${value}x60`,
});

/** GPUs: VRAM beyond what the planner placed, temperature, and a GPU node that stopped advertising its GPUs. */
export const gpuOperatorObservability: ServiceObservability = {
  service: 'gpu-operator',
  alerts: ({ plan }, self) => {
    const out: AlertSpec[] = [];
    for (const v of plannedVram(plan)) {
      out.push({
        alert: 'GpuVramAboveBudget',
        // The node label lets Alertmanager hold this back while the node itself is down.
        labels: { node: v.node },
        expr: `sum by (Hostname) (DCGM_FI_DEV_FB_USED{Hostname="${v.node}"}) > ${v.plannedMiB}`,
        for: '10m',
        severity: 'warning',
        service: self.name,
        summary: `GPU memory on ${v.node} is above the plan's ${v.plannedMiB} MiB`,
        description: `{{ $value }} MiB in use; the planner placed ${v.ollamaMiB} MiB for Ollama plus the other GPU services' declared VRAM.`,
        runbook: {
          meaning:
            'The GPU node uses more VRAM than `shai models plan` placed on it: a workload uses more than it declares, or Ollama loaded more models than planned. The next model load will spill to the CPU or fail.',
          confirm:
            'Grafana → shai → GPU and models, "VRAM used vs plan" (the plan is drawn as thresholds); `nvidia-smi` on the node lists the processes.',
          covered: { analyzer: 'node-gpu' },
          fix: 'Run `shai models plan` and compare; raise the declared vramGiB of the GPU service that grew, lower keepLoaded models or contextLength, or move a model to the CPU instance.',
        },
        test: {
          fire: [dcgm(v.node, 'DCGM_FI_DEV_FB_USED', v.plannedMiB + 512)],
          quiet: [dcgm(v.node, 'DCGM_FI_DEV_FB_USED', v.plannedMiB - 512)],
          labels: { Hostname: v.node },
        },
      });
    }
    const gpuNodes = plan.config.cluster.nodes
      .filter((n) => (n.gpus ?? []).some((g) => g.vendor === 'nvidia'))
      .map((n) => n.name);
    if (gpuNodes.length) {
      out.push({
        alert: 'GpuTemperatureHigh',
        expr: 'max by (Hostname, gpu) (DCGM_FI_DEV_GPU_TEMP) > 85',
        for: '10m',
        severity: 'warning',
        service: self.name,
        summary: 'GPU {{ $labels.gpu }} on {{ $labels.Hostname }} runs above 85 °C',
        description: 'The card is at {{ $value }} °C; it throttles its clocks and may shut down.',
        runbook: {
          meaning: 'A GPU has been above 85 °C for 10 minutes; consumer cards throttle around 83–90 °C.',
          confirm:
            'Grafana → shai → GPU and models, "Temperature" and "Power"; `nvidia-smi -q -d TEMPERATURE` on the node.',
          covered: {
            none: 'temperatures are not in cluster objects; doctor reports this alert when it fires (`shai doctor --probe`)',
          },
          fix: 'Check the case airflow and fans; cap the power (`nvidia-smi -pl`) or spread the load (fewer parallel requests in the Ollama settings).',
        },
        test: {
          fire: [dcgm(gpuNodes[0]!, 'DCGM_FI_DEV_GPU_TEMP', 90)],
          quiet: [dcgm(gpuNodes[0]!, 'DCGM_FI_DEV_GPU_TEMP', 70)],
          labels: { Hostname: gpuNodes[0]!, gpu: '0' },
        },
      });
      for (const node of gpuNodes) {
        const alloc = (v: number) => ({
          series: `kube_node_status_allocatable{node="${node}",resource="nvidia_com_gpu",unit="integer"}`,
          values: `${v}x60`,
        });
        out.push({
          alert: 'GpuNodeWithoutGpu',
          labels: { node },
          expr: `(max(kube_node_status_allocatable{node="${node}",resource="nvidia_com_gpu"}) or vector(0)) == 0`,
          for: '15m',
          severity: 'critical',
          service: self.name,
          summary: `GPU node ${node} advertises no nvidia.com/gpu`,
          description:
            'The GPU operator, driver or time-slicing config is broken on this node; GPU workloads cannot schedule.',
          runbook: {
            meaning:
              'A node platform.yaml says has NVIDIA GPUs advertises none to the scheduler: every GPU pod stays Pending.',
            confirm:
              '`kubectl describe node <node>` (Allocatable nvidia.com/gpu); `kubectl get pods -n gpu-operator -o wide` on that node; `shai doctor`.',
            covered: { analyzer: 'node-gpu' },
            fix: 'Follow `shai doctor`: the device plugin or toolkit pod of the node is failing (driver mismatch, containerd config of k3s not written, time-slicing ConfigMap invalid).',
          },
          test: { fire: [alloc(0)], quiet: [alloc(4)], labels: {} },
        });
      }
    }
    return out;
  },
};
