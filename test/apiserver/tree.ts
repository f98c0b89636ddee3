/*
 * The objects the API-server tests send: the committed deploy/ tree, the vendored CRDs, and (once recorded)
 * the chart output of test/fixtures/charts/. Read from disk exactly as Argo CD would find them.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { KubeObject } from '../../src/k8s/object.ts';
import { parseManifests } from '../../src/k8s/yaml.ts';

/** An object with the file it came from. */
export interface FileObject {
  object: KubeObject;
  file: string;
  /** Where Argo CD puts the file's namespaced objects that name none: the chart recording's destination. */
  namespace?: string;
}

const ROOT = join(import.meta.dirname, '../..');

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return yamlFiles(path);
      return /\.ya?ml$/.test(name) ? [path] : [];
    });
}

/** Every object of the YAML files under `dir` (repository-relative). */
export function objectsUnder(dir: string): FileObject[] {
  return yamlFiles(join(ROOT, dir)).flatMap((path) => {
    const text = readFileSync(path, 'utf8');
    const namespace = /^# namespace: (\S+)$/m.exec(text)?.[1];
    return parseManifests(text, relative(ROOT, path)).objects.map((o) => ({
      object: o.object,
      file: o.file,
      ...(namespace ? { namespace } : {}),
    }));
  });
}

/** The CustomResourceDefinitions vendored under vendor/crds/ (the Longhorn file also holds its other objects). */
export function vendoredCrds(): FileObject[] {
  return objectsUnder('vendor/crds').filter((o) => o.object.kind === 'CustomResourceDefinition');
}

/** The kinds a pod template lives in, and where. */
const TEMPLATE_PATHS: Record<string, string[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** The pod template of a workload as a Pod in the workload's namespace, or undefined for other kinds. */
export function templatePod(o: KubeObject): KubeObject | undefined {
  const path = TEMPLATE_PATHS[o.kind];
  if (!path) return undefined;
  let t: unknown = o;
  for (const k of path) t = (t as Record<string, unknown> | undefined)?.[k];
  const template = t as { metadata?: { labels?: Record<string, string> }; spec?: unknown } | undefined;
  if (!template?.spec) return undefined;
  const spec = { ...(template.spec as Record<string, unknown>) };
  // The StatefulSet controller adds a volume per claim template (claim `<template>-<set>-<ordinal>`).
  const claims = (o.spec as { volumeClaimTemplates?: { metadata: { name: string } }[] } | undefined)
    ?.volumeClaimTemplates;
  if (o.kind === 'StatefulSet' && claims?.length)
    spec.volumes = [
      ...((spec.volumes as unknown[] | undefined) ?? []),
      ...claims.map((c) => ({
        name: c.metadata.name,
        persistentVolumeClaim: { claimName: `${c.metadata.name}-${o.metadata.name}-0` },
      })),
    ];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${o.kind.toLowerCase()}-${o.metadata.name}`.slice(0, 63),
      namespace: o.metadata.namespace ?? 'default',
      ...(template.metadata?.labels ? { labels: template.metadata.labels } : {}),
    },
    spec,
  };
}
