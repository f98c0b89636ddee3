import { isObject } from '../../semantics/pods.ts';
import { elsewhere, notFound } from '../../semantics/refs.ts';
import { fail, nsOf, pass } from '../result.ts';
import type { ObjectIndex, Rule, RuleResult, SourcedObject } from '../types.ts';
import type { Yaml } from '../../semantics/pods.ts';

/** Ingress annotations cert-manager's ingress-shim reads. */
const CLUSTER_ISSUER = 'cert-manager.io/cluster-issuer';
const ISSUER = 'cert-manager.io/issuer';

/** Certificate issuerRefs and cert-manager Ingress annotations name an existing Issuer or ClusterIssuer. */
export const issuerRefExists: Rule = {
  id: 'issuer-ref-exists',
  title: 'cert-manager issuer references resolve',
  severity: 'error',
  family: 'references',
  targets: ['Certificate', 'Ingress'],
  fix: 'Create the Issuer (same namespace) or ClusterIssuer, or fix issuerRef / the cert-manager.io annotation.',
  docs:
    "A Certificate whose issuer does not exist stays not Ready and the host serves Traefik's default certificate. " +
    "Checks Certificate `spec.issuerRef` (kind Issuer by default, in the Certificate's namespace; ClusterIssuer cluster-wide; " +
    'issuers of other groups, e.g. external issuers, are not checked) and the Ingress annotations ' +
    '`cert-manager.io/cluster-issuer` and `cert-manager.io/issuer`.',
  check: (ctx) => {
    const out: RuleResult[] = [];
    const judge = (o: SourcedObject, kind: string, name: unknown, jsonPath: string) => {
      if (typeof name !== 'string') return;
      const ns = kind === 'ClusterIssuer' ? '' : nsOf(o);
      if (findIssuer(ctx.index, kind, ns, name)) out.push(pass(o));
      else if (kind === 'ClusterIssuer') {
        const asIssuer = ctx.index.named('Issuer', name).map((i) => nsOf(i));
        const hint = asIssuer.length
          ? ` (an Issuer of that name exists in namespace ${asIssuer.sort().join(', ')})`
          : '';
        out.push(fail(o, `clusterissuer "${name}" not found${hint}`, jsonPath));
      } else
        out.push(fail(o, notFound('issuer', name, ns, elsewhere(ctx.index, ['Issuer'], name, ns)), jsonPath));
    };
    for (const c of ctx.index.byKind('Certificate')) {
      const ref = (c.object.spec as Yaml)?.issuerRef;
      if (!isObject(ref)) continue;
      if (ref.group && ref.group !== 'cert-manager.io') continue;
      judge(c, ref.kind ?? 'Issuer', ref.name, '.spec.issuerRef');
    }
    for (const i of ctx.index.byKind('Ingress')) {
      const a = i.object.metadata.annotations ?? {};
      judge(i, 'ClusterIssuer', a[CLUSTER_ISSUER], `.metadata.annotations["${CLUSTER_ISSUER}"]`);
      judge(i, 'Issuer', a[ISSUER], `.metadata.annotations["${ISSUER}"]`);
    }
    return out;
  },
};

function findIssuer(index: ObjectIndex, kind: string, ns: string, name: string) {
  return kind === 'ClusterIssuer' ? index.named('ClusterIssuer', name)[0] : index.get('Issuer', ns, name);
}
