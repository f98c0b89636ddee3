import { isNoSchemaIssue, validateObject } from '../../k8s/validate.ts';
import { fail, pass } from '../result.ts';
import { treeCrdValidators } from '../tree-crds.ts';
import type { Rule, RuleResult } from '../types.ts';

/** Every object validates strictly against the schema of its apiVersion and kind. */
export const schemaValid: Rule = {
  id: 'schema-valid',
  title: 'Objects match their schema',
  severity: 'error',
  family: 'schema',
  targets: ['*'],
  fix: 'Fix the field named in the message (a typo, a wrong type or a field that does not exist in this apiVersion).',
  docs:
    'Strict validation as `kubectl apply --validate=strict` and kubeconform do it: the Kubernetes OpenAPI schema of core ' +
    'kinds and the vendored CRD schemas (Argo CD, cert-manager, Traefik, Sealed Secrets, Kyverno, CloudNativePG, ...), ' +
    "unknown fields included, plus the API server's name and label rules. A custom resource whose CustomResourceDefinition " +
    'is in the checked tree (a chart recording brings it at the pinned version) is validated against that CRD, as the API ' +
    'server would, before any vendored schema. A kind shai has no schema for is reported ' +
    '`skipped` with the reason, not passed (kubeconform without `-ignore-missing-schemas`); add its CRD schema to ' +
    'vendor/ to check it.',
  check: (ctx) => {
    const out: RuleResult[] = [];
    const fromTree = treeCrdValidators(ctx.objects);
    for (const o of ctx.objects) {
      const issues = validateObject(o.object, fromTree);
      const missing = issues.find(isNoSchemaIssue);
      if (missing) {
        out.push({ object: o, status: 'skipped', message: missing.message });
        continue;
      }
      if (!issues.length) out.push(pass(o));
      for (const i of issues) out.push(fail(o, i.message, i.jsonPath));
    }
    return out;
  },
};
