import { crdObjectValidator, type ObjectValidator } from '../k8s/schemas.ts';
import type { CrdSchema } from '../k8s/crd-validator.ts';
import { isObject, type Yaml } from '../semantics/pods.ts';
import type { SourcedObject } from './types.ts';

const cache = new WeakMap<
  readonly SourcedObject[],
  (apiVersion: string, kind: string) => ObjectValidator | undefined
>();

/**
 * Validators from the CustomResourceDefinitions of the run (chart recordings bring them at the pinned version):
 * the API server validates a custom resource against the CRD installed, so a CRD in the tree takes precedence
 * over a vendored schema. Each served version's openAPIV3Schema, prepared on first use.
 */
export function treeCrdValidators(
  objects: readonly SourcedObject[],
): (apiVersion: string, kind: string) => ObjectValidator | undefined {
  const hit = cache.get(objects);
  if (hit) return hit;
  const schemas = new Map<string, CrdSchema>();
  for (const o of objects) {
    if (o.object.kind !== 'CustomResourceDefinition') continue;
    const spec: Yaml = isObject(o.object.spec) ? o.object.spec : {};
    if (typeof spec.group !== 'string' || typeof spec.names?.kind !== 'string') continue;
    for (const v of Array.isArray(spec.versions) ? spec.versions : []) {
      const schema = v?.schema?.openAPIV3Schema;
      if (v?.served === false || typeof v?.name !== 'string' || !isObject(schema)) continue;
      const key = `${spec.group}/${v.name}/${spec.names.kind}`;
      if (!schemas.has(key)) schemas.set(key, schema);
    }
  }
  const validators = new Map<string, ObjectValidator>();
  const lookup = (apiVersion: string, kind: string): ObjectValidator | undefined => {
    const key = `${apiVersion}/${kind}`;
    let v = validators.get(key);
    if (!v) {
      const schema = schemas.get(key);
      if (!schema) return undefined;
      validators.set(key, (v = crdObjectValidator(schema)));
    }
    return v;
  };
  cache.set(objects, lookup);
  return lookup;
}
