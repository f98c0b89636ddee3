/*
 * Issue 16's "done when": the default platform renders a backup for every stateful service and none for caches.
 * The oracle is the table below, which says once, independently of the service data, what each volume and
 * database of every service holds: `keep` (people's data: lost means lost) or a cache with what rebuilds it.
 * The test walks every service of the registry (a new volume or database fails until it is classified here),
 * then the rendered tree: every `keep` is archived (a database through the Barman Cloud plugin, a volume named
 * in Velero's opt-in annotation of the pod that mounts it, in shai's own workloads or in the chart's real helm
 * rendering) and no cache is.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { probeTargets } from '../../src/backup/restore.ts';
import { backupUnits } from '../../src/backup/units.ts';
import { parseConfig } from '../../src/config/load.ts';
import { plan as makePlan } from '../../src/plan/plan.ts';
import { BACKUP_VOLUMES_ANNOTATION } from '../../src/build/velero-backup.ts';
import { buildManifest } from '../../src/render/tree.ts';
import { registry } from '../../src/services/registry.ts';

/** What each service's data is. `keep`: back it up. Anything else: a cache, and what brings it back. */
const DATA: Record<string, 'keep' | `cache: ${string}`> = {
  'audio/models': 'cache: speech models are downloaded again from their sources',
  'comfyui/models': 'cache: checkpoints are downloaded again from their sources',
  'comfyui/output': 'keep',
  'gitlab/database': 'keep',
  'gitlab/gitaly': 'keep',
  'keycloak/database': 'keep',
  'kube-prometheus-stack/alertmanager': 'cache: silences and notification state, rebuilt as alerts fire',
  'kube-prometheus-stack/grafana': 'keep',
  'kube-prometheus-stack/prometheus': 'cache: metrics kept for their retention period only',
  'litellm/database': 'keep',
  'loki/data': 'cache: logs kept for their retention period only',
  'minio/data': 'cache: it is the backup target itself (a copy off the cluster is the second copy)',
  'n8n/database': 'keep',
  'n8n/data': 'keep',
  'ollama-cpu/models': 'cache: models are pulled again from the registry',
  'ollama-gpu/models': 'cache: models are pulled again from the registry',
  'open-webui/data': 'keep',
  'qdrant/data': 'keep',
  // With only LiteLLM and SearXNG it is an LRU cache they refill (router state, response and result caches, the
  // bot limiter); GitLab's Sidekiq queues and sessions there are not refilled by anyone (KEPT_WITH below).
  'valkey/data': 'cache: an LRU cache; LiteLLM and SearXNG refill it',
  'video/models': 'cache: video models are downloaded again from their sources',
};

/** Data that is a cache on its own but kept once one of these services is on: they keep durable state there. */
const KEPT_WITH: Record<string, string[]> = { 'valkey/data': ['gitlab'] };

/** Is this data kept on a platform running these services? */
const kept = (key: string, enabled: ReadonlySet<string>) =>
  DATA[key] === 'keep' || (KEPT_WITH[key] ?? []).some((s) => enabled.has(s));

/** Every volume and database of every service the registry knows, as `service/volume`. */
function dataOfRegistry(): string[] {
  return registry
    .flatMap((d) => [
      ...d.storage.map((v) => `${d.name}/${v.name}`),
      ...(d.database ? [`${d.name}/database`] : []),
    ])
    .sort();
}

interface Yaml {
  [k: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const root = join(import.meta.dirname, '../..');
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
const template = (o: Yaml): Yaml | undefined => o.spec?.template ?? o.spec?.jobTemplate?.spec?.template;
const keptBy = (o: Yaml): string[] =>
  ((template(o)?.metadata?.annotations ?? {}) as Record<string, string>)[BACKUP_VOLUMES_ANNOTATION]?.split(
    ',',
  ) ?? [];

/** The default platform, with these optional services switched on too (they are walked like the others). */
function rendered(enable: string[]) {
  const doc = parse(readFileSync(join(root, 'platform.yaml'), 'utf8')) as Yaml;
  for (const s of enable) doc.services[s] = { ...(doc.services[s] ?? {}), enabled: true };
  const plan = makePlan(parseConfig(stringify(doc), 'platform.yaml', registry), registry);
  return { plan, objects: buildManifest(plan).manifest.map((e) => e.object) as Yaml[] };
}

/** The pod templates of a chart as real helm rendered it at its pin with shai's values (test/fixtures/charts). */
const recordings = new Map<string, Yaml[] | undefined>();
function chartRecording(service: string): Yaml[] | undefined {
  if (!recordings.has(service)) recordings.set(service, readRecording(service));
  return recordings.get(service);
}

function readRecording(service: string): Yaml[] | undefined {
  try {
    const text = readFileSync(join(root, 'test/fixtures/charts', `${service}.yaml`), 'utf8');
    return parseAllDocuments(text)
      .map((d) => d.toJS() as Yaml)
      .filter((o) => o && WORKLOADS.has(o.kind));
  } catch {
    return undefined;
  }
}

describe('every stateful service is backed up and no cache is', () => {
  it('each volume and database of every service is classified as kept or as a cache', () => {
    expect(dataOfRegistry()).toEqual(Object.keys(DATA).sort());
  });

  it('the service data says the same: a kept volume is marked backup, a cache is not', () => {
    for (const d of registry)
      for (const v of d.storage)
        expect(v.backup, `${d.name}/${v.name}`).toBe(DATA[`${d.name}/${v.name}`] === 'keep');
  });

  const { plan, objects } = rendered(['gitlab', 'audio', 'video']);

  it('the rendered tree archives every kept database through CloudNativePG and no other', () => {
    const archived = objects
      .filter((o) => o.kind === 'Cluster' && o.apiVersion.startsWith('postgresql.cnpg.io/'))
      .filter((c) =>
        ((c.spec?.plugins ?? []) as Yaml[]).some(
          (p) => p.isWALArchiver && p.name === 'barman-cloud.cloudnative-pg.io',
        ),
      )
      .filter((c) =>
        objects.some(
          (o) =>
            o.kind === 'ScheduledBackup' &&
            o.metadata.namespace === c.metadata.namespace &&
            o.spec.cluster?.name === c.metadata.name,
        ),
      )
      .map(
        (c) =>
          plan.services.find(
            (s) => s.database?.cluster === c.metadata.name && s.namespace === c.metadata.namespace,
          )?.name,
      )
      .sort();
    const kept = plan.services
      .filter((s) => DATA[`${s.name}/database`] === 'keep')
      .map((s) => s.name)
      .sort();
    expect(kept.length).toBeGreaterThanOrEqual(4);
    expect(archived).toEqual(kept);
  });

  it("Velero's opt-in annotation names every kept volume of shai's own workloads and no cache", () => {
    const own = plan.services.filter((s) => !s.def.chart && s.storage.length);
    expect(own.map((s) => s.name)).toEqual(expect.arrayContaining(['qdrant', 'open-webui', 'n8n', 'valkey']));
    for (const s of own) {
      const pods = objects.filter(
        (o) =>
          WORKLOADS.has(o.kind) &&
          o.metadata.namespace === s.namespace &&
          o.metadata.labels?.['app.kubernetes.io/name'] === s.name,
      );
      expect(pods.length, s.name).toBeGreaterThan(0);
      const named = new Set(pods.flatMap(keptBy));
      const enabled = new Set(plan.services.map((x) => x.name));
      for (const v of s.storage)
        expect(named.has(v.name), `${s.name}/${v.name}: ${DATA[`${s.name}/${v.name}`]}`).toBe(
          kept(`${s.name}/${v.name}`, enabled),
        );
    }
  });

  it("in a chart's real helm rendering, only the pods of kept volumes carry the annotation", () => {
    const charts = plan.services.filter((s) => s.def.chart && s.storage.length);
    const recorded = charts.filter((s) => chartRecording(s.name));
    expect(recorded.map((s) => s.name).sort()).toEqual(['kube-prometheus-stack', 'loki']);
    for (const s of recorded) {
      const annotated = chartRecording(s.name)!
        .filter((o) => keptBy(o).length)
        .map((o) => o.metadata.name as string);
      const kept = s.storage.filter((v) => DATA[`${s.name}/${v.name}`] === 'keep').map((v) => v.name);
      expect(annotated.length, s.name).toBe(kept.length);
      for (const v of kept)
        expect(
          annotated.some((n) => n.includes(v)),
          `${s.name}/${v}`,
        ).toBe(true);
    }
  });

  it("GitLab's values give Gitaly's pod Velero's opt-in for its repositories (the chart's volume name)", () => {
    // Read from the chart at 9.8.4 (charts/gitlab/charts/gitaly/templates/_statefulset_spec.yaml): the pod
    // template's annotations are `gitlab.gitaly.annotations`, the claim's pod volume is `repo-data`.
    const app = objects.find((o) => o.kind === 'Application' && o.metadata.name === 'gitlab')!;
    const chart = (app.spec.sources as Yaml[]).find((s) => s.chart === 'gitlab')!;
    expect(chart.helm.valuesObject.gitlab.gitaly.annotations).toEqual({
      [BACKUP_VOLUMES_ANNOTATION]: 'repo-data',
    });
  });

  it('a kept volume of a chart without a helm recording is named here as not yet proved', () => {
    // GitLab's chart (optional, off by default) cannot be pulled here (charts.gitlab.io is not a registry), so
    // no real helm rendering shows its pods: Gitaly's annotation (above) is read from the chart's templates.
    const unproved = plan.services
      .filter((s) => s.def.chart && s.storage.length && !chartRecording(s.name))
      .flatMap((s) =>
        s.storage.filter((v) => DATA[`${s.name}/${v.name}`] === 'keep').map((v) => `${s.name}/${v.name}`),
      );
    expect(unproved).toEqual(['gitlab/gitaly']);
  });

  it('every restore has a probe for each thing it brings back: the database, and the volumes', () => {
    // `shai backup verify` and `restore --probe` prove a restore by its probes; a unit without one would pass a
    // drill on the operators' word alone.
    for (const unit of backupUnits(plan)) {
      const targets = probeTargets(unit).map((t) => t.selector);
      expect(targets, unit.service).toEqual([
        ...(unit.database ? [`cnpg.io/cluster=${unit.database.cluster},cnpg.io/instanceRole=primary`] : []),
        ...(unit.volumes.length ? [expect.any(String)] : []),
      ]);
    }
  });

  it('the volume probe runs in the pods that carry the kept volumes, in the rendered tree or the real helm rendering', () => {
    const matches = (labels: Yaml | undefined, want: Record<string, string>) =>
      Object.entries(want).every(([k, v]) => labels?.[k] === v);
    const unproved: string[] = [];
    for (const unit of backupUnits(plan).filter((u) => u.volumes.length)) {
      const svc = plan.services.find((s) => s.name === unit.service)!;
      const workloads = svc.def.chart
        ? chartRecording(svc.name)
        : objects.filter((o) => WORKLOADS.has(o.kind) && o.metadata.namespace === svc.namespace);
      if (!workloads) {
        unproved.push(unit.service);
        continue;
      }
      const probed = workloads.filter((o) => matches(template(o)?.metadata?.labels, unit.pods));
      const annotated = workloads.filter(
        (o) => keptBy(o).length && matches(template(o)?.metadata?.labels, unit.labels),
      );
      expect(
        probed.map((o) => o.metadata.name),
        unit.service,
      ).toEqual(annotated.map((o) => o.metadata.name));
      expect(probed.length, unit.service).toBe(1);
    }
    // GitLab's chart has no helm recording here (above): its labels are read from the chart's templates.
    expect(unproved).toEqual(['gitlab']);
  });
});
