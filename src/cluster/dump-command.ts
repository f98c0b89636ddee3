import { KINDS } from './kinds.ts';

/**
 * Secrets as a List of name, type and data keys with empty values, using only kubectl's go-template:
 * the values never leave the cluster. The trailing `"":""` closes the comma list; the reader drops it.
 */
const SECRETS_TEMPLATE =
  '{"apiVersion":"v1","kind":"List","items":[{{range $i, $s := .items}}{{if $i}},{{end}}' +
  '{"apiVersion":"v1","kind":"Secret","metadata":{"namespace":"{{$s.metadata.namespace}}","name":"{{$s.metadata.name}}"},' +
  '"type":"{{$s.type}}","data":{ {{range $k, $v := $s.data}}"{{$k}}":"",{{end}}"":""}}{{end}}]}';

/** What the dump holds for a CRD that is not installed: a List with no items, since none can exist. */
const EMPTY_LIST = '{"apiVersion":"v1","kind":"List","items":[]}';

/** The shell commands that write a dump `shai doctor --from DIR` reads. Plain kubectl, no jq. */
export function dumpCommand(dir = 'cluster-dump'): string {
  const core = KINDS.filter((k) => !k.crd).map((k) => k.kubectl);
  const crds = KINDS.filter((k) => k.crd).map((k) => k.kubectl);
  return [
    `# Writes what shai doctor reads into ${dir}/ (secrets: names and keys only, never values).`,
    `mkdir -p ${dir}`,
    `kubectl get ${core.join(',')} -A -o json > ${dir}/cluster.json`,
    `kubectl get secrets -A -o go-template='${SECRETS_TEMPLATE}' > ${dir}/secrets.json`,
    `# One file per CRD kind: an empty List when the CRD is not installed (there are none), no file when kubectl may not list it.`,
    `for r in ${crds.join(' ')}; do kubectl get "$r" -A -o json > "${dir}/$r.json" 2> "${dir}/$r.err" || { grep -q "doesn't have a resource type" "${dir}/$r.err" && echo '${EMPTY_LIST}' > "${dir}/$r.json" || rm -f "${dir}/$r.json"; }; rm -f "${dir}/$r.err"; done`,
    `shai doctor --from ${dir}`,
    '',
  ].join('\n');
}
