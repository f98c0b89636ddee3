/*
 * A restored pod must be admitted: Velero adds the restore step (`shai backup restore --service valkey`'s init
 * hook) to the pod it restores, and the platform's Kyverno policies (Enforce) judge every container of a pod,
 * init containers included. The real Kyverno CLI judges the restored Valkey pod (the rendered StatefulSet's pod
 * template, GitLab on, plus the init container of the Restore shai builds) against the rendered ClusterPolicies:
 * no rule fails (it did, on resource-limits, before the step carried the service's limits).
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

describeWithTools(
  "the restored Valkey pod passes the platform's Kyverno policies",
  ['kyverno'],
  'bash .ci/tools.sh (25-kyverno.sh)',
  (tools) => {
    it('no policy fails on it, init container included', () => {
      const doc = parse(readFileSync(join(ROOT, 'platform.yaml'), 'utf8')) as Yaml;
      doc.services.gitlab = { ...(doc.services.gitlab ?? {}), enabled: true };
      const plan = makePlan(parseConfig(stringify(doc), 'platform.yaml', registry), registry);
      const objects = buildManifest(plan).manifest.map((e) => e.object) as Yaml[];
      const sts = objects.find(
        (o) => o.kind === 'StatefulSet' && o.metadata.namespace === 'data' && o.metadata.name === 'valkey',
      )!;
      const restore = restoreObjects(plan, unitOf(plan, 'valkey'), {
        namespace: 'shai-restore-valkey',
        veleroBackup: 'velero-daily-20261203030000',
        postgresImage: IMAGES.postgres,
        now: new Date('2026-12-03T12:00:00Z'),
      }).find((o) => o.kind === 'Restore') as Yaml;
      const init = restore.spec.hooks.resources[0].postHooks[0].init.initContainers;
      const pod: KubeObject = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: 'valkey-0',
          namespace: 'shai-restore-valkey',
          labels: sts.spec.template.metadata.labels,
        },
        spec: { ...sts.spec.template.spec, initContainers: init },
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
