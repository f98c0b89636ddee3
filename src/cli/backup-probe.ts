/*
 * Runs a restore's probes in the restored pods (the edge of backup/restore.ts's probeTargets): waits for a Running,
 * Ready pod for each, then execs the probe there through the API server, as `kubectl exec` would. Used by
 * `shai backup verify` and `shai backup restore --probe`.
 */
import {
  probeOutcome,
  probePod,
  probeTargets,
  type ProbeOutcome,
  type ProbeTarget,
} from '../backup/restore.ts';
import type { BackupUnit } from '../backup/units.ts';
import { UserError } from '../errors.ts';
import { statusMessage } from '../install/api.ts';
import type { BackupIo } from './backup-actions.ts';

/** How long one probe may run once it started. */
const PROBE_TIMEOUT_MS = 120_000;

/**
 * Waits (until `deadline`, on io's clock) for the pod of each probe of `unit` in `namespace`, then runs it there;
 * only the probes of `part` when given.
 */
export async function runProbes(
  io: BackupIo,
  unit: BackupUnit,
  namespace: string,
  deadline: number,
  part?: ProbeTarget['part'],
): Promise<ProbeOutcome[]> {
  const out: ProbeOutcome[] = [];
  for (const { selector, probe } of probeTargets(unit).filter((t) => !part || t.part === part)) {
    const path = `/api/v1/namespaces/${namespace}/pods?labelSelector=${encodeURIComponent(selector)}`;
    let target: ReturnType<typeof probePod>;
    let why = '';
    for (;;) {
      const reply = await io.api.request('GET', path);
      if (reply.status === 200) target = probePod((reply.body.items as unknown[] | undefined) ?? []);
      else why = `: listing pods in ${namespace}: ${statusMessage(reply)}`;
      if (target || io.now().getTime() >= deadline) break;
      await io.sleep(5_000);
    }
    if (!target) {
      out.push({
        what: probe.what,
        ok: false,
        detail: `no Running and Ready pod with ${selector} in ${namespace} in time${why}`,
      });
      continue;
    }
    try {
      const result = await io.exec(
        namespace,
        target.pod,
        target.container,
        [probe.shell, '-c', probe.script],
        PROBE_TIMEOUT_MS,
      );
      out.push(probeOutcome(probe, target.pod, result));
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      out.push({ what: probe.what, ok: false, pod: target.pod, detail: err.message });
    }
  }
  return out;
}

/**
 * Runs the probes of `part` on the restored copy in `namespace` as it is now (no waiting: a promotion takes only a
 * restore that is up) and throws a UserError saying which did not pass and how to see why.
 */
export async function proveScratch(
  io: BackupIo,
  unit: BackupUnit,
  namespace: string,
  part: ProbeTarget['part'],
  again: string,
): Promise<void> {
  const failed = (await runProbes(io, unit, namespace, io.now().getTime(), part)).filter((o) => !o.ok);
  if (failed.length)
    throw new UserError(
      `${unit.service}: the restore in ${namespace} did not pass its probe (${failed.map((o) => `${o.what}: ${o.detail}`).join('; ')}); nothing was promoted. Prove it first: ${again} --probe`,
    );
}
