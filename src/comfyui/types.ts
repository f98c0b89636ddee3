/** An input of a ComfyUI API-format node: a literal, or `[node id, output index]` of another node. */
export type ComfyInput = string | number | boolean | [string, number];

/** A workflow in ComfyUI's API format (what `POST /prompt` takes as `prompt`): node id → class and inputs. */
export type ComfyGraph = Record<string, { class_type: string; inputs: Record<string, ComfyInput> }>;
