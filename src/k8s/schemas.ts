import { readFileSync } from 'node:fs';
import { validate as validateObjectMeta } from '@kubernetes-models/apimachinery/_schemas/IoK8sApimachineryPkgApisMetaV1ObjectMeta';
import { InternalError } from '../errors.ts';
import { ajvIssues, withoutDecodableNulls, type AjvError } from './ajv-issues.ts';
import { coreKinds } from './core-kinds.ts';
import { crdValidator, type CrdSchema } from './crd-validator.ts';
import { withOmittedFields } from './omitted-fields.ts';
import type { PathSegment, ValidationIssue } from './path.ts';
import { strictValidator } from './unknown-fields.ts';

/*
 * The one place that knows which schema validates which apiVersion/kind: core kinds from
 * kubernetes-models (precompiled validators, made strict by unknown-fields.ts) and CRDs from
 * vendor/crds/json (extracted by scripts/extract-crd-schemas.ts). kubernetes-models is ESM-only
 * and the pod-template graph alone takes a few hundred ms to import, so core validators are
 * imported on demand by the async loadSchemas(); validation itself stays synchronous.
 */

/** Validates one whole object (metadata included) against its schema, unknown fields included; a new array per call. */
export type ObjectValidator = (obj: object) => ValidationIssue[];

type CompiledValidate = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

const vendorDir = new URL('../../vendor/crds/json/', import.meta.url);
const loaded = new Map<string, ObjectValidator>();
let crdIndex: Record<string, { file: string; scope: string; source: string }> | undefined;

function key(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

function crds(): NonNullable<typeof crdIndex> {
  crdIndex ??= JSON.parse(readFileSync(new URL('index.json', vendorDir), 'utf8')) as NonNullable<
    typeof crdIndex
  >;
  return crdIndex;
}

const NO_PREFIX: PathSegment[] = [];

function strict(
  validate: CompiledValidate,
): (obj: object, root?: object, prefix?: PathSegment[]) => ValidationIssue[] {
  const v = strictValidator(validate);
  return (obj, root = obj, prefix = NO_PREFIX) => {
    const { errors, unknown } = v(obj, prefix);
    // most objects are valid: no copies then (this runs once per object of a check run)
    if (!errors?.length) return unknown;
    const real = withoutDecodableNulls(errors, root, prefix);
    return real.length ? [...unknown, ...ajvIssues(real, root, prefix)] : unknown;
  };
}

const metaValidator = strict(validateObjectMeta as CompiledValidate);

const META: PathSegment[] = ['metadata'];

/** A validator for objects of one CRD version's openAPIV3Schema (metadata checked as ObjectMeta). */
export function crdObjectValidator(schema: CrdSchema): ObjectValidator {
  const body = crdValidator(schema);
  return (obj) => {
    const meta = (obj as { metadata?: unknown }).metadata;
    const metaIssues = meta && typeof meta === 'object' ? metaValidator(meta, obj, META) : [];
    const bodyIssues = body(obj);
    return metaIssues.length ? [...metaIssues, ...bodyIssues] : bodyIssues;
  };
}

/** Where the schema of apiVersion/kind comes from, or undefined when shai has none. */
export function schemaSource(apiVersion: string, kind: string): 'kubernetes' | 'crd' | undefined {
  const k = key(apiVersion, kind);
  if (coreKinds[k]) return 'kubernetes';
  return crds()[k] ? 'crd' : undefined;
}

let scopes: Map<string, string> | undefined;

/** The `scope` (Namespaced or Cluster) of a vendored CRD's kind, any served version; undefined when not vendored. */
export function crdScope(apiVersion: string, kind: string): string | undefined {
  if (!scopes) {
    scopes = new Map();
    for (const [k, entry] of Object.entries(crds())) {
      const [group, , crdKind] = k.split('/');
      scopes.set(`${group}/${crdKind}`, entry.scope);
    }
  }
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return scopes.get(`${group}/${kind}`);
}

/** Every apiVersion/kind shai can validate, sorted. */
export function knownKinds(): string[] {
  return [...Object.keys(coreKinds), ...Object.keys(crds())].sort();
}

/** Imports the core validators the objects need (all core kinds when none are given). Call before validating. */
export async function loadSchemas(objects?: Iterable<{ apiVersion: string; kind: string }>): Promise<void> {
  const wanted = objects ? [...objects].map((o) => key(o.apiVersion, o.kind)) : Object.keys(coreKinds);
  const missing = [...new Set(wanted)].filter((k) => coreKinds[k] && !loaded.has(k));
  // imported together so the module graph loads in one go rather than kind by kind
  const modules = await Promise.all(
    missing.map(
      (k) => import(`kubernetes-models/_schemas/${coreKinds[k]}`) as Promise<{ validate: CompiledValidate }>,
    ),
  );
  missing.forEach((k, i) => {
    const v = strict(modules[i]!.validate);
    loaded.set(
      k,
      withOmittedFields(k, (obj) => v(obj)),
    );
  });
}

/**
 * The validator for apiVersion/kind, or undefined when shai has no schema for it. CRD schemas
 * are read and prepared here on first use; a core kind must have been loaded by loadSchemas().
 */
export function validatorFor(apiVersion: string, kind: string): ObjectValidator | undefined {
  const k = key(apiVersion, kind);
  const cached = loaded.get(k);
  if (cached) return cached;
  if (coreKinds[k])
    throw new InternalError(
      `schema of ${apiVersion} ${kind} not loaded: call loadSchemas() before validating`,
    );
  const entry = crds()[k];
  if (!entry) return undefined;
  const schema = JSON.parse(readFileSync(new URL(entry.file, vendorDir), 'utf8')) as CrdSchema;
  const v = crdObjectValidator(schema);
  loaded.set(k, v);
  return v;
}
