import type { ComfyGraph } from './types.ts';

/**
 * The ComfyUI node classes shai's API-format workflows use, with their input names, RECORDED from ComfyUI's source
 * (nodes.py: INPUT_TYPES of each class and NODE_CLASS_MAPPINGS). Not read at the pinned tag: the image pins
 * ComfyUI v0.3.49 (lecode-official/comfyui-docker 0.5.0, source/Dockerfile:3), but the repository is too large to
 * fetch here and the search index holds nodes.py only at commit e60e19b175f93f2c8fac037063de9f13259be9d4 (a 2024
 * copy, 83,107 characters, index id 6872184), which is what these were read from: the INPUT_TYPES of each class
 * there, except LoadImage's, whose INPUT_TYPES line fell outside the pages read; its one input `image` is taken
 * from load_image(self, image) and VALIDATE_INPUTS(s, image) in the same copy. Whether v0.3.49 differs for these
 * classes is not verified here. `image` ties the record to the pin: test/comfyui/workflows.test.ts fails when the
 * ComfyUI image moves, so the record is read again.
 */
export const COMFYUI_NODES = {
  image: 'ghcr.io/lecode-official/comfyui-docker:0.5.0',
  comfyui: 'v0.3.49',
  source:
    'github:comfyanonymous/ComfyUI nodes.py @ e60e19b175f93f2c8fac037063de9f13259be9d4 (search index copy)',
  /** Class → required inputs (hidden ones left out: the server fills them). */
  classes: {
    CheckpointLoaderSimple: ['ckpt_name'],
    CLIPTextEncode: ['text', 'clip'],
    EmptyLatentImage: ['width', 'height', 'batch_size'],
    KSampler: [
      'model',
      'seed',
      'steps',
      'cfg',
      'sampler_name',
      'scheduler',
      'positive',
      'negative',
      'latent_image',
      'denoise',
    ],
    VAEDecode: ['samples', 'vae'],
    VAEEncode: ['pixels', 'vae'],
    LatentUpscaleBy: ['samples', 'upscale_method', 'scale_by'],
    ImageScaleBy: ['image', 'upscale_method', 'scale_by'],
    LoadImage: ['image'],
    SaveImage: ['images', 'filename_prefix'],
  } as Record<string, string[]>,
} as const;

/**
 * What is wrong with `graph` against the recorded node list: unknown classes, inputs a class does not take,
 * required inputs left out, links to missing nodes. Empty when ComfyUI's validation would accept its shape.
 */
export function graphProblems(graph: ComfyGraph): string[] {
  const out: string[] = [];
  for (const [id, node] of Object.entries(graph)) {
    const inputs = COMFYUI_NODES.classes[node.class_type];
    if (!inputs) {
      out.push(`node ${id}: ComfyUI ${COMFYUI_NODES.comfyui} has no node class ${node.class_type}`);
      continue;
    }
    for (const name of Object.keys(node.inputs))
      if (!inputs.includes(name)) out.push(`node ${id} (${node.class_type}): no input ${name}`);
    for (const name of inputs)
      if (!(name in node.inputs)) out.push(`node ${id} (${node.class_type}): input ${name} missing`);
    for (const [name, v] of Object.entries(node.inputs))
      if (Array.isArray(v) && !graph[v[0]])
        out.push(`node ${id} (${node.class_type}): input ${name} links to missing node ${v[0]}`);
  }
  return out;
}
