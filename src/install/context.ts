import type { Io } from '../io.ts';
import type { Config } from '../config/schema.ts';
import type { KubeObject } from '../k8s/object.ts';
import { parseManifests } from '../k8s/yaml.ts';
import type { Plan } from '../plan/types.ts';
import type { KubeApi, Resource } from './api.ts';
import type { Applied, DryRunPending } from './apply.ts';
import type { ChartRenderer } from './chart.ts';
import type { AppStatus } from './waves.ts';

/** What `shai install` was asked to do. */
export interface InstallOptions {
  /** Print every action, do none. */
  dryRun: boolean;
  /** Apply node labels and taints without asking. */
  yes: boolean;
  /** Follow the sync from this wave on (the waves before it are not waited for). */
  fromWave?: number;
  /** How long one wave may take before install stops and diagnoses it. */
  waveTimeoutMs: number;
  /** How often the Applications are read while following. */
  pollMs: number;
}

/** The edges install works through; the CLI builds them, the tests inject their own. */
export interface InstallContext {
  api: KubeApi;
  resolve(apiVersion: string, kind: string): Promise<Resource | undefined>;
  io: Io;
  config: Config;
  plan: Plan;
  /** The deploy/ tree on disk (path → content), what Argo CD will sync once pushed. */
  tree: Map<string, string>;
  renderChart: ChartRenderer;
  /** The sealing-key backup (`shai secrets backup-key`), and whether the user named it. */
  sealingKey: { file: string; given: boolean };
  /** Asks a yes/no question on the terminal. */
  confirm(question: string): Promise<boolean>;
  sleep(ms: number): Promise<void>;
  /** `shai doctor`'s findings about one Application's namespace, as lines. */
  diagnose(app: AppStatus): Promise<string[]>;
  /** What the steps of a dry run would have created before (shared by them). */
  pending?: DryRunPending;
}

/** Every object of the tree files whose path starts with `prefix`, in path order. */
export function treeObjects(tree: Map<string, string>, prefix: string): KubeObject[] {
  return [...tree]
    .filter(([p]) => p.startsWith(prefix) && /\.ya?ml$/.test(p))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .flatMap(([p, text]) => parseManifests(text, p).objects.map((o) => o.object));
}

/** Prints what applying did, one line per object that changed (or would change), and a count line. */
export function reportApplied(io: Io, what: string, applied: readonly Applied[], dryRun: boolean): void {
  const count = (o: string) => applied.filter((a) => a.outcome === o).length;
  for (const a of applied) {
    if (a.outcome === 'unchanged') continue;
    const label = `${a.object.kind} ${a.object.metadata.namespace ? `${a.object.metadata.namespace}/` : ''}${a.object.metadata.name}`;
    const verb =
      a.outcome === 'unserved'
        ? `skipped ${label}: the cluster does not serve ${a.object.apiVersion} yet (Argo CD applies it once its CRD is installed)`
        : a.outcome === 'rejected'
          ? `REJECTED ${label}: ${a.message}`
          : `${dryRun ? `would be ${a.outcome}` : a.outcome}: ${label}`;
    io.stdout(`  ${verb}\n`);
  }
  io.stdout(
    `  ${what}: ${count('created')} created, ${count('changed')} changed, ${count('unchanged')} unchanged` +
      `${count('unserved') ? `, ${count('unserved')} skipped` : ''}${count('rejected') ? `, ${count('rejected')} rejected` : ''}${dryRun ? ' (dry run: nothing written)' : ''}\n`,
  );
}
