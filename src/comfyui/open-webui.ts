import { textToImage } from './text-to-image.ts';

/**
 * Where Open WebUI writes its image request into the text-to-image graph (env COMFYUI_WORKFLOW_NODES). Open
 * WebUI 0.8.11 sets `workflow[node_id]['inputs'][key]` per entry by type (open_webui/utils/images/comfyui.py,
 * comfyui_create_image: model, prompt, negative_prompt, width, height, n, steps, seed); with the env unset the list
 * is empty (config.py) and the graph is queued with none of the request in it.
 */
export const OPEN_WEBUI_TEXT_TO_IMAGE_NODES = [
  { type: 'model', node_ids: ['4'], key: 'ckpt_name' },
  { type: 'prompt', node_ids: ['6'], key: 'text' },
  { type: 'negative_prompt', node_ids: ['7'], key: 'text' },
  { type: 'width', node_ids: ['5'], key: 'width' },
  { type: 'height', node_ids: ['5'], key: 'height' },
  { type: 'n', node_ids: ['5'], key: 'batch_size' },
  { type: 'steps', node_ids: ['3'], key: 'steps' },
  // comfyui_create_image writes the seed under `key` with no default, so the key is required here.
  { type: 'seed', node_ids: ['3'], key: 'seed' },
] as const;

/** Open WebUI's image settings for ComfyUI's text-to-image graph on `checkpoint` (env name → value). */
export function openWebuiImageEnv(checkpoint: string): Record<string, string> {
  const graph = textToImage({ checkpoint, prompt: '', negative: 'blurry, low quality', seed: 0, steps: 25 });
  return {
    IMAGE_GENERATION_MODEL: checkpoint,
    COMFYUI_WORKFLOW: JSON.stringify(graph),
    COMFYUI_WORKFLOW_NODES: JSON.stringify(OPEN_WEBUI_TEXT_TO_IMAGE_NODES),
  };
}
