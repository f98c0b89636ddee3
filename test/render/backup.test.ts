/*
 * The backup plan as the default platform renders it: every stateful service is backed up, caches are not.
 * Databases through CloudNativePG's Barman Cloud plugin (ObjectStore + the Cluster's WAL archiver + a
 * ScheduledBackup), volumes through Velero's opt-in annotation, both on platform.yaml's schedule and retention.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parseConfig } from '../../src/config/load.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { plan as makePlan } from '../../src/plan/plan.ts';
import type { Plan } from '../../src/plan/types.ts';
import { BACKUP_VOLUMES_ANNOTATION, PRE_HOOK } from '../../src/build/velero-backup.ts';
import { buildManifest } from '../../src/render/tree.ts';
import { registry } from '../../src/services/registry.ts';

const DEFAULT = readFileSync(join(import.meta.dirname, '../../platform.yaml'), 'utf8');

interface Yaml {
  [k: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** The default platform with its `backup` section replaced (or removed when `backup` is null), rendered. */
function rendered(backup?: Record<string, unknown> | null): { plan: Plan; objects: KubeObject[] } {
  const doc = parse(DEFAULT) as Record<string, unknown>;
  if (backup === null) delete doc.backup;
  else if (backup) doc.backup = backup;
  const plan = makePlan(parseConfig(stringify(doc), 'platform.yaml', registry), registry);
  return { plan, objects: buildManifest(plan).manifest.map((e) => e.object) };
}

const of = (objects: KubeObject[], kind: string) => objects.filter((o) => o.kind === kind);
const podAnnotations = (o: KubeObject): Record<string, string> =>
  ((o.spec as Yaml | undefined)?.template?.metadata?.annotations as Record<string, string>) ?? {};
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

describe('the backups of the default platform', () => {
  const { plan, objects } = rendered();
  const backup = plan.config.backup!;

  it('archive every CloudNativePG database through the Barman Cloud plugin, on the schedule and retention of platform.yaml', () => {
    const clusters = of(objects, 'Cluster');
    expect(clusters.length).toBeGreaterThanOrEqual(3);
    for (const c of clusters) {
      const ns = c.metadata.namespace;
      const name = c.metadata.name;
      const plugins = (c.spec as Yaml).plugins as Yaml[];
      expect(plugins, `${ns}/${name}`).toEqual([
        expect.objectContaining({
          name: 'barman-cloud.cloudnative-pg.io',
          isWALArchiver: true,
          parameters: { barmanObjectName: `${name}-backup` },
        }),
      ]);
      // The deprecated in-tree path is not used.
      expect((c.spec as Yaml).backup?.barmanObjectStore, `${ns}/${name}`).toBeUndefined();
      const store = objects.find(
        (o) =>
          o.kind === 'ObjectStore' && o.metadata.namespace === ns && o.metadata.name === `${name}-backup`,
      );
      expect(store, `ObjectStore of ${ns}/${name}`).toBeDefined();
      expect((store!.spec as Yaml).retentionPolicy).toBe(`${backup.retention.days}d`);
      expect((store!.spec as Yaml).configuration.destinationPath).toBe(
        `s3://${backup.target.bucket}/cnpg/${ns}/`,
      );
      expect((store!.spec as Yaml).configuration.endpointURL).toBe(backup.target.endpoint);
      const scheduled = objects.find(
        (o) => o.kind === 'ScheduledBackup' && o.metadata.namespace === ns && o.metadata.name === name,
      );
      expect((scheduled!.spec as Yaml).cluster).toEqual({ name });
      expect((scheduled!.spec as Yaml).method).toBe('plugin');
      // CloudNativePG's cron has a seconds field first: 0 3 * * * is 0 0 3 * * *.
      expect((scheduled!.spec as Yaml).schedule).toBe(`0 ${backup.schedule}`);
    }
  });

  it('give every stateful service a backup: a database archive or its kept volumes in Velero’s opt-in annotation', () => {
    const annotated = new Map<string, string[]>();
    for (const o of objects.filter((x) => WORKLOADS.has(x.kind))) {
      const v = podAnnotations(o)[BACKUP_VOLUMES_ANNOTATION];
      if (v) annotated.set(o.metadata.labels?.['app.kubernetes.io/name'] ?? o.metadata.name, v.split(','));
    }
    const archived = new Set(
      of(objects, 'ScheduledBackup').map((o) => o.metadata.annotations?.['shai.dev/service']),
    );
    const unprotected = plan.services
      .filter((s) => s.backup.kind !== 'none')
      .filter((s) => !archived.has(s.name) && !annotated.has(s.name) && !s.def.chart)
      .map((s) => s.name);
    expect(unprotected).toEqual([]);
    for (const s of plan.services.filter((x) => x.backup.kind === 'postgres'))
      expect(archived.has(s.name), s.name).toBe(true);
    // Every volume a service marks worth keeping is named; none it marks a cache is.
    for (const s of plan.services.filter((x) => !x.def.chart)) {
      const named = annotated.get(s.name) ?? [];
      for (const v of s.storage) expect(named.includes(v.name), `${s.name}/${v.name}`).toBe(v.backup);
    }
  });

  it('never back up caches: model stores, Valkey, Loki, Prometheus and MinIO stay out of Velero', () => {
    const velero = objects.find((o) => o.kind === 'Application' && o.metadata.name === 'velero')!;
    const values = JSON.stringify(velero.spec);
    expect(values).toContain('"defaultVolumesToFsBackup":false');
    for (const name of ['ollama-cpu', 'ollama-gpu', 'valkey', 'loki', 'minio']) {
      const svc = plan.services.find((s) => s.name === name);
      if (!svc) continue;
      expect(svc.backup.kind, name).toBe('none');
      expect(
        svc.storage.filter((v) => v.backup),
        name,
      ).toEqual([]);
      for (const o of objects.filter(
        (x) => WORKLOADS.has(x.kind) && x.metadata.labels?.['app.kubernetes.io/name'] === name,
      ))
        expect(podAnnotations(o)[BACKUP_VOLUMES_ANNOTATION], name).toBeUndefined();
    }
  });

  it("runs each application-consistent snapshot as a failing Velero pre-backup hook in the service's pod", () => {
    const hooked = objects
      .filter((o) => WORKLOADS.has(o.kind) && podAnnotations(o)[PRE_HOOK.command])
      .map((o) => o.metadata.name)
      .sort();
    expect(hooked).toEqual(['n8n', 'open-webui', 'qdrant']);
    for (const o of objects.filter((x) => WORKLOADS.has(x.kind) && podAnnotations(x)[PRE_HOOK.command])) {
      const a = podAnnotations(o);
      expect(a[PRE_HOOK.onError]).toBe('Fail');
      expect(JSON.parse(a[PRE_HOOK.command]!)).toEqual([
        expect.stringMatching(/^\/bin\/(ba)?sh$/),
        '-c',
        expect.any(String),
      ]);
    }
  });
});

describe('the backup schedule and retention follow platform.yaml', () => {
  it('in the ScheduledBackups, the ObjectStores and Velero’s daily Schedule', () => {
    const base = (parse(DEFAULT) as Yaml).backup as Yaml;
    const { objects } = rendered({ ...base, schedule: '15 1 * * 0', retention: { days: 3 } });
    expect(new Set(of(objects, 'ScheduledBackup').map((o) => (o.spec as Yaml).schedule))).toEqual(
      new Set(['0 15 1 * * 0']),
    );
    expect(new Set(of(objects, 'ObjectStore').map((o) => (o.spec as Yaml).retentionPolicy))).toEqual(
      new Set(['3d']),
    );
    const velero = JSON.stringify(
      objects.find((o) => o.kind === 'Application' && o.metadata.name === 'velero')!.spec,
    );
    expect(velero).toContain('"schedule":"15 1 * * 0"');
    expect(velero).toContain('"ttl":"72h0m0s"');
  });

  it('without a backup target nothing is archived and the plan says what is not backed up', () => {
    const { plan, objects } = rendered(null);
    expect(of(objects, 'ObjectStore')).toEqual([]);
    expect(of(objects, 'ScheduledBackup')).toEqual([]);
    for (const c of of(objects, 'Cluster')) expect((c.spec as Yaml).plugins).toBeUndefined();
    expect(plan.warnings.map((w) => w.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^no backup target: nothing of .*keycloak.* is backed up$/),
      ]),
    );
  });
});
