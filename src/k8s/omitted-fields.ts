import { jsonSchemaPropsIssues } from './json-schema-props.ts';
import type { ValidationIssue } from './path.ts';

/*
 * kubernetes-models' schema generator drops every property named `description` and every `x-kubernetes-*`
 * property from the Kubernetes OpenAPI definitions (tommy351/kubernetes-models-ts, utils/generate/src/
 * schema.ts: omitDescription, omitKubernetesFields), so its validators never read them and the
 * unknown-field walk would call them unknown. In the GA core kinds that hits four definitions (a test
 * lists them from kubernetes-models' own type declarations): PriorityClass, CustomResourceColumnDefinition,
 * ExternalDocumentation and JSONSchemaProps. The first two are plain string fields, put back here; the last
 * two only occur inside a CRD's openAPIV3Schema, which json-schema-props.ts checks as a whole instead.
 */

/** Where a dropped string field sits in objects of a kind: `*` steps over array items. */
interface OmittedField {
  path: readonly string[];
  field: string;
}

/** The dropped fields of each kind (`apiVersion/kind`), outside CRD schemas. */
export const OMITTED_FIELDS: Readonly<Record<string, readonly OmittedField[]>> = {
  'scheduling.k8s.io/v1/PriorityClass': [{ path: [], field: 'description' }],
  'apiextensions.k8s.io/v1/CustomResourceDefinition': [
    { path: ['spec', 'versions', '*', 'additionalPrinterColumns', '*'], field: 'description' },
  ],
};

const CRD = 'apiextensions.k8s.io/v1/CustomResourceDefinition';

type Validator = (obj: object) => ValidationIssue[];

/**
 * The validator of kind `key` with the dropped fields put back: they are no longer unknown, and their values
 * must be strings (or null). A CRD's openAPIV3Schema is hidden from `validate` and checked by
 * jsonSchemaPropsIssues. Kinds without dropped fields get `validate` itself.
 */
export function withOmittedFields(key: string, validate: Validator): Validator {
  const fields = OMITTED_FIELDS[key];
  if (!fields) return validate;
  const known = fields.map(pathPattern);
  const crd = key === CRD;
  return (obj) => {
    const issues = validate(crd ? withoutSchemas(obj) : obj);
    const out = issues.filter(
      (i) => !(i.message.startsWith('unknown field') && known.some((re) => re.test(i.jsonPath))),
    );
    for (const f of fields) stringsAt(obj, f, out);
    if (crd) schemaIssues(obj, out);
    return out;
  };
}

/** `.spec.versions[3].additionalPrinterColumns[0].description` for the field at any index. */
function pathPattern(f: OmittedField): RegExp {
  const steps = [...f.path, f.field].map((s) => (s === '*' ? '\\[\\d+\\]' : `\\.${s}`));
  return new RegExp(`^${steps.join('')}$`);
}

/** Issues for values of the dropped field that are neither strings nor null (Go's decoder refuses them). */
function stringsAt(obj: unknown, f: OmittedField, out: ValidationIssue[]): void {
  const visit = (v: unknown, i: number, path: string): void => {
    if (i === f.path.length) {
      const value = isNode(v) ? v[f.field] : undefined;
      if (value !== undefined && value !== null && typeof value !== 'string')
        out.push({
          jsonPath: `${path}.${f.field}`,
          message: `expected string, got ${Array.isArray(value) ? 'array' : typeof value}`,
        });
      return;
    }
    const step = f.path[i]!;
    if (step === '*') {
      if (Array.isArray(v)) v.forEach((item, n) => visit(item, i + 1, `${path}[${n}]`));
    } else if (isNode(v)) visit(v[step], i + 1, `${path}.${step}`);
  };
  visit(obj, 0, '');
}

/** The versions of a CRD, or an empty list. */
function versions(obj: unknown): unknown[] {
  const spec = isNode(obj) ? obj['spec'] : undefined;
  const list = isNode(spec) ? spec['versions'] : undefined;
  return Array.isArray(list) ? list : [];
}

/** A shallow copy of the CRD with every version's openAPIV3Schema emptied (other fields untouched). */
function withoutSchemas(obj: object): object {
  const list = versions(obj);
  if (!list.some((v) => isNode(v) && isNode(v['schema']) && v['schema']['openAPIV3Schema'] !== undefined))
    return obj;
  const spec = (obj as { spec: Record<string, unknown> }).spec;
  const stripped = list.map((v) =>
    isNode(v) && isNode(v['schema']) && v['schema']['openAPIV3Schema'] !== undefined
      ? { ...v, schema: { ...v['schema'], openAPIV3Schema: {} } }
      : v,
  );
  return { ...obj, spec: { ...spec, versions: stripped } };
}

function schemaIssues(obj: object, out: ValidationIssue[]): void {
  versions(obj).forEach((v, i) => {
    const schema = isNode(v) && isNode(v['schema']) ? v['schema']['openAPIV3Schema'] : undefined;
    if (schema !== undefined)
      out.push(...jsonSchemaPropsIssues(schema, ['spec', 'versions', i, 'schema', 'openAPIV3Schema']));
  });
}

function isNode(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
