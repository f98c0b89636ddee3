import { isObject } from '../../semantics/pods.ts';
import { fail, pass } from '../result.ts';
import type { ObjectIndex, Rule, RuleResult, SourcedObject } from '../types.ts';
import type { Yaml } from '../../semantics/pods.ts';

/** StorageClasses every k3s cluster has without Yaml manifest (the local-path provisioner). */
export const BUILT_IN_CLASSES = ['local-path'];
/** StorageClasses a Helm chart installs: an Argo CD Application of that chart in the tree provides them. */
const CHART_CLASSES: Record<string, string[]> = { longhorn: ['longhorn', 'longhorn-static'] };

/** Classes that exist: StorageClass objects, k3s built-ins, and those of charts installed by Applications. */
function knownClasses(index: ObjectIndex): Set<string> {
  const known = new Set<string>([
    ...BUILT_IN_CLASSES,
    ...index.byKind('StorageClass').map((s) => s.object.metadata.name),
  ]);
  for (const app of index.byKind('Application')) {
    const spec: Yaml = app.object.spec ?? {};
    const sources: Yaml[] = [spec.source, ...(Array.isArray(spec.sources) ? spec.sources : [])];
    for (const s of sources) for (const c of (isObject(s) && CHART_CLASSES[s.chart]) || []) known.add(c);
  }
  return known;
}

/** PVCs and StatefulSet volumeClaimTemplates name an existing StorageClass. */
export const storageClassExists: Rule = {
  id: 'storage-class-exists',
  title: 'PVC storage classes exist',
  severity: 'error',
  family: 'references',
  targets: ['PersistentVolumeClaim', 'StatefulSet'],
  fix: 'Use an existing StorageClass (local-path, longhorn, or one defined in the tree), or add the StorageClass.',
  docs:
    'A claim naming an unknown class stays Pending. A class exists when a StorageClass object of that name is in the tree, ' +
    "when it is k3s's built-in `local-path`, or when an Argo CD Application in the tree installs a chart that creates it " +
    '(the `longhorn` chart: `longhorn`, `longhorn-static`). Claims without `storageClassName` (cluster default) or with `""` ' +
    '(static binding) are not checked.',
  check: (ctx) => {
    const known = knownClasses(ctx.index);
    const out: RuleResult[] = [];
    const judge = (o: SourcedObject, cls: unknown, jsonPath: string) => {
      if (typeof cls !== 'string' || cls === '') return true;
      if (known.has(cls)) return true;
      out.push(
        fail(o, `storageclass "${cls}" does not exist (known: ${[...known].sort().join(', ')})`, jsonPath),
      );
      return false;
    };
    for (const p of ctx.index.byKind('PersistentVolumeClaim')) {
      if (judge(p, (p.object.spec as Yaml)?.storageClassName, '.spec.storageClassName')) out.push(pass(p));
    }
    for (const s of ctx.index.byKind('StatefulSet')) {
      const vcts: Yaml[] = Array.isArray((s.object.spec as Yaml)?.volumeClaimTemplates)
        ? (s.object.spec as Yaml).volumeClaimTemplates
        : [];
      const ok = vcts.map((v, i) =>
        judge(s, v?.spec?.storageClassName, `.spec.volumeClaimTemplates[${i}].spec.storageClassName`),
      );
      if (ok.every(Boolean)) out.push(pass(s));
    }
    return out;
  },
};
