// Records what Argo CD would apply for every chart Application of the rendered platform: `helm template` at the
// pinned version with the rendered values, release name and namespace, --include-crds, --kube-version and the
// --api-versions of every CRD the tree installs, into test/fixtures/charts/<application>.yaml.
//   npx tsx scripts/record-charts.ts --charts /work/charts [--helm PATH] [--platform FILE] [APPLICATION...]
// The charts directory holds each chart unpacked as <chart>-<version>/ with its dependencies in charts/
// (test/fixtures/charts/README.md says where they come from). Any helm 3.x or 4.x works.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadConfig } from '../src/config/load.ts';
import type { KubeObject } from '../src/k8s/object.ts';
import { plan } from '../src/plan/plan.ts';
import { buildManifest } from '../src/render/tree.ts';
import { registry } from '../src/services/registry.ts';
import {
  chartInputs,
  chartSource,
  crdApiVersions,
  formatHeader,
  header,
  helmArgs,
  kubeVersionOf,
  type ChartInputs,
} from './charts/inputs.ts';

const root = resolve(import.meta.dirname, '..');
const OUT = join(root, 'test/fixtures/charts');

function parseArgs(argv: string[]) {
  const opts = { charts: process.env.SHAI_CHARTS ?? '/work/charts', helm: '', platform: 'platform.yaml' };
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--charts') opts.charts = argv[++i]!;
    else if (a === '--helm') opts.helm = argv[++i]!;
    else if (a === '--platform') opts.platform = argv[++i]!;
    else names.push(a);
  }
  const tools = join(process.env.SHAI_TOOLS ?? join(process.env.HOME ?? '', '.cache/shai-tools'), 'bin/helm');
  opts.helm ||= existsSync(tools) ? tools : 'helm';
  return { ...opts, names };
}

const objectsOf = (text: string): KubeObject[] =>
  parseAllDocuments(text)
    .map((d) => d.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => Boolean(o?.kind));

/** Renders one chart with helm; returns its stdout. */
function render(helm: string, inputs: ChartInputs, chartDir: string): string {
  const tmp = mkdtempSync(join(tmpdir(), 'shai-chart-'));
  try {
    const values = join(tmp, 'values.yaml');
    writeFileSync(values, JSON.stringify(inputs.values, null, 2));
    return execFileSync(helm, helmArgs(inputs, chartDir, values), { encoding: 'utf8', maxBuffer: 1 << 28 });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const args = parseArgs(process.argv.slice(2));
const config = await loadConfig(resolve(root, args.platform), registry);
const { manifest } = buildManifest(plan(config, registry));
const apps = manifest.map((e) => e.object).filter((o) => o.kind === 'Application' && chartSource(o));
const kubeVersion = kubeVersionOf(config.cluster.k3sVersion);
const helmVersion = execFileSync(args.helm, ['version', '--short'], { encoding: 'utf8' }).trim();
const chartDir = (i: ChartInputs) => join(args.charts, `${i.chart}-${i.version}`);
const missing = apps.map((a) => chartInputs(a, kubeVersion, [])).filter((i) => !existsSync(chartDir(i)));
/** Renders every chart Application with these API versions; returns the outputs by Application. */
function renderAll(apiVersions: string[]): Map<string, string> {
  return new Map(
    apps.map((a) => {
      const inputs = chartInputs(a, kubeVersion, apiVersions);
      return [a.metadata.name, render(args.helm, inputs, chartDir(inputs))];
    }),
  );
}

function record(): void {
  // The CRDs the tree installs come from the charts themselves: render until the API versions stop changing,
  // starting from the last recorded list (usually already right).
  const ownCrds = manifest.map((e) => e.object).filter((o) => o.kind === 'CustomResourceDefinition');
  const listed = join(OUT, 'api-versions.txt');
  let apiVersions = existsSync(listed) ? readFileSync(listed, 'utf8').split('\n').filter(Boolean) : [];
  let outputs = renderAll(apiVersions);
  for (let round = 0; round < 4; round++) {
    const next = crdApiVersions([...ownCrds, ...[...outputs.values()].flatMap(objectsOf)]);
    if (next.join('\n') === apiVersions.join('\n')) break;
    apiVersions = next;
    outputs = renderAll(apiVersions);
  }
  writeFileSync(listed, `${apiVersions.join('\n')}\n`);
  for (const app of apps) {
    const name = app.metadata.name;
    if (args.names.length && !args.names.includes(name)) continue;
    const inputs = chartInputs(app, kubeVersion, apiVersions);
    const src = join(chartDir(inputs), '.source');
    const source = existsSync(src)
      ? readFileSync(src, 'utf8').trim()
      : `local chart directory ${chartDir(inputs)}`;
    const text = outputs.get(name)!;
    writeFileSync(join(OUT, `${name}.yaml`), `${formatHeader(header(inputs, source, helmVersion))}${text}`);
    console.log(`recorded ${name}: ${inputs.chart} ${inputs.version} (${objectsOf(text).length} objects)`);
  }
}

if (missing.length) {
  console.error(
    `missing chart directories:\n${missing.map((i) => `  ${chartDir(i)} (${i.repoURL})`).join('\n')}`,
  );
  process.exitCode = 2;
} else {
  record();
}
