import { beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/engine.ts';
import { ADMISSION_RULES } from '../../src/check/policies.ts';
import { RULES } from '../../src/check/registry.ts';
import type { KubeObject, Manifest } from '../../src/k8s/object.ts';
import { applied, clusterKinds, groupKind, POD_KINDS, syncPhase } from '../helpers/argo-apply.ts';
import { chartApplications, defaultPlatform, recordedObjects } from '../helpers/charts.ts';

/*
 * The first sync on a fresh cluster, judged on what real helm rendered at the pins (test/fixtures/charts/)
 * with the values shai renders: hooks can run, every pod is admitted, every object is allowed by its project,
 * one owner per CRD, and custom resources sync after the CRD that defines them.
 */

type Yaml = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let manifest: Manifest;
let apps: KubeObject[];
let cluster: Set<string>;
beforeAll(async () => {
  manifest = (await defaultPlatform()).manifest;
  apps = chartApplications(manifest);
  cluster = clusterKinds(apps.flatMap((a) => recordedObjects(a.metadata.name)));
});

const destination = (app: KubeObject) => (app.spec as Yaml).destination.namespace as string;
const wave = (app: KubeObject) => Number(app.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);
const appliedBy = (app: KubeObject) => applied(recordedObjects(app.metadata.name), destination(app), cluster);
const id = (o: KubeObject) =>
  `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

/** The admission rules the rendered ClusterPolicies enforce (the others only audit). */
const ENFORCED = new Set(
  ADMISSION_RULES.filter(
    (r) => ((r.kyvernoPolicy().validate as Yaml).failureAction ?? 'Enforce') === 'Enforce',
  ).map((r) => r.id),
);

describe('first sync of every chart Application, on the recorded helm output', () => {
  it('PreSync hooks run as a ServiceAccount that exists before them (a hook itself, or none named)', () => {
    const broken: string[] = [];
    for (const app of apps) {
      const objects = appliedBy(app);
      const hookAccounts = new Set(
        objects
          .filter((o) => o.kind === 'ServiceAccount' && syncPhase(o) === 'PreSync')
          .map((o) => o.metadata.name),
      );
      for (const o of objects.filter((x) => POD_KINDS.has(x.kind) && syncPhase(x) === 'PreSync')) {
        const sa =
          (o.spec as Yaml)?.template?.spec?.serviceAccountName ?? (o.spec as Yaml)?.serviceAccountName;
        if (sa && sa !== 'default' && !hookAccounts.has(sa))
          broken.push(`${app.metadata.name}: ${id(o)} runs as ${sa}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('every pod Argo CD creates passes the enforced admission policies, exceptions included', () => {
    const rules = RULES.filter((r) => ENFORCED.has(r.id));
    const refused: string[] = [];
    for (const app of apps) {
      const pods = appliedBy(app).filter((o) => POD_KINDS.has(o.kind));
      const report = runCheck({ objects: pods.map((object) => ({ object })) }, rules);
      for (const f of report.findings.filter((x) => x.status === 'fail'))
        refused.push(
          `${app.metadata.name}: ${f.rule} ${f.target.kind} ${f.target.namespace}/${f.target.name}`,
        );
    }
    expect(refused).toEqual([]);
  });

  it("every object an Application applies is in its project's destinations or cluster whitelist", () => {
    const projects = new Map(
      manifest
        .filter((e) => e.object.kind === 'AppProject')
        .map((e) => [e.object.metadata.name, e.object.spec as Yaml]),
    );
    const outside: string[] = [];
    for (const app of apps) {
      const project = projects.get((app.spec as Yaml).project)!;
      const namespaces = new Set((project.destinations as Yaml[]).map((d) => d.namespace));
      const kinds = new Set((project.clusterResourceWhitelist as Yaml[]).map((k) => `${k.group}/${k.kind}`));
      for (const o of appliedBy(app)) {
        const ok = cluster.has(groupKind(o))
          ? kinds.has(groupKind(o)) || kinds.has('*/*')
          : namespaces.has(o.metadata.namespace) || namespaces.has('*');
        if (!ok) outside.push(`${app.metadata.name}: ${id(o)}`);
      }
    }
    expect(outside).toEqual([]);
  });

  it('each CustomResourceDefinition has one owner', () => {
    const owners = new Map<string, string[]>();
    for (const app of apps)
      for (const o of appliedBy(app).filter((x) => x.kind === 'CustomResourceDefinition'))
        owners.set(o.metadata.name, [...(owners.get(o.metadata.name) ?? []), app.metadata.name]);
    expect([...owners].filter(([, a]) => a.length > 1).map(([crd, a]) => `${crd}: ${a.join(', ')}`)).toEqual(
      [],
    );
  });

  it("each Application's installs-crds annotation names the groups of the CRDs its chart installs", () => {
    for (const app of apps) {
      const groups = appliedBy(app)
        .filter((o) => o.kind === 'CustomResourceDefinition')
        .map((o) => (o.spec as Yaml).group as string);
      const declared = app.metadata.annotations?.['shai.dev/installs-crds'];
      expect(declared?.split(',') ?? [], app.metadata.name).toEqual([...new Set(groups)].sort());
    }
  });

  it('custom resources sync in a later wave than the Application that installs their CRD', () => {
    const crdWave = new Map<string, { app: string; wave: number }>();
    for (const app of apps)
      for (const o of appliedBy(app).filter((x) => x.kind === 'CustomResourceDefinition')) {
        const spec = o.spec as Yaml;
        crdWave.set(`${spec.group}/${spec.names.kind}`, { app: app.metadata.name, wave: wave(app) });
      }
    const early: string[] = [];
    for (const app of apps)
      for (const o of appliedBy(app)) {
        const owner = crdWave.get(`${o.apiVersion.split('/')[0]}/${o.kind}`);
        if (owner && owner.app !== app.metadata.name && owner.wave >= wave(app))
          early.push(
            `${app.metadata.name} (wave ${wave(app)}): ${id(o)} needs ${owner.app} (wave ${owner.wave})`,
          );
      }
    expect(early).toEqual([]);
  });
});
