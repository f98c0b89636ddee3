import { z } from 'zod';
import type { ServiceDef } from '../services/types.ts';
import { platformSchema, ServiceOverride } from './schema.ts';

type JsonObject = Record<string, unknown>;

const OPTIONS = { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' } as const;

/** The JSON Schema (draft 2020-12) of platform.yaml, for editors and for validating examples with ajv. */
export function platformJsonSchema(registry: readonly ServiceDef[]): JsonObject {
  const { $schema, ...body } = z.toJSONSchema(
    platformSchema(registry.map((d) => d.name)),
    OPTIONS,
  ) as JsonObject;
  const { $schema: _ignored, ...override } = z.toJSONSchema(ServiceOverride, OPTIONS) as JsonObject;
  const services = (body.properties as Record<string, JsonObject>).services!;
  // One shared definition keeps the file small; each service keeps its own description for editor hovers.
  services.properties = Object.fromEntries(
    [...registry]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((d) => [d.name, { $ref: '#/$defs/ServiceOverride', description: serviceText(d) }]),
  );
  return {
    $schema,
    $id: 'https://shai.dev/schema/platform.schema.json',
    title: 'shai platform',
    description:
      'platform.yaml: one k3s cluster, its nodes and GPUs, and the self-hosted AI services shai renders for it.',
    ...body,
    $defs: { ServiceOverride: { description: 'Per-service settings.', ...override } },
  };
}

function serviceText(def: ServiceDef): string {
  const base = `${def.title}: ${def.description}`;
  return def.defaultEnabled ? base : `${base} Off unless enabled.`;
}

/** The schema file as committed in schema/platform.schema.json. */
export function renderJsonSchema(registry: readonly ServiceDef[]): string {
  return `${JSON.stringify(platformJsonSchema(registry), null, 2)}\n`;
}
