import { COMFY_WORKFLOWS } from '../../comfyui/workflows.ts';
import type { KubeObject } from '../../k8s/object.ts';
import { objectMeta } from '../../k8s/meta.ts';
import { imageCheckpoint } from '../../plan/workflows.ts';
import type { BuildContext } from '../types.ts';

/**
 * ConfigMap comfyui-workflows: ComfyUI's API-format workflows (src/comfyui/workflows.ts) for the checkpoint
 * image generation uses, one `<id>.json` each, for clients to queue with `POST /prompt`. None without a
 * checkpoint in `comfyui.models`.
 */
export function comfyuiWorkflowObjects(ctx: BuildContext): KubeObject[] {
  const checkpoint = imageCheckpoint(ctx.plan.config);
  if (!checkpoint) return [];
  const data = Object.fromEntries(
    COMFY_WORKFLOWS.map((w) => [`${w.id}.json`, `${JSON.stringify(w.graph(checkpoint), null, 2)}\n`]),
  );
  const name = `${ctx.self.name}-workflows`;
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: objectMeta(ctx.self, name, { component: 'workflows' }),
      data,
    },
  ];
}
