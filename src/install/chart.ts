import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { UserError } from '../errors.ts';
import type { KubeObject } from '../k8s/object.ts';
import { parseManifests } from '../k8s/yaml.ts';

/** The Helm source of a rendered Application: what Argo CD itself would render. */
export interface ChartSource {
  repoURL: string;
  chart: string;
  targetRevision: string;
  releaseName: string;
  namespace: string;
  values: Record<string, unknown>;
}

/** Renders a chart source into objects (helm template, or a recording in the tests). */
export type ChartRenderer = (source: ChartSource) => Promise<KubeObject[]>;

interface HelmSource {
  repoURL?: string;
  chart?: string;
  targetRevision?: string;
  helm?: { releaseName?: string; valuesObject?: Record<string, unknown> };
}

/** The chart source of an Application with one Helm source (`spec.source` or the Helm entry of `spec.sources`). */
export function chartSource(app: KubeObject): ChartSource {
  const spec = app.spec as {
    source?: HelmSource;
    sources?: HelmSource[];
    destination?: { namespace?: string };
  };
  const src = [spec.source, ...(spec.sources ?? [])].find((s) => s?.chart);
  if (!src?.repoURL || !src.chart || !src.targetRevision)
    throw new UserError(`Application ${app.metadata.name} has no Helm chart source to install from`);
  return {
    repoURL: src.repoURL,
    chart: src.chart,
    targetRevision: src.targetRevision,
    releaseName: src.helm?.releaseName ?? app.metadata.name,
    namespace: spec.destination?.namespace ?? 'default',
    values: src.helm?.valuesObject ?? {},
  };
}

/** The `helm template` arguments for a source whose values are in `valuesFile`, as Argo CD renders it. */
export function helmArgs(s: ChartSource, valuesFile: string, kubeVersion?: string): string[] {
  return [
    'template',
    s.releaseName,
    s.chart,
    '--repo',
    s.repoURL,
    '--version',
    s.targetRevision,
    '--namespace',
    s.namespace,
    '--values',
    valuesFile,
    '--include-crds',
    ...(kubeVersion ? ['--kube-version', kubeVersion] : []),
  ];
}

/** A renderer that runs `helm` (from PATH unless given): the chart comes from its repository, as Argo CD gets it. */
export function helmRenderer(helm = 'helm', kubeVersion?: string): ChartRenderer {
  return async (source) => {
    const dir = await mkdtemp(join(tmpdir(), 'shai-install-'));
    try {
      const values = join(dir, 'values.yaml');
      await writeFile(values, stringify(source.values));
      const out = await new Promise<string>((resolve, reject) => {
        execFile(
          helm,
          helmArgs(source, values, kubeVersion),
          { maxBuffer: 64 * 1024 * 1024 },
          (err, stdout, stderr) => {
            if (!err) return resolve(stdout);
            const why =
              (err as NodeJS.ErrnoException).code === 'ENOENT'
                ? `${helm} not found: shai install renders Argo CD's chart with helm (https://helm.sh/docs/intro/install/), or pass --helm PATH`
                : `helm template ${source.chart} ${source.targetRevision} failed: ${stderr.trim().split('\n').slice(-3).join(' ')}`;
            reject(new UserError(why, { cause: err }));
          },
        );
      });
      return parseManifests(out, `helm template ${source.chart}`).objects.map((o) => o.object);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
}
