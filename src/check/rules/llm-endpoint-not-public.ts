import {
  hasForwardAuth,
  hostRoutes,
  isRedirect,
  sensitiveServices,
  serviceWorkloads,
} from '../../semantics/exposure.ts';
import { keyAuthenticated } from '../key-auth.ts';
import { isObject } from '../../semantics/pods.ts';
import { fail, pass, where } from '../result.ts';
import type { Rule, RuleResult, SourcedObject } from '../types.ts';

/** No model, vector or database endpoint is reachable from outside the cluster without forward-auth. */
export const llmEndpointNotPublic: Rule = {
  id: 'llm-endpoint-not-public',
  title: 'Model, vector and database endpoints are not public',
  severity: 'error',
  family: 'exposure',
  targets: ['Service', 'Ingress', 'IngressRoute'],
  fix: 'Keep the Service ClusterIP and reach it in-cluster, or route its host through the forward-auth Middleware.',
  docs:
    'A Service is a model, vector or database endpoint when the pods it selects run an Ollama, LiteLLM, Qdrant, PostgreSQL, ' +
    'Redis or Valkey image, or when it listens on 11434, 4000, 6333/6334, 5432 or 6379. Such a Service fails when it is of type ' +
    "`LoadBalancer` or `NodePort` (k3s's ServiceLB puts it on every node's address), and an Ingress or IngressRoute sending a " +
    'host to it fails unless the route passes through a forward-auth Middleware: an OIDC login page does not protect an API, and ' +
    '`shai.dev/public` does not exempt these endpoints. The one exception is a route that requires the key the application checks ' +
    "itself, in exactly the form its image contract records (see host-authenticated): LiteLLM's `Authorization: Bearer sk-…`.",
  check: (ctx) => {
    const out: RuleResult[] = [];
    const why = sensitiveServices(ctx.objects);
    for (const s of ctx.index.byKind('Service')) {
      const type = isObject(s.object.spec) ? s.object.spec.type : undefined;
      const w = type === 'LoadBalancer' || type === 'NodePort' ? why(s) : undefined;
      out.push(
        w
          ? fail(
              s,
              `Service ${where(s)} (${w}) is of type ${type}: reachable from outside without authentication`,
              '.spec.type',
            )
          : pass(s),
      );
    }
    const failed = new Set<SourcedObject>();
    const routed = new Set<SourcedObject>();
    const podsOf = serviceWorkloads(ctx.objects);
    for (const r of hostRoutes(ctx.index)) {
      routed.add(r.object);
      if (hasForwardAuth(r, ctx.index) || isRedirect(r) || keyAuthenticated(r, ctx.index, podsOf)) continue;
      for (const b of r.backends) {
        const svc = ctx.index.get('Service', b.namespace, b.name);
        const w = svc && why(svc);
        if (!w) continue;
        failed.add(r.object);
        out.push(
          fail(
            r.object,
            `host ${r.host} sends requests to ${b.namespace}/${b.name} (${w}) without forward-auth`,
            b.jsonPath,
          ),
        );
      }
    }
    for (const o of routed) if (!failed.has(o)) out.push(pass(o));
    return out;
  },
};
