/** An input of a ComfyUI API-format node: a literal, or `[node id, output index]` of another node. */
export type ComfyInput = string | number | boolean | [string, number];

/** A workflow in ComfyUI's API format (what `POST /prompt` takes as `prompt`): node id → class and inputs. */
export type ComfyGraph = Record<string, { class_type: string; inputs: Record<string, ComfyInput> }>;

/** An input of a node class: its type (MODEL, INT, COMBO...) and, for a combo the source spells out, its choices. */
export interface ComfyInputSpec {
  type: string;
  choices?: (string | number)[];
}

/** A node class as ComfyUI's source declares it: INPUT_TYPES' required and optional inputs, RETURN_TYPES. */
export interface ComfyNodeSpec {
  required: Record<string, ComfyInputSpec>;
  optional: Record<string, ComfyInputSpec>;
  outputs: string[];
}
