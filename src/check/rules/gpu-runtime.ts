import { gpuRequest, operatorConfigs, toolkitEnv } from '../gpu.ts';
import { workloads, type Yaml } from '../../semantics/pods.ts';
import { fail, pass } from '../result.ts';
import { hardTaints, tolerates } from '../../semantics/scheduler/filters.ts';
import { parseQuantity } from '../../k8s/quantity.ts';
import type { Rule, RuleContext, RuleResult } from '../types.ts';

/** GPU pods run with the NVIDIA runtime (runtime class or CDI) and tolerate the taints of the GPU nodes. */
export const gpuRuntime: Rule = {
  id: 'gpu-runtime',
  title: 'GPU pods have the NVIDIA runtime and the GPU toleration',
  severity: 'error',
  family: 'gpu',
  targets: ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'],
  fix: 'Set runtimeClassName: nvidia on the pod (or enable CDI as the default in the GPU operator) and tolerate the taints of the GPU nodes.',
  docs:
    'A pod that requests `nvidia.com/gpu` without the NVIDIA container runtime starts without the driver libraries (CUDA finds no ' +
    'device) or fails with `RuntimeHandler "nvidia" not supported`. It passes with `runtimeClassName: nvidia` (or a RuntimeClass in the ' +
    'tree whose handler is `nvidia`), or when the GPU operator (ClusterPolicy or the Helm values of its Application) sets `cdi.enabled` ' +
    'and `cdi.default`, or `CONTAINERD_SET_AS_DEFAULT=true` for the toolkit, which make the NVIDIA runtime implicit. With a node ' +
    'inventory, the pod must also tolerate every `NoSchedule`/`NoExecute` taint of at least one node that advertises `nvidia.com/gpu`.',
  check: (ctx) => {
    const implicit = runtimeImplicit(ctx);
    const classes = new Set([
      'nvidia',
      ...ctx.index
        .byKind('RuntimeClass')
        .filter((r) => (r.object as Yaml).handler === 'nvidia')
        .map((r) => r.object.metadata.name),
    ]);
    const gpuNodes = (ctx.nodes ?? []).filter(
      (n) => (parseQuantity((n.status as Yaml)?.allocatable?.['nvidia.com/gpu']) ?? 0) > 0,
    );
    const out: RuleResult[] = [];
    for (const w of workloads(ctx.objects)) {
      if (gpuRequest(w.template) <= 0) continue;
      const spec = w.template.spec;
      let ok = true;
      const rc = typeof spec.runtimeClassName === 'string' ? spec.runtimeClassName : undefined;
      if (!implicit && !(rc && classes.has(rc))) {
        ok = false;
        out.push(
          fail(
            w.source,
            `requests nvidia.com/gpu but ${rc ? `runtimeClassName ${rc} is not an NVIDIA runtime class` : 'has no runtimeClassName: nvidia'} and the GPU operator does not make the NVIDIA runtime the default (CDI)`,
            `${w.template.jsonPathPrefix}.runtimeClassName`,
          ),
        );
      }
      if (gpuNodes.length) {
        const tols = Array.isArray(spec.tolerations) ? spec.tolerations : [];
        const fits = gpuNodes.some((n) => hardTaints(n).every((t) => tols.some((tol) => tolerates(tol, t))));
        if (!fits) {
          ok = false;
          const taints = [
            ...new Set(
              gpuNodes.flatMap((n) =>
                hardTaints(n).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`),
              ),
            ),
          ];
          out.push(
            fail(
              w.source,
              `requests nvidia.com/gpu but tolerates no GPU node's taints (${taints.join(', ')})`,
              `${w.template.jsonPathPrefix}.tolerations`,
            ),
          );
        }
      }
      if (ok) out.push(pass(w.source));
    }
    return out;
  },
};

/** True when the GPU operator makes the NVIDIA runtime the default for every pod. */
function runtimeImplicit(ctx: RuleContext): boolean {
  return operatorConfigs(ctx.index).some(({ values }) => {
    const cdi = values.cdi ?? {};
    return (
      (cdi.enabled === true && cdi.default === true) ||
      toolkitEnv(values).CONTAINERD_SET_AS_DEFAULT === 'true'
    );
  });
}
