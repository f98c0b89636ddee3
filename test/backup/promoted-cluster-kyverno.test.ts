/*
 * A promoted recovery's Cluster must be admitted like the one it replaces: CloudNativePG creates its first
 * instance through a `full-recovery` Job instead of `initdb`, then the instance Pod (the stand-ins shai check
 * builds from the operator's source, src/check/standins/cnpg-instances.ts, with the operator image of the
 * recorded cnpg-operator chart). The real Kyverno CLI judges those pods of the rendered generation-1 Cluster
 * against the rendered ClusterPolicies: no rule fails, and the pods are judged by the resource-limits rule.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { placeInDestinations } from '../../src/check/delivery.ts';
import { parseObjects } from '../../src/check/read.ts';
import { standInWorkloads } from '../../src/check/standins/index.ts';
import { parseConfig } from '../../src/config/load.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { plan as makePlan } from '../../src/plan/plan.ts';
import { buildManifest } from '../../src/render/tree.ts';
import { registry } from '../../src/services/registry.ts';
import { ROOT } from '../helpers/cli.ts';
import { kyvernoApply, kyvernoVersion } from '../helpers/kyverno.ts';
import { describeWithTools } from '../helpers/tools.ts';

interface Yaml {
  [k: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describeWithTools(
  "a promoted recovery's Cluster passes the platform's Kyverno policies",
  ['kyverno'],
  'bash .ci/tools.sh (25-kyverno.sh)',
  (tools) => {
    it('its full-recovery Job and instance Pod fail no policy', () => {
      const doc = parse(readFileSync(join(ROOT, 'platform.yaml'), 'utf8')) as Yaml;
      doc.backup.recoveries = [{ service: 'keycloak', at: '2026-12-03T14:30:00Z' }];
      const plan = makePlan(parseConfig(stringify(doc), 'platform.yaml', registry), registry);
      const objects = buildManifest(plan).manifest.map((e) => e.object) as KubeObject[];
      const cluster = objects.find((o) => o.kind === 'Cluster' && o.metadata.name === 'keycloak-db-r1')!;
      const chart = placeInDestinations(
        parseObjects(
          readFileSync(join(ROOT, 'test/fixtures/charts/cnpg-operator.yaml'), 'utf8'),
          'test/fixtures/charts/cnpg-operator.yaml',
        ),
      );
      const pods = standInWorkloads([...chart, { object: cluster }]).map((w) => w.source.object);
      expect(pods.map((p) => `${p.kind} ${p.metadata.name}`)).toEqual([
        'Job keycloak-db-r1-1-full-recovery',
        'Pod keycloak-db-r1-1',
      ]);
      const policies = objects.filter((o) => o.kind === 'ClusterPolicy');
      const exceptions = objects.filter((o) => o.kind === 'PolicyException');
      const run = kyvernoApply(tools.kyverno!, { policies, exceptions, resources: pods });
      const version = kyvernoVersion(tools.kyverno!);
      expect(
        run.results.filter((r) => r.result === 'fail' || r.result === 'error'),
        version,
      ).toEqual([]);
      for (const name of ['keycloak-db-r1-1-full-recovery', 'keycloak-db-r1-1'])
        expect(
          run.results.some(
            (r) => r.name === name && r.policy === 'shai-resource-limits' && r.result === 'pass',
          ),
          `${name}: ${run.diagnostics}`,
        ).toBe(true);
    });
  },
);
