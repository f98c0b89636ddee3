import { groupOf } from '../../k8s/scope.ts';
import { deliveryOf } from '../delivery.ts';
import { fail, pass, where } from '../result.ts';
import type { Rule, RuleResult, SourcedObject } from '../types.ts';

/** No object is delivered by two Applications. */
export const oneOwnerPerObject: Rule = {
  id: 'one-owner-per-object',
  title: 'Each object has one Application',
  severity: 'error',
  family: 'gitops',
  targets: ['*'],
  fix: 'Deliver the object from one Application only: turn it off in the other chart (e.g. kube-prometheus-stack crds.enabled: false) or move the file.',
  docs:
    'Argo CD tracks an object by the Application that last applied it. When two Applications deliver the same object ' +
    '(same API group, kind, namespace and name, any version), both report it (SharedResourceWarning) and, with selfHeal, ' +
    "each overwrites the other's version on every sync: CRDs flip between two releases. An object's Applications are the one " +
    'its chart recording names and every Application whose source reads its file; a namespace-less object counts in its ' +
    "Application's destination namespace.",
  check: (ctx) => {
    const d = deliveryOf(ctx.objects);
    if (!d.apps.length) return [];
    const byKey = new Map<string, { objects: SourcedObject[]; apps: Set<SourcedObject> }>();
    for (const o of ctx.objects) {
      const apps = d.all(o);
      if (!apps.length) continue;
      const m = o.object.metadata;
      const key = `${groupOf(String(o.object.apiVersion))}/${o.object.kind}/${m?.namespace ?? ''}/${String(m?.name)}`;
      let entry = byKey.get(key);
      if (!entry) byKey.set(key, (entry = { objects: [], apps: new Set() }));
      entry.objects.push(o);
      for (const a of apps) entry.apps.add(a);
    }
    const out: RuleResult[] = [];
    for (const { objects, apps } of byKey.values()) {
      const names = [...apps].map((a) => String(a.object.metadata?.name)).sort();
      for (const o of objects)
        out.push(
          names.length < 2
            ? pass(o)
            : fail(
                o,
                `${o.object.kind} ${where(o)} is delivered by Applications ${names.join(' and ')}: each overwrites the other's`,
              ),
        );
    }
    return out;
  },
};
