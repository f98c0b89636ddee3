/*
 * What Argo CD passes to `helm template` for one chart Application of the rendered tree, and the header that
 * names those inputs at the top of a recording in test/fixtures/charts/. Pure: scripts/record-charts.ts runs helm
 * with these inputs, and test/charts/recordings.test.ts recomputes them (no helm) to find stale recordings.
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../../src/k8s/object.ts';

/** The inputs of one chart render, as Argo CD v3.3's repo server builds them. */
export interface ChartInputs {
  application: string;
  repoURL: string;
  chart: string;
  version: string;
  releaseName: string;
  namespace: string;
  values: Record<string, unknown>;
  /** `--kube-version`: the cluster's Kubernetes version (k3s `v1.33.10+k3s1` → `v1.33.10`). */
  kubeVersion: string;
  /** `--api-versions`: group/version and group/version/Kind of every CRD the tree installs, sorted. */
  apiVersions: string[];
}

type Source = { repoURL?: string; chart?: string; targetRevision?: string; helm?: Record<string, unknown> };

/** The chart source of an Argo CD Application, or undefined when it deploys no chart. */
export function chartSource(app: KubeObject): Source | undefined {
  const spec = app.spec as { source?: Source; sources?: Source[] } | undefined;
  return [spec?.source, ...(spec?.sources ?? [])].find((s) => s?.chart);
}

/** `v1.33.10+k3s1` → `v1.33.10`: the Kubernetes version k3s serves, as `helm --kube-version` takes it. */
export function kubeVersionOf(k3sVersion: string): string {
  return k3sVersion.replace(/\+.*$/, '');
}

/** The render inputs of one chart Application (release name and namespace as Argo CD defaults them). */
export function chartInputs(app: KubeObject, kubeVersion: string, apiVersions: string[]): ChartInputs {
  const src = chartSource(app);
  if (!src?.chart || !src.repoURL || !src.targetRevision)
    throw new Error(`Application ${app.metadata.name} has no chart source`);
  const helm = src.helm ?? {};
  const dest = (app.spec as { destination?: { namespace?: string } }).destination;
  return {
    application: app.metadata.name,
    repoURL: src.repoURL,
    chart: src.chart,
    version: src.targetRevision,
    releaseName: (helm.releaseName as string | undefined) ?? app.metadata.name,
    namespace: (helm.namespace as string | undefined) ?? dest?.namespace ?? 'default',
    values: (helm.valuesObject as Record<string, unknown> | undefined) ?? {},
    kubeVersion,
    apiVersions: [...apiVersions].sort(),
  };
}

/** The `helm template` arguments for these inputs, the chart at `chartDir` and the values in `valuesFile`. */
export function helmArgs(inputs: ChartInputs, chartDir: string, valuesFile: string): string[] {
  return [
    'template',
    inputs.releaseName,
    chartDir,
    '--namespace',
    inputs.namespace,
    '--values',
    valuesFile,
    '--include-crds',
    '--kube-version',
    inputs.kubeVersion,
    ...inputs.apiVersions.flatMap((v) => ['--api-versions', v]),
  ];
}

/** JSON with object keys sorted, so equal values hash equally whatever their key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Hash of the values alone. */
export const valuesHash = (inputs: ChartInputs) => sha256(canonical(inputs.values));

/** Hash of everything that shapes the output: chart, version, release, namespace, values and flags. */
export function inputsHash(inputs: ChartInputs): string {
  const { application: _application, ...rest } = inputs;
  return sha256(canonical({ ...rest, includeCrds: true }));
}

/** The header fields of a recording. */
export interface RecordingHeader {
  application: string;
  chart: string;
  repo: string;
  version: string;
  release: string;
  namespace: string;
  source: string;
  helm: string;
  kubeVersion: string;
  apiVersions: number;
  valuesSha256: string;
  inputsSha256: string;
}

const FIELDS: [keyof RecordingHeader, string][] = [
  ['application', 'application'],
  ['chart', 'chart'],
  ['repo', 'repo'],
  ['version', 'version'],
  ['release', 'release'],
  ['namespace', 'namespace'],
  ['source', 'source'],
  ['helm', 'helm'],
  ['kubeVersion', 'kube-version'],
  ['apiVersions', 'api-versions'],
  ['valuesSha256', 'values-sha256'],
  ['inputsSha256', 'inputs-sha256'],
];

/** The re-record command printed in the header and in the stale-recording test's message. */
export const RERECORD = 'npx tsx scripts/record-charts.ts --charts /work/charts';

/** The header of a recording for these inputs, rendered by `helm` from `source`. */
export function header(inputs: ChartInputs, source: string, helm: string): RecordingHeader {
  return {
    application: inputs.application,
    chart: inputs.chart,
    repo: inputs.repoURL,
    version: inputs.version,
    release: inputs.releaseName,
    namespace: inputs.namespace,
    source,
    helm,
    kubeVersion: inputs.kubeVersion,
    apiVersions: inputs.apiVersions.length,
    valuesSha256: valuesHash(inputs),
    inputsSha256: inputsHash(inputs),
  };
}

/** The header as YAML comment lines (a recording stays a plain multi-document YAML file). */
export function formatHeader(h: RecordingHeader): string {
  const lines = [
    '# Chart output recorded with real helm: test data for shai, not part of the product (README.md here).',
    ...FIELDS.map(([k, label]) => `# ${label}: ${h[k]}`),
    `# api-versions are listed in api-versions.txt; re-record: ${RERECORD}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** The header of a recording's text, or undefined when a field is missing. */
export function parseHeader(text: string): RecordingHeader | undefined {
  const found = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('#')) break;
    const m = /^# ([a-z0-9-]+): (.*)$/.exec(line);
    if (m) found.set(m[1]!, m[2]!);
  }
  const h: Record<string, string | number> = {};
  for (const [k, label] of FIELDS) {
    const v = found.get(label);
    if (v === undefined) return undefined;
    h[k] = k === 'apiVersions' ? Number(v) : v;
  }
  return h as unknown as RecordingHeader;
}

/** `group/version` and `group/version/Kind` of every served version of these CRDs, sorted and unique. */
export function crdApiVersions(objects: KubeObject[]): string[] {
  const out = new Set<string>();
  for (const o of objects) {
    if (o.kind !== 'CustomResourceDefinition') continue;
    const spec = o.spec as {
      group: string;
      names: { kind: string };
      versions: { name: string; served: boolean }[];
    };
    for (const v of spec.versions.filter((x) => x.served)) {
      out.add(`${spec.group}/${v.name}`);
      out.add(`${spec.group}/${v.name}/${spec.names.kind}`);
    }
  }
  return [...out].sort();
}
