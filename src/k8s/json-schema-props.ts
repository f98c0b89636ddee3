import { toJsonPath, type PathSegment, type ValidationIssue } from './path.ts';

/*
 * The openAPIV3Schema of a CustomResourceDefinition (apiextensions.k8s.io/v1 JSONSchemaProps), checked as
 * the API server decodes and validates it. kubernetes-models cannot: its schema generator drops every
 * property named `description` and every `x-kubernetes-*` property (omitDescription/omitKubernetesFields in
 * utils/generate/src/schema.ts of tommy351/kubernetes-models-ts), and types the OrBool/OrArray/
 * OrStringArray unions as plain objects. Sources, kubernetes/apiextensions-apiserver v0.33.4 (Kubernetes
 * 1.33, the k3s line shai targets):
 * - the fields and their Go types: pkg/apis/apiextensions/v1/types_jsonschema.go;
 * - the unions' decoding: pkg/apis/apiextensions/v1/marshal.go (OrBool takes a bool or an object and
 *   refuses anything else; OrArray and OrStringArray take an object or an array and ignore anything else);
 * - the per-node rules: pkg/apis/apiextensions/validation/validation.go (ValidateCustomResourceDefinition-
 *   OpenAPISchema and the v1 specStandardValidator), with their messages.
 * JSON null decodes to the zero value of any field, so it is accepted everywhere. Not modelled: the
 * structural-schema rules across nodes (types required under properties, metadata restrictions), CEL
 * compilation and cost, defaults checked against their schema.
 */

type FieldType =
  | 'string'
  | 'bool'
  | 'number'
  | 'int'
  | 'json'
  | 'jsonList'
  | 'strings'
  | 'schema'
  | 'schemaList'
  | 'schemaMap'
  | 'orBool'
  | 'orArray'
  | 'dependencies'
  | 'docs'
  | 'validations';

/** Every field of JSONSchemaProps, by its JSON name. */
const FIELDS: Readonly<Record<string, FieldType>> = {
  id: 'string',
  $schema: 'string',
  $ref: 'string',
  description: 'string',
  type: 'string',
  format: 'string',
  title: 'string',
  default: 'json',
  maximum: 'number',
  exclusiveMaximum: 'bool',
  minimum: 'number',
  exclusiveMinimum: 'bool',
  maxLength: 'int',
  minLength: 'int',
  pattern: 'string',
  maxItems: 'int',
  minItems: 'int',
  uniqueItems: 'bool',
  multipleOf: 'number',
  enum: 'jsonList',
  maxProperties: 'int',
  minProperties: 'int',
  required: 'strings',
  items: 'orArray',
  allOf: 'schemaList',
  oneOf: 'schemaList',
  anyOf: 'schemaList',
  not: 'schema',
  properties: 'schemaMap',
  additionalProperties: 'orBool',
  patternProperties: 'schemaMap',
  dependencies: 'dependencies',
  additionalItems: 'orBool',
  definitions: 'schemaMap',
  externalDocs: 'docs',
  example: 'json',
  nullable: 'bool',
  'x-kubernetes-preserve-unknown-fields': 'bool',
  'x-kubernetes-embedded-resource': 'bool',
  'x-kubernetes-int-or-string': 'bool',
  'x-kubernetes-list-map-keys': 'strings',
  'x-kubernetes-list-type': 'string',
  'x-kubernetes-map-type': 'string',
  'x-kubernetes-validations': 'validations',
};

/** ExternalDocumentation and ValidationRule, the two structs a schema node holds besides schemas. */
const DOCS_FIELDS: Readonly<Record<string, FieldType>> = { description: 'string', url: 'string' };
const RULE_FIELDS: Readonly<Record<string, FieldType>> = {
  rule: 'string',
  message: 'string',
  messageExpression: 'string',
  reason: 'string',
  fieldPath: 'string',
  optionalOldSelf: 'bool',
};

/**
 * Schema fields the v1 API refuses on any node (validation.go, specStandardValidator.validate), each with
 * the Go test for "set": a non-empty string, a non-nil pointer or map, a non-empty map.
 */
const UNSUPPORTED: readonly [string, (v: unknown) => boolean][] = [
  ['id', (v) => typeof v === 'string' && v !== ''],
  ['additionalItems', (v) => v !== null && v !== undefined],
  ['patternProperties', (v) => isNode(v) && Object.keys(v).length > 0],
  ['definitions', (v) => isNode(v) && Object.keys(v).length > 0],
  ['dependencies', (v) => v !== null && v !== undefined],
  ['$ref', (v) => v !== null && v !== undefined],
];
const OPENAPI_V3_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const LIST_TYPES = ['atomic', 'set', 'map'];
const MAP_TYPES = ['atomic', 'granular'];
const REASONS = ['FieldValueDuplicate', 'FieldValueForbidden', 'FieldValueInvalid', 'FieldValueRequired'];

type Node = Record<string, unknown>;

/** Issues of one CRD version's openAPIV3Schema, with paths below `prefix`. */
export function jsonSchemaPropsIssues(schema: unknown, prefix: readonly PathSegment[]): ValidationIssue[] {
  const c = new Checker([...prefix]);
  c.schema(schema);
  return c.out;
}

class Checker {
  readonly out: ValidationIssue[] = [];
  constructor(private readonly path: PathSegment[]) {}

  issue(message: string, ...extra: PathSegment[]): void {
    this.out.push({ jsonPath: toJsonPath([...this.path, ...extra]), message });
  }

  at(key: PathSegment, f: () => void): void {
    this.path.push(key);
    f();
    this.path.pop();
  }

  /** A JSONSchemaProps node: its fields, their types, and the per-node rules of the v1 API. */
  schema(v: unknown): void {
    if (v === null || v === undefined) return;
    if (!isNode(v)) return this.issue(`expected object, got ${typeOf(v)}`);
    this.struct(v, FIELDS);
    this.rules(v);
  }

  struct(v: Node, fields: Readonly<Record<string, FieldType>>): void {
    for (const k in v) {
      if (!Object.hasOwn(v, k)) continue;
      const t = fields[k];
      if (t === undefined) this.issue(`unknown field "${toJsonPath([...this.path, k]).slice(1)}"`, k);
      else this.at(k, () => this.field(t, v[k]));
    }
  }

  field(t: FieldType, v: unknown): void {
    if (v === null) return; // decodes to the zero value
    switch (t) {
      case 'json':
        return;
      case 'string':
      case 'bool':
      case 'number':
        return this.scalar(t, v);
      case 'int':
        if (typeof v !== 'number' || !Number.isInteger(v)) this.issue(`expected integer, got ${typeOf(v)}`);
        return;
      case 'jsonList':
        if (!Array.isArray(v)) this.issue(`expected array, got ${typeOf(v)}`);
        return;
      case 'strings':
        return this.list(v, (item) => this.scalar('string', item));
      case 'schema':
        return this.schema(v);
      case 'schemaList':
        return this.list(v, (item) => this.schema(item));
      case 'schemaMap':
        return this.map(v, (item) => this.schema(item));
      case 'orBool':
        if (typeof v !== 'boolean' && !isNode(v)) this.issue('boolean or JSON schema expected');
        else if (isNode(v)) this.schema(v);
        return;
      case 'orArray':
        if (Array.isArray(v)) this.list(v, (item) => this.schema(item));
        else if (isNode(v)) this.schema(v);
        return; // anything else is ignored by the decoder
      case 'dependencies':
        return this.map(v, (item) => {
          if (Array.isArray(item)) this.list(item, (s) => this.scalar('string', s));
          else if (isNode(item)) this.schema(item);
        });
      case 'docs':
        if (!isNode(v)) this.issue(`expected object, got ${typeOf(v)}`);
        else this.struct(v, DOCS_FIELDS);
        return;
      case 'validations':
        return this.list(v, (item) => {
          if (item === null) return;
          if (!isNode(item)) return this.issue(`expected object, got ${typeOf(item)}`);
          this.struct(item, RULE_FIELDS);
          if (typeof item['rule'] !== 'string' || item['rule'] === '') this.issue('Required value', 'rule');
          const reason = item['reason'];
          if (typeof reason === 'string' && !REASONS.includes(reason))
            this.issue(notSupported(reason, REASONS), 'reason');
        });
    }
  }

  scalar(t: 'string' | 'bool' | 'number', v: unknown): void {
    if (v === null) return;
    const ok =
      t === 'bool' ? typeof v === 'boolean' : t === 'number' ? typeof v === 'number' : typeof v === 'string';
    if (!ok) this.issue(`expected ${t === 'bool' ? 'boolean' : t}, got ${typeOf(v)}`);
  }

  list(v: unknown, item: (x: unknown) => void): void {
    if (!Array.isArray(v)) return this.issue(`expected array, got ${typeOf(v)}`);
    for (let i = 0; i < v.length; i++) this.at(i, () => item(v[i]));
  }

  map(v: unknown, value: (x: unknown) => void): void {
    if (!isNode(v)) return this.issue(`expected object, got ${typeOf(v)}`);
    for (const k in v) if (Object.hasOwn(v, k)) this.at(k, () => value(v[k]));
  }

  /** The v1 API's rules on one node; each message is the API server's. */
  rules(s: Node): void {
    for (const [f, set] of UNSUPPORTED) if (set(s[f])) this.issue(`Forbidden: ${f} is not supported`, f);
    const type = s['type'];
    if (type === 'null')
      this.issue('Forbidden: type cannot be set to null, use nullable as an alternative', 'type');
    else if (typeof type === 'string' && type !== '' && !OPENAPI_V3_TYPES.includes(type))
      this.issue(notSupported(type, OPENAPI_V3_TYPES), 'type');
    if (Array.isArray(s['items']) && s['items'].length)
      this.issue('Forbidden: items must be a schema object and not an array', 'items');
    if (s['uniqueItems'] === true)
      this.issue(
        'Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic',
        'uniqueItems',
      );
    const extra = s['additionalProperties'];
    if (isNode(s['properties']) && Object.keys(s['properties']).length && (extra === false || isNode(extra)))
      this.issue(
        'Forbidden: additionalProperties and properties are mutual exclusive',
        'additionalProperties',
      );
    if (s['x-kubernetes-preserve-unknown-fields'] === false)
      this.issue('Invalid value: false: must be true or undefined', 'x-kubernetes-preserve-unknown-fields');
    this.enumerated(s, 'x-kubernetes-list-type', LIST_TYPES);
    this.enumerated(s, 'x-kubernetes-map-type', MAP_TYPES);
  }

  enumerated(s: Node, key: string, allowed: string[]): void {
    const v = s[key];
    if (typeof v === 'string' && !allowed.includes(v)) this.issue(notSupported(v, allowed), key);
  }
}

function notSupported(v: string, allowed: string[]): string {
  return `Unsupported value: ${JSON.stringify(v)}: supported values: ${allowed.map((a) => `"${a}"`).join(', ')}`;
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}
