import { COMFYUI_SOURCE } from './node-list.ts';
import type { ComfyWorkflow } from './workflows.ts';

const COMFY = 'http://localhost:8188';

/** The ComfyUI part of docs/workflows.md: every API-format workflow of ConfigMap gpu/comfyui-workflows. */
export function comfyWorkflowsMarkdown(workflows: readonly ComfyWorkflow[]): string {
  const out = [
    '# ComfyUI workflows',
    '',
    "ComfyUI's API-format workflows shai ships in ConfigMap `gpu/comfyui-workflows` (one `<id>.json` per",
    'workflow), built for the first checkpoint of `comfyui.models`. Each is checked against the node classes,',
    `input names and types, output types and choices recorded from ComfyUI ${COMFYUI_SOURCE.version}'s source`,
    `(nodes.py at ${COMFYUI_SOURCE.commit.slice(0, 12)}, the version the image pins), see src/comfyui/node-list.ts.`,
    'Queue one with `POST /prompt`, read the result with',
    '`GET /history/<prompt_id>` and fetch the image with `GET /view?filename=...&type=output`.',
    '',
    'The examples call ComfyUI inside the cluster (`kubectl -n gpu port-forward svc/comfyui 8188`); its public host',
    "is behind single sign-on. Image-to-image and upscale read `input.png` from ComfyUI's input folder; upload it",
    `first: \`curl -F image=@input.png -F overwrite=true ${COMFY}/upload/image\`.`,
    '',
  ];
  for (const w of workflows)
    out.push(
      `## comfyui: ${w.id}`,
      '',
      w.purpose,
      '',
      '```sh',
      `kubectl -n gpu get configmap comfyui-workflows -o json \\`,
      `  | jq '{prompt: (.data["${w.id}.json"] | fromjson)}' \\`,
      `  | curl -X POST ${COMFY}/prompt -H 'content-type: application/json' -d @-`,
      '```',
      '',
    );
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
