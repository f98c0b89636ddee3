import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stuckMessage } from '../../src/backup/promote-volumes.ts';
import type { BackupUnit } from '../../src/backup/units.ts';
import { runAnalyzers } from '../../src/cluster/analyzer.ts';
import { ANALYZERS } from '../../src/cluster/analyzers/index.ts';
import { argocdPaused } from '../../src/cluster/analyzers/argocd-paused.ts';
import { restoreLeftBehind } from '../../src/cluster/analyzers/restore-left-behind.ts';
import { veleroBackupStale } from '../../src/cluster/analyzers/velero-backup-stale.ts';
import { makeState } from '../../src/cluster/state.ts';
import { readDumpFiles } from '../../src/cluster/read-dump.ts';

const dumps = join(import.meta.dirname, '../fixtures/cluster/dumps');

/** Fixture → the analyzer, the object and the words of the root cause its finding must name. */
const cases: [string, string, string, RegExp[]][] = [
  [
    'job-cannot-reach-ollama-fails',
    'job-unreachable',
    'Job/gpu/ollama-gpu-pull-models',
    [
      /cannot reach its target ollama-gpu\.gpu\.svc\.cluster\.local:11434, set by env OLLAMA_HOST/,
      /dial tcp 10\.43\.88\.17:11434: i\/o timeout/,
    ],
  ],
  [
    'job-ollama-pull-refused-fails',
    'job-unreachable',
    'Job/cpu/ollama-cpu-pull-models',
    [
      /cannot reach its target ollama-cpu\.cpu\.svc\.cluster\.local:11434, set by env OLLAMA_HOST/,
      /could not connect to ollama server/,
    ],
  ],
  [
    'job-n8n-credentials-db-refused-fails',
    'job-unreachable',
    'Job/automation/n8n-credentials',
    [
      /cannot reach its target n8n-db-rw\.automation\.svc\.cluster\.local, set by env DB_POSTGRESDB_HOST/,
      /connect ECONNREFUSED 10\.43\.12\.40:5432/,
    ],
  ],
  [
    'pod-read-only-root-crashloop-fails',
    'pod-read-only-fs',
    'Pod/ai/litellm-5d8f9c7b6-k3m9p',
    [/fails writing \/app\/\.cache\/prisma-python on its read-only root file system \(12 restarts\)/],
  ],
  [
    'job-backoff-limit-exceeded-fails',
    'job-failed',
    'Job/auth/keycloak-config',
    [/failed \(BackoffLimitExceeded\): Job has reached the specified backoff limit; 7 pods failed/],
  ],
  [
    'job-blocked-by-quota-fails',
    'job-failed',
    'Job/monitoring/kube-prometheus-stack-admission-create',
    [/cannot create its pod: .*exceeded quota: monitoring-quota/],
  ],
  [
    'runtimeclass-missing-fails',
    'pod-runtime',
    'ReplicaSet/gpu/comfyui-',
    [/cannot create its pods: the RuntimeClass "nvidia" does not exist in the cluster/],
  ],
  [
    'pod-run-container-error-fails',
    'pod-runtime',
    'Pod/ai/open-webui-6c7d8e9f5-a1b2c',
    [/container "open-webui" cannot be created: .*"\/app\/backend\/start\.sh": permission denied/],
  ],
  [
    'pod-pending-gpu-held-by-other-pods-fails',
    'pod-unschedulable',
    'Pod/gpu/comfyui-7b9c6d5f4-q8w2e',
    [/requests 1 nvidia\.com\/gpu/, /all 1 on akula-prime are held by gpu\/ollama-gpu-6d5f7c9b8-k2x7q/],
  ],
  [
    'pod-pending-node-label-missing-fails',
    'pod-unschedulable',
    'Pod/gpu/ollama-gpu-6d5f7c9b8-k2x7q',
    [
      /kubernetes\.io\/hostname=gpu-box and no node has that label/,
      /nodes have kubernetes\.io\/hostname=akula-prime/,
    ],
  ],
  [
    'pod-pending-taint-not-tolerated-fails',
    'pod-unschedulable',
    'Pod/gpu/audio-5c8d7e6f9-r4t5y',
    [/node akula-prime has taint nvidia\.com\/gpu=true:NoSchedule that the pod does not tolerate/],
  ],
  [
    'pod-pending-pvc-unbound-fails',
    'pod-unschedulable',
    'Pod/gpu/comfyui-7b9c6d5f4-q8w2e',
    [/PVC gpu\/comfyui-models is Pending/, /"longhorn-homelab" not found/],
  ],
  [
    'pod-pending-pvc-unbound-fails',
    'pvc-pending',
    'PersistentVolumeClaim/gpu/comfyui-models',
    [/StorageClass "longhorn-homelab" does not exist \(classes: longhorn\)/],
  ],
  [
    'pod-secret-in-other-namespace-fails',
    'pod-config-error',
    'Pod/ai/litellm-5d8f9c7b6-x9z8w',
    [/Secret ai\/litellm-secret does not exist/, /exists in namespace default/],
  ],
  [
    'pod-secret-key-missing-fails',
    'pod-config-error',
    'Pod/ai/open-webui-6c7d8e9f5-a1b2c',
    [/has no key oauth-client-secret/, /its keys: webui-secret-key/],
  ],
  [
    'pod-crashloop-oomkilled-fails',
    'pod-crash-loop',
    'Pod/monitoring/prometheus-kube-prometheus-stack-prometheus-0',
    [/648 restarts/, /limit of 512Mi \(OOMKilled, exit 137\)/],
  ],
  [
    'pod-init-container-crashloop-fails',
    'pod-crash-loop',
    'Pod/ai/searxng-7f8e9d6c5-m3n4b',
    [/init container "render-settings"/, /exit code 1/, /Read-only file system/],
  ],
  [
    'qemu-binfmt-orphan-crashloop-fails',
    'pod-crash-loop',
    'Pod/kube-system/qemu-binfmt-x7k2p',
    [/cannot even start/, /cannot mount inside \/proc/, /4312 restarts/],
  ],
  [
    'qemu-binfmt-orphan-crashloop-fails',
    'argocd-app',
    'Application/argocd/qemu-binfmt',
    [/source no longer exists/, /helm\/qemu-binfmt/, /app path does not exist/],
  ],
  [
    'qemu-binfmt-orphan-crashloop-fails',
    'workload-replicas',
    'DaemonSet/kube-system/qemu-binfmt',
    [/0 of 2 pods ready/, /CrashLoopBackOff/],
  ],
  [
    'pod-image-tag-missing-fails',
    'pod-image-pull',
    'Pod/ai/open-webui-6c7d8e9f5-a1b2c',
    [/open-webui:v9\.9\.9: the registry has no such image or tag/],
  ],
  [
    'pod-image-unauthorized-fails',
    'pod-image-pull',
    'Pod/ai/mcp-servers-8d7c6b5a4-z1y2x',
    [/refused anonymous access and the pod has no imagePullSecrets/],
  ],
  [
    'pod-nvidia-runtime-not-configured-fails',
    'pod-runtime',
    'Pod/gpu/ollama-gpu-6d5f7c9b8-k2x7q',
    [/no runtime "nvidia" configured/],
  ],
  [
    'pod-evicted-memory-fails',
    'pod-evicted',
    'Pod/ai/ollama-cpu-7c6b5a4d3-e5f6g',
    [/evicted from node homelab because the node ran low on memory/],
  ],
  ['node-not-ready-fails', 'node-conditions', 'Node//akula-prime', [/NotReady/, /kubelet stopped reporting/]],
  ['node-memory-pressure-fails', 'node-conditions', 'Node//homelab', [/under memory pressure/]],
  [
    'gpu-node-without-allocatable-gpu-fails',
    'node-gpu',
    'Node//akula-prime',
    [
      /advertises no nvidia\.com\/gpu: the device plugin is not working/,
      /nvidia-device-plugin-daemonset-8m2kx ContainerCreating/,
    ],
  ],
  [
    'deployment-blocked-by-quota-fails',
    'workload-replicas',
    'Deployment/monitoring/kube-prometheus-stack-grafana',
    [/0 of 1 replicas ready/, /exceeded quota: monitoring-quota/],
  ],
  [
    'daemonset-missing-from-node-fails',
    'daemonset-coverage',
    'DaemonSet/monitoring/alloy',
    [/runs on 1 of 2 eligible nodes; no pod on akula-prime/],
  ],
  [
    'litellm-in-two-namespaces-fails',
    'duplicate-app',
    'Deployment/default/litellm',
    [/litellm runs in 2 namespaces \(ai, default\)/],
  ],
  [
    'longhorn-volume-degraded-fails',
    'longhorn-volume',
    'Volume/longhorn-system/',
    [/degraded \(PVC ai\/ollama-cpu-models\)/, /3 replicas on 2 schedulable nodes/],
  ],
  [
    'longhorn-volume-faulted-fails',
    'longhorn-volume',
    'Volume/longhorn-system/',
    [/faulted \(PVC gitlab\/repo-data-gitlab-gitaly-0\)/],
  ],
  [
    'velero-backup-failed-fails',
    'velero-backup-failed',
    'Backup/backup/velero-daily-20261203030000',
    [/PartiallyFailed: 1 errors; 1 of 3 pre-backup hooks failed/],
  ],
  [
    'velero-schedule-invalid-fails',
    'velero-backup-failed',
    'Schedule/backup/velero-daily',
    [/never runs: invalid schedule: expected exactly 5 fields/],
  ],
  [
    'cnpg-backup-failed-fails',
    'cnpg-backup-failed',
    'Backup/ai/litellm-db-20261203030000',
    [/the base backup of litellm-db failed: .*InvalidAccessKeyId/],
  ],
  [
    'cnpg-scheduled-backup-suspended-fails',
    'cnpg-backup-failed',
    'ScheduledBackup/automation/n8n-db',
    [/suspended: n8n-db gets no new base backups/],
  ],
  [
    'argocd-app-sync-failed-fails',
    'argocd-app',
    'Application/argocd/kube-prometheus-stack',
    [/last sync failed: .*Too long: must have at most 262144 bytes/, /health Degraded/],
  ],
  ['argocd-app-out-of-sync-fails', 'argocd-app', 'Application/argocd/open-webui', [/OutOfSync/]],
  [
    'velero-backup-stale-fails',
    'velero-backup-stale',
    'Schedule/backup/velero-daily',
    [
      /backups are overdue: the last good backup finished 5d 14h before the cluster was read \(2026-11-15T03:04:12Z\); the schedule runs at least every 1d/,
    ],
  ],
  [
    'cnpg-backup-stale-fails',
    'cnpg-backup-stale',
    'ScheduledBackup/auth/keycloak-db',
    [
      /base backups of keycloak-db are overdue: the last good backup finished 4d \d+h before the cluster was read/,
    ],
  ],

  [
    'restore-left-behind-fails',
    'restore-left-behind',
    'Namespace//shai-restore-keycloak',
    [
      /^a copy of keycloak's data, secrets included, restored 12d 8h before the cluster was read \(by shai backup restore; the namespace was created 2026-11-08T09:30:00Z\) and never deleted/,
      /it holds 1 PostgreSQL cluster \(keycloak-db\), 1 PVC requesting 5Gi \(10Gi of disk with Longhorn's replicas\), 1 running pod requesting 100m CPU and 256Mi memory$/,
    ],
  ],
  [
    'argocd-promotion-paused-fails',
    'argocd-paused',
    'Application/argocd/valkey',
    [
      /a shai backup restore --promote of valkey stopped midway \(unless one is running right now\) and left Argo CD paused/,
      /from Velero Backup velero-daily-20261203030000; workloads valkey; claims data-valkey-0; Velero Restore valkey-promote-20261203t120000z; old volumes kept: pvc-5f1c2a9e/,
    ],
  ],
  [
    'certificate-not-ready-fails',
    'certificate-ready',
    'Certificate/kube-system/wildcard',
    [/not ready \(DoesNotExist\): Issuing certificate as Secret does not exist/],
  ],
  [
    'ingress-backend-no-endpoints-fails',
    'ingress-backend',
    'Ingress/monitoring/grafana',
    [
      /grafana\.home\.arpa\/ → Service monitoring\/kube-prometheus-stack-grafana has no ready endpoints \(1 pods not ready\)/,
    ],
  ],
  [
    'ingressroute-service-missing-fails',
    'ingressroute-backend',
    'IngressRoute/ai/litellm',
    [/Service ai\/litellm does not exist/],
  ],
];

describe('analyzers on failure dumps', () => {
  it('has a failure dump for every analyzer in the registry', () => {
    expect(ANALYZERS.filter((a) => !cases.some((c) => c[1] === a.id)).map((a) => a.id)).toEqual([]);
  });

  it.each(cases)('%s: %s names the cause on %s', async (file, rule, target, patterns) => {
    const state = await readDumpFiles([join(dumps, `${file}.json`)]);
    const findings = runAnalyzers(ANALYZERS, state).filter((f) => f.status === 'fail' && f.rule === rule);
    const f = findings.find((x) =>
      `${x.target.kind}/${x.target.namespace ?? ''}/${x.target.name}`.startsWith(target),
    );
    expect(f, findings.map((x) => x.message).join('\n')).toBeDefined();
    for (const p of patterns) expect(f!.message).toMatch(p);
    expect(f!.fix).toBeTruthy();
  });

  it('grades an OutOfSync-only Application as a warning and a failed sync as an error', async () => {
    const sev = async (file: string) =>
      runAnalyzers(ANALYZERS, await readDumpFiles([join(dumps, `${file}.json`)])).find(
        (f) => f.rule === 'argocd-app',
      )?.severity;
    expect(await sev('argocd-app-out-of-sync-fails')).toBe('warning');
    expect(await sev('argocd-app-sync-failed-fails')).toBe('error');
  });

  it('a stopped promotion is an error that says how to resume and how to give up; a pause by hand is a warning', async () => {
    const findings = runAnalyzers(
      ANALYZERS,
      await readDumpFiles([join(dumps, 'argocd-promotion-paused-fails.json')]),
    ).filter((f) => f.rule === 'argocd-paused' && f.status === 'fail');
    expect(findings.map((f) => [f.target.name, f.severity])).toEqual([
      ['valkey', 'error'],
      ['comfyui', 'warning'],
      ['qdrant', 'warning'],
    ]);
    // A record without the pause: Argo CD reconciles again, and the next promotion would resume the old record.
    expect(findings[2]!.message).toBe(
      'carries the record of a shai backup restore --promote of qdrant that stopped (shai.dev/promoting), but Argo CD reconciles qdrant again: the pause was lifted by hand, so Argo CD may have recreated what the promotion deleted, with empty volumes; from Velero Backup velero-daily-20261202030000; workloads qdrant; claims qdrant-storage-qdrant-0; no restore created yet',
    );
    expect(findings[2]!.fix).toBe(
      "Check qdrant's data, then drop the record: kubectl -n argocd annotate application qdrant shai.dev/promoting-. While it is there, shai backup restore --service qdrant --promote resumes that old promotion instead of promoting the newest proven restore.",
    );
    expect(findings[0]!.fix).toBe(
      "If no promotion of valkey is running now, run shai backup restore --service valkey --promote again (add --to-namespace if the restore was not in shai-restore-valkey): it resumes the recorded promotion and lifts the pause once Velero's restore is Completed. To give up and let Argo CD recreate valkey from Git with EMPTY volumes: kubectl -n argocd annotate application valkey argocd.argoproj.io/skip-reconcile- shai.dev/promoting-",
    );
    // The way out is the very sentence the promotion printed when it stopped, whatever stage it stopped in.
    const record = { backup: 'b', workloads: [], claims: [] };
    const unit = { service: 'valkey', namespace: 'data' } as BackupUnit;
    for (const stage of ['deleting', 'restoring', 'restore-running'] as const)
      expect(findings[0]!.fix).toContain(
        stuckMessage(unit, 'argocd/valkey', record, stage, 'x').split('\n').at(-1),
      );
    expect(findings[1]!.message).toBe(
      'paused (argocd.argoproj.io/skip-reconcile: "true"): Argo CD does not sync comfyui to Git nor heal its drift',
    );
    // A record that is not JSON is still a stopped promotion, said so rather than crashing.
    const broken = argocdPaused.analyze(
      makeState('test', [
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Application',
          metadata: {
            name: 'n8n',
            namespace: 'argocd',
            annotations: { 'argocd.argoproj.io/skip-reconcile': 'true', 'shai.dev/promoting': '[1,' },
          },
        },
      ]),
    );
    expect(broken).toHaveLength(1);
    expect(broken[0]!.message).toMatch(/stopped midway .*; its record is unreadable: /);
    // Argo CD reads the value with Go's strconv.ParseBool (argo-cd v3.3.9 controller/appcontroller.go:2421).
    const paused = (value: string) =>
      argocdPaused.analyze(
        makeState('test', [
          {
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Application',
            metadata: {
              name: 'x',
              namespace: 'argocd',
              annotations: { 'argocd.argoproj.io/skip-reconcile': value },
            },
          },
        ]),
      ).length;
    expect(['true', 'True', 'TRUE', 't', '1'].map(paused)).toEqual([1, 1, 1, 1, 1]);
    // and says the value it found, not a "true" it did not see
    expect(
      argocdPaused.analyze(
        makeState('test', [
          {
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Application',
            metadata: {
              name: 'x',
              namespace: 'argocd',
              annotations: { 'argocd.argoproj.io/skip-reconcile': 'True' },
            },
          },
        ]),
      )[0]!.message,
    ).toBe(
      'paused (argocd.argoproj.io/skip-reconcile: "True"): Argo CD does not sync x to Git nor heal its drift',
    );
    expect(['false', '0', 'yes', ''].map(paused)).toEqual([0, 0, 0, 0]);
    // The other analyzers of the area see nothing wrong with these Applications.
    expect(
      runAnalyzers(
        ANALYZERS,
        await readDumpFiles([join(dumps, 'argocd-promotion-paused-fails.json')]),
      ).filter((f) => f.rule === 'argocd-app' && f.status === 'fail'),
    ).toEqual([]);
  });

  it('a promotion record that is not what the pause patch writes is unreadable, with the reason, not half read', () => {
    const said = (record: string) =>
      argocdPaused.analyze(
        makeState('test', [
          {
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Application',
            metadata: {
              name: 'valkey',
              namespace: 'argocd',
              annotations: { 'argocd.argoproj.io/skip-reconcile': 'true', 'shai.dev/promoting': record },
            },
          },
        ]),
      )[0]!.message;
    const workloads = '[{"kind":"StatefulSet","name":"valkey","selector":{}}]';
    expect(said('{"claims":[]}')).toMatch(/its record is unreadable: it names no backup$/);
    expect(said('{"backup":"b1","claims":[]}')).toMatch(
      /unreadable: its workloads are not a list of Deployments/,
    );
    expect(said('{"backup":"b1","workloads":[{"kind":"Pod","name":"x","selector":{}}],"claims":[]}')).toMatch(
      /unreadable: its workloads are not/,
    );
    expect(said(`{"backup":"b1","workloads":${workloads},"claims":"data-valkey-0"}`)).toMatch(
      /unreadable: its claims are not a list of names$/,
    );
    expect(said(`{"backup":"b1","workloads":${workloads},"claims":[],"volumes":[1]}`)).toMatch(
      /unreadable: its volumes are not a list of names$/,
    );
    expect(said(`{"backup":"b1","workloads":${workloads},"claims":[],"restore":7}`)).toMatch(
      /unreadable: its restore is not a name$/,
    );
    expect(said(`{"backup":"b1","workloads":${workloads},"claims":["data-valkey-0"]}`)).toMatch(
      /from Velero Backup b1; workloads valkey; claims data-valkey-0; no restore created yet$/,
    );
  });

  it('a stale-backup analyzer judges only what is overdue at the time the dump was taken', async () => {
    const fails = async (file: string, rule: string) =>
      runAnalyzers(ANALYZERS, await readDumpFiles([join(dumps, `${file}.json`)]))
        .filter((f) => f.rule === rule && f.status === 'fail')
        .map((f) => f.target.name);
    // litellm's base backup is from the day the dump was taken: not overdue; keycloak's is.
    expect(await fails('cnpg-backup-stale-fails', 'cnpg-backup-stale')).toEqual(['keycloak-db']);
    // The healthy platform, and a suspended schedule (cnpg-backup-failed's), are not stale.
    expect(await fails('cnpg-scheduled-backup-suspended-fails', 'cnpg-backup-stale')).toEqual([]);
    const healthy = runAnalyzers(ANALYZERS, await readDumpFiles([join(dumps, 'healthy-platform-passes')]));
    expect(healthy.filter((f) => f.rule.endsWith('-stale') && f.status === 'fail')).toEqual([]);
  });

  it('velero-backup-stale: a schedule with no backup since it was created is overdue; a paused one, a descriptor, or a dump without Node heartbeats is not judged', () => {
    const node = (heartbeat?: string) => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'homelab' },
      status: {
        conditions: [
          { type: 'Ready', status: 'True', ...(heartbeat ? { lastHeartbeatTime: heartbeat } : {}) },
        ],
      },
    });
    const schedule = (spec: Record<string, unknown>) => ({
      apiVersion: 'velero.io/v1',
      kind: 'Schedule',
      metadata: { name: 'velero-daily', namespace: 'backup', creationTimestamp: '2026-11-10T12:00:00Z' },
      spec,
    });
    const run = (...objects: object[]) => veleroBackupStale.analyze(makeState('test', objects as never));
    expect(
      run(node('2026-11-20T12:30:00Z'), schedule({ schedule: '0 3 * * *' })).map((f) => f.message),
    ).toEqual([
      'backups are overdue: no backup has completed in the 10d since the schedule was created (2026-11-10T12:00:00Z); it runs at least every 1d',
    ]);
    // Within the schedule and its hour of grace: not yet.
    expect(run(node('2026-11-11T12:59:00Z'), schedule({ schedule: '0 3 * * *' }))).toEqual([]);
    expect(run(node('2026-11-20T12:30:00Z'), schedule({ schedule: '0 3 * * *', paused: true }))).toEqual([]);
    expect(run(node('2026-11-20T12:30:00Z'), schedule({ schedule: '@every 6h' }))).toEqual([]);
    expect(run(node(), schedule({ schedule: '0 3 * * *' }))).toEqual([]);
  });

  it('restore-left-behind: reports the restores older than a week, and not one being deleted, a young one or an unlabelled namespace', async () => {
    const findings = runAnalyzers(
      ANALYZERS,
      await readDumpFiles([join(dumps, 'restore-left-behind-fails.json')]),
    ).filter((f) => f.status === 'fail');
    // Nothing else in the dump is wrong: the restored copies are healthy, only forgotten.
    expect(findings.map((f) => [f.rule, f.severity, f.target.name])).toEqual([
      ['restore-left-behind', 'warning', 'shai-restore-keycloak'],
      ['restore-left-behind', 'warning', 'shai-verify-qdrant'],
    ]);
    expect(findings[1]!.message).toBe(
      "a copy of qdrant's data, secrets included, restored 8d 8h before the cluster was read (by shai backup verify; the namespace was created 2026-11-12T10:00:00Z) and never deleted: it holds 1 PVC requesting 20Gi, 1 running pod requesting 250m CPU and 512Mi memory",
    );
    expect(findings[0]!.fix).toBe(
      'When the drill is done and no promotion from it is pending (shai backup restore --promote reads the scratch copy), delete it with everything in it: kubectl delete namespace shai-restore-keycloak. The backups it came from are not touched; kubectl get namespaces -l shai.dev/restore-of lists every restore still there.',
    );
    const healthy = runAnalyzers(ANALYZERS, await readDumpFiles([join(dumps, 'healthy-platform-passes')]));
    expect(healthy.filter((f) => f.rule === 'restore-left-behind')).toEqual([]);
  });

  it('restore-left-behind: a week exactly is not yet left behind; without a heartbeat, terminating or unlabelled it says nothing; what doctor could not read is not counted', () => {
    const node = (heartbeat?: string) => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'homelab' },
      status: {
        conditions: [
          { type: 'Ready', status: 'True', ...(heartbeat ? { lastHeartbeatTime: heartbeat } : {}) },
        ],
      },
    });
    const ns = (metadata: Record<string, unknown> = {}, status?: object) => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'shai-restore-n8n',
        creationTimestamp: '2026-11-13T18:00:00Z',
        labels: { 'shai.dev/restore-of': 'n8n' },
        ...metadata,
      },
      ...(status ? { status } : {}),
    });
    const run = (...objects: object[]) =>
      restoreLeftBehind.analyze(makeState('test', objects as never)).map((f) => f.message);
    const week = '2026-11-20T18:00:00Z';
    const weekAndAMinute = '2026-11-20T18:01:00Z';
    expect(run(node(week), ns())).toEqual([]);
    expect(run(node(weekAndAMinute), ns())).toEqual([
      "a copy of n8n's data, secrets included, restored 7d before the cluster was read (by shai backup restore; the namespace was created 2026-11-13T18:00:00Z) and never deleted",
    ]);
    expect(run(node(), ns())).toEqual([]);
    expect(run(ns())).toEqual([]);
    expect(run(node(weekAndAMinute), ns({ deletionTimestamp: week }))).toEqual([]);
    expect(run(node(weekAndAMinute), ns({}, { phase: 'Terminating' }))).toEqual([]);
    expect(run(node(weekAndAMinute), ns({ labels: { 'kubernetes.io/metadata.name': 'x' } }))).toEqual([]);
    expect(run(node(weekAndAMinute), ns({ creationTimestamp: undefined }))).toEqual([]);
    // Pods are counted only when running, claims and pods only in the restore's namespace.
    const claim = (namespace: string) => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'n8n-data', namespace },
      spec: { resources: { requests: { storage: '2Gi' } } },
    });
    const pod = (namespace: string, phase: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `n8n-${phase}`, namespace },
      spec: { containers: [{ name: 'n8n' }] },
      status: { phase },
    });
    const objects = [
      node(weekAndAMinute),
      ns(),
      claim('shai-restore-n8n'),
      claim('automation'),
      pod('shai-restore-n8n', 'Running'),
      pod('shai-restore-n8n', 'Succeeded'),
      pod('automation', 'Running'),
    ];
    expect(run(...objects)[0]).toMatch(/never deleted: it holds 1 PVC requesting 2Gi, 1 running pod$/);
    // A kind doctor could not read is left out, not counted as none.
    const unread = makeState(
      'test',
      objects as never,
      new Map([['Pod', { reason: 'forbidden', fix: 'grant it' }]]) as never,
    );
    expect(restoreLeftBehind.analyze(unread)[0]!.message).toMatch(/: it holds 1 PVC requesting 2Gi$/);
  });

  it('reports skipped, not pass, for analyzers whose kinds are not in the dump', async () => {
    const state = await readDumpFiles([join(dumps, 'node-not-ready-fails.json')]);
    const skipped = runAnalyzers(ANALYZERS, state)
      .filter((f) => f.status === 'skipped')
      .map((f) => f.rule);
    expect(skipped).toEqual([
      'longhorn-volume',
      'velero-backup-failed',
      'velero-backup-stale',
      'cnpg-backup-failed',
      'cnpg-backup-stale',
      'argocd-app',
      'argocd-paused',
      'certificate-ready',
      'ingressroute-backend',
    ]);
  });

  it('turns an analyzer that throws into an error finding and goes on', () => {
    const boom = {
      ...ANALYZERS[0]!,
      id: 'boom',
      needs: [],
      analyze: () => {
        throw new Error('bad data');
      },
    };
    const findings = runAnalyzers([boom, ANALYZERS[0]!], { ...stateWithNothing() });
    expect(findings[0]).toMatchObject({
      rule: 'boom',
      status: 'error',
      message: 'analyzer crashed: bad data',
    });
  });
});

function stateWithNothing() {
  return {
    source: 'x',
    objects: () => [],
    get: () => undefined,
    named: () => [],
    events: () => [],
    available: () => true,
    unavailable: new Map(),
    notServed: new Set<string>(),
  };
}
