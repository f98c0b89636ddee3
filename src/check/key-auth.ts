import { contractOf } from '../images/index.ts';
import { serviceWorkloads, type HostRoute } from '../semantics/exposure.ts';
import type { ObjectIndex, SourcedObject } from './types.ts';

/**
 * Whether a route without forward-auth is one for API clients whose key the application checks itself:
 * its rule requires a header matching exactly the key form the image contract of every backend's pods
 * declares (`apiKey`: LiteLLM's `Authorization: ^Bearer sk-`), with the image at the contract's tag.
 * Returns what the key is, or undefined. Nothing else counts: a header the application does not check,
 * a looser pattern, an image without a recorded contract, a backend whose pods are not in the tree.
 */
export function keyAuthenticated(
  r: HostRoute,
  index: ObjectIndex,
  podsOf: ReturnType<typeof serviceWorkloads>,
): string | undefined {
  if (!r.headers?.length || !r.backends.length) return undefined;
  const found: string[] = [];
  for (const b of r.backends) {
    const svc = index.get('Service', b.namespace, b.name);
    const what = svc && checkedKey(svc, r, podsOf);
    if (!what) return undefined;
    found.push(what);
  }
  return [...new Set(found)].join('; ');
}

function checkedKey(
  svc: SourcedObject,
  r: HostRoute,
  podsOf: ReturnType<typeof serviceWorkloads>,
): string | undefined {
  const pods = podsOf(svc);
  if (!pods.length) return undefined;
  let what: string | undefined;
  for (const w of pods) {
    const hit = (w.template.spec.containers ?? []).flatMap((c) => {
      const c0 = typeof c?.image === 'string' ? contractOf(c.image) : undefined;
      const key = c0?.status === 'found' ? c0.contract.apiKey : undefined;
      const same =
        key &&
        r.headers!.some(
          (h) => h.header.toLowerCase() === key.header.toLowerCase() && h.pattern === key.pattern,
        );
      return same ? [key.what] : [];
    });
    if (!hit.length) return undefined;
    what = hit[0];
  }
  return what;
}
