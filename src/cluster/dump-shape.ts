/**
 * The fields doctor's analyzers read, checked against what the API server always sends: a Pod has a spec
 * with containers and a status, a container status has its name and restart count, a replica count is a
 * number. kubectl writes them so; a dump without them was edited or is not kubectl's, and judging it would
 * grade objects doctor cannot actually see (a pod without status looks healthy to every analyzer).
 */

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const describe = (v: unknown) =>
  v === undefined ? 'missing' : v === null ? 'null' : Array.isArray(v) ? 'a list' : JSON.stringify(v);

/** The first field of the object that does not have the API's shape, as `path: what is wrong`; or undefined. */
export function shapeProblem(o: Json): string | undefined {
  switch (o.kind) {
    case 'Pod':
      return podProblem(o);
    case 'Deployment':
    case 'StatefulSet':
    case 'ReplicaSet':
      return replicasProblem(o);
    case 'Node':
      return optional(o, 'status', (s) => listOf(s, 'status.conditions', isObject));
    default:
      return undefined;
  }
}

function podProblem(o: Json): string | undefined {
  if (!isObject(o.spec)) return `spec: ${describe(o.spec)}, expected an object with containers`;
  if (!Array.isArray(o.spec.containers) || o.spec.containers.length === 0)
    return `spec.containers: ${describe(o.spec.containers)}, expected a list of containers`;
  if (!isObject(o.status))
    return `status: ${describe(o.status)}, expected an object (the API sets it on every pod, with at least its phase)`;
  const s = o.status;
  return (
    listOf(s, 'status.conditions', isObject) ??
    containerStatuses(s, 'initContainerStatuses') ??
    containerStatuses(s, 'containerStatuses')
  );
}

function containerStatuses(status: Json, key: string): string | undefined {
  const list = status[key];
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) return `status.${key}: ${describe(list)}, expected a list`;
  for (const [i, c] of list.entries()) {
    const at = `status.${key}[${i}]`;
    if (!isObject(c)) return `${at}: ${describe(c)}, expected an object`;
    if (typeof c.name !== 'string') return `${at}.name: ${describe(c.name)}, expected the container's name`;
    if (!Number.isInteger(c.restartCount) || (c.restartCount as number) < 0)
      return `${at}.restartCount: ${describe(c.restartCount)}, expected a whole number (the API always sets it)`;
    for (const k of ['state', 'lastState'])
      if (c[k] !== undefined && !isObject(c[k])) return `${at}.${k}: ${describe(c[k])}, expected an object`;
  }
  return undefined;
}

function replicasProblem(o: Json): string | undefined {
  if (o.spec !== undefined && !isObject(o.spec)) return `spec: ${describe(o.spec)}, expected an object`;
  const r = isObject(o.spec) ? o.spec.replicas : undefined;
  if (r !== undefined && (!Number.isInteger(r) || (r as number) < 0))
    return `spec.replicas: ${describe(r)}, expected a whole number`;
  return optional(o, 'status', (s) => {
    for (const k of ['replicas', 'readyReplicas', 'availableReplicas'])
      if (s[k] !== undefined && !Number.isInteger(s[k]))
        return `status.${k}: ${describe(s[k])}, expected a whole number`;
    return listOf(s, 'status.conditions', isObject);
  });
}

/** A field that may be absent, but when present must be an object that passes `check`. */
function optional(o: Json, key: string, check: (v: Json) => string | undefined): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (!isObject(v)) return `${key}: ${describe(v)}, expected an object`;
  return check(v);
}

/** An optional list whose items pass `item`. */
function listOf(o: Json, path: string, item: (v: unknown) => boolean): string | undefined {
  const v = o[path.split('.').at(-1)!];
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) return `${path}: ${describe(v)}, expected a list`;
  const i = v.findIndex((x) => !item(x));
  return i < 0 ? undefined : `${path}[${i}]: ${describe(v[i])}, expected an object`;
}
