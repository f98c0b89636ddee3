/*
 * A restored pod must be admitted: Velero adds the restore step (`shai backup restore --service X`'s init hook)
 * to the pod it restores, and the platform's Kyverno policies (Enforce) judge every container of a pod, init
 * containers included. The real Kyverno CLI judges each restored pod with a restore step (the rendered workload's
 * pod template plus the init container of the Restore shai builds: Valkey with GitLab on, Qdrant) against the
 * rendered ClusterPolicies: no rule fails (it did, on resource-limits, before the step carried the service's
 * limits), and every volume the step mounts is one of the pod's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { restoreObjects } from '../../src/backup/objects.ts';
import { unitOf } from '../../src/backup/units.ts';
import { parseConfig } from '../../src/config/load.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { plan as makePlan } from '../../src/plan/plan.ts';
import { buildManifest } from '../../src/render/tree.ts';
import { registry } from '../../src/services/registry.ts';
import { IMAGES } from '../../src/services/versions.ts';
import { ROOT } from '../helpers/cli.ts';
import { kyvernoApply, kyvernoVersion } from '../helpers/kyverno.ts';
import { describeWithTools } from '../helpers/tools.ts';

interface Yaml {
  [k: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** The restored services with a restore step: the workload the Restore brings back and the platform it runs in. */
const CASES = [
  { service: 'valkey', kind: 'StatefulSet', namespace: 'data', pod: 'valkey-0', gitlab: true },
  { service: 'qdrant', kind: 'Deployment', namespace: 'ai', pod: 'qdrant-5d8f7b6c4-x2k9p', gitlab: false },
];

describeWithTools(
  "restored pods with a restore step pass the platform's Kyverno policies",
  ['kyverno'],
  'bash .ci/tools.sh (25-kyverno.sh)',
  (tools) => {
    it.each(CASES)('$service: no policy fails on it, init container included', (c) => {
      const doc = parse(readFileSync(join(ROOT, 'platform.yaml'), 'utf8')) as Yaml;
      if (c.gitlab) doc.services.gitlab = { ...(doc.services.gitlab ?? {}), enabled: true };
      const plan = makePlan(parseConfig(stringify(doc), 'platform.yaml', registry), registry);
      const objects = buildManifest(plan).manifest.map((e) => e.object) as Yaml[];
      const workload = objects.find(
        (o) => o.kind === c.kind && o.metadata.namespace === c.namespace && o.metadata.name === c.service,
      )!;
      const restore = restoreObjects(plan, unitOf(plan, c.service), {
        namespace: `shai-restore-${c.service}`,
        veleroBackup: 'velero-daily-20261203030000',
        postgresImage: IMAGES.postgres,
        now: new Date('2026-12-03T12:00:00Z'),
      }).find((o) => o.kind === 'Restore') as Yaml;
      const init = restore.spec.hooks.resources[0].postHooks[0].init.initContainers as Yaml[];
      // Every volume the step mounts is a volume of the pod it is added to.
      const volumes = [
        ...((workload.spec.template.spec.volumes ?? []) as Yaml[]),
        ...((workload.spec.volumeClaimTemplates ?? []) as Yaml[]).map((c) => c.metadata),
      ].map((v) => v.name);
      for (const m of init[0]!.volumeMounts as Yaml[]) expect(volumes, m.name).toContain(m.name);
      const pod: KubeObject = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: c.pod,
          namespace: `shai-restore-${c.service}`,
          labels: workload.spec.template.metadata.labels,
        },
        spec: { ...workload.spec.template.spec, initContainers: init },
      };
      const policies = objects.filter((o) => o.kind === 'ClusterPolicy') as KubeObject[];
      expect(policies.length).toBeGreaterThan(5);
      const run = kyvernoApply(tools.kyverno!, { policies, exceptions: [], resources: [pod] });
      const version = kyvernoVersion(tools.kyverno!);
      expect(
        run.results.filter((r) => r.result === 'fail' || r.result === 'error'),
        version,
      ).toEqual([]);
      expect(
        run.results.some((r) => r.policy === 'shai-resource-limits' && r.result === 'pass'),
        run.diagnostics,
      ).toBe(true);
    });
  },
);
