/*
 * The restore probes, pure side (src/backup/restore.ts): which pods each unit's probes run in, which pod and
 * container are picked from what the API server lists, and how an exec's result reads in the reports. The exec
 * itself runs against a real kube-apiserver in test/apiserver/backup.test.ts and kube-exec.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeCommands, probeOutcome, probePod, probeTargets } from '../../src/backup/restore.ts';
import { drillLines, probeLines } from '../../src/backup/text.ts';
import { unitOf } from '../../src/backup/units.ts';
import { parseConfig } from '../../src/config/load.ts';
import { plan as makePlan } from '../../src/plan/plan.ts';
import { registry } from '../../src/services/registry.ts';
import { ROOT } from '../helpers/cli.ts';

const plan = makePlan(
  parseConfig(readFileSync(join(ROOT, 'platform.yaml'), 'utf8'), 'platform.yaml', registry),
  registry,
);

const pod = (name: string, over: Record<string, unknown> = {}, ready = true) => ({
  metadata: { name, ...((over.metadata as object) ?? {}) },
  spec: { containers: [{ name: 'app' }, { name: 'sidecar' }] },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  ...Object.fromEntries(Object.entries(over).filter(([k]) => k !== 'metadata')),
});

describe('probeTargets', () => {
  it('runs a database probe in the restored primary and a volume probe in the service pod, database first', () => {
    const n8n = probeTargets(unitOf(plan, 'n8n'));
    expect(n8n.map((t) => t.selector)).toEqual([
      'cnpg.io/cluster=n8n-db,cnpg.io/instanceRole=primary',
      'app.kubernetes.io/name=n8n',
    ]);
    expect(probeTargets(unitOf(plan, 'keycloak')).map((t) => t.probe.what)).toEqual([
      'database keycloak has its tables',
    ]);
    expect(probeTargets(unitOf(plan, 'qdrant')).map((t) => t.selector)).toEqual([
      'app.kubernetes.io/name=qdrant',
    ]);
  });

  it('is what the printed kubectl exec lines are made of', () => {
    const lines = probeCommands(unitOf(plan, 'n8n'), 'shai-restore-n8n');
    expect(lines).toHaveLength(2);
    for (const [i, t] of probeTargets(unitOf(plan, 'n8n')).entries()) {
      expect(lines[i]).toContain(`prove ${t.probe.what}:`);
      expect(lines[i]).toContain(`get pod -l ${t.selector} -o name`);
    }
  });
});

describe('probePod', () => {
  it('picks the first Running and Ready pod by name, in its first container', () => {
    expect(probePod([pod('b'), pod('a')])).toEqual({ pod: 'a', container: 'app' });
  });

  it('skips pods that are not Running, not Ready, or being deleted; none is undefined', () => {
    expect(
      probePod([
        pod('a', { status: { phase: 'Pending', conditions: [] } }),
        pod('b', {}, false),
        pod('c', { metadata: { deletionTimestamp: '2026-12-04T10:00:00Z' } }),
      ]),
    ).toBeUndefined();
    expect(probePod([])).toBeUndefined();
  });

  it('takes the default-container annotation, as kubectl exec does, when it names a container of the pod', () => {
    const annotated = (c: string) =>
      pod('a', { metadata: { annotations: { 'kubectl.kubernetes.io/default-container': c } } });
    expect(probePod([annotated('sidecar')])).toEqual({ pod: 'a', container: 'sidecar' });
    expect(probePod([annotated('gone')])).toEqual({ pod: 'a', container: 'app' });
  });
});

describe('probeOutcome and the reports', () => {
  const probe = unitOf(plan, 'keycloak').database!.probe;

  it('passes on exit 0; otherwise names the exit code, the pod and the last line the probe printed', () => {
    expect(probeOutcome(probe, 'keycloak-db-1', { exitCode: 0, stdout: '3\n', stderr: '' })).toEqual({
      what: probe.what,
      ok: true,
      pod: 'keycloak-db-1',
    });
    expect(
      probeOutcome(probe, 'keycloak-db-1', {
        exitCode: 2,
        stdout: '',
        stderr: 'psql: error: connection to server\nFATAL:  database "keycloak" does not exist\n',
      }),
    ).toEqual({
      what: probe.what,
      ok: false,
      pod: 'keycloak-db-1',
      detail: 'exit 2 in keycloak-db-1: FATAL:  database "keycloak" does not exist',
    });
    expect(probeOutcome(probe, 'p', { exitCode: 1, stdout: '', stderr: '' }).detail).toBe('exit 1 in p');
  });

  it('reads as one line per probe, and a drill that passed says what it proved', () => {
    const ok = { what: 'database keycloak has its tables', ok: true, pod: 'keycloak-db-1' };
    const bad = { what: 'Qdrant collections', ok: false, detail: 'no Running and Ready pod' };
    expect(probeLines('keycloak', [ok, bad])).toEqual([
      'keycloak: proved database keycloak has its tables (in keycloak-db-1)',
      'keycloak: FAILED to prove Qdrant collections: no Running and Ready pod',
    ]);
    const [, row] = drillLines([
      { service: 'keycloak', namespace: 'shai-verify-keycloak', ok: true, restoreSeconds: 40, probes: [ok] },
    ]);
    expect(row).toMatch(/restored +40 s +- +proved database keycloak has its tables$/);
  });
});
