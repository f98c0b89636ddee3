import type { Analyzer } from '../analyzer.ts';
import { argocdApp } from './argocd-app.ts';
import { argocdPaused } from './argocd-paused.ts';
import { certificateReady } from './certificate.ts';
import { cnpgBackupFailed } from './cnpg-backup-failed.ts';
import { cnpgBackupStale } from './cnpg-backup-stale.ts';
import { daemonsetCoverage } from './daemonset-coverage.ts';
import { duplicateApp } from './duplicate-app.ts';
import { ingressBackend } from './ingress-backend.ts';
import { ingressRouteBackend } from './ingressroute-backend.ts';
import { jobFailed } from './job-failed.ts';
import { jobUnreachable } from './job-unreachable.ts';
import { longhornVolume } from './longhorn-volume.ts';
import { nodeConditions } from './node-conditions.ts';
import { nodeGpu } from './node-gpu.ts';
import { podConfigError } from './pod-config-error.ts';
import { podCrashLoop } from './pod-crash-loop.ts';
import { podEvicted } from './pod-evicted.ts';
import { podImagePull } from './pod-image-pull.ts';
import { podReadOnlyFs } from './pod-read-only-fs.ts';
import { podRuntime } from './pod-runtime.ts';
import { podUnschedulable } from './pod-unschedulable.ts';
import { pvcPending } from './pvc-pending.ts';
import { restoreLeftBehind } from './restore-left-behind.ts';
import { veleroBackupFailed } from './velero-backup-failed.ts';
import { veleroBackupStale } from './velero-backup-stale.ts';
import { workloadReplicas } from './workload-replicas.ts';

/** Every doctor analyzer, in report order (by area). */
export const ANALYZERS: readonly Analyzer[] = [
  nodeConditions,
  nodeGpu,
  podUnschedulable,
  podConfigError,
  podCrashLoop,
  podReadOnlyFs,
  podImagePull,
  podRuntime,
  podEvicted,
  workloadReplicas,
  daemonsetCoverage,
  duplicateApp,
  jobFailed,
  jobUnreachable,
  pvcPending,
  longhornVolume,
  veleroBackupFailed,
  veleroBackupStale,
  cnpgBackupFailed,
  cnpgBackupStale,
  restoreLeftBehind,
  argocdApp,
  argocdPaused,
  certificateReady,
  ingressBackend,
  ingressRouteBackend,
];
