/*
 * `shai backup restore --promote`, the volume half, against a real kube-apiserver serving Velero's CRDs (as real
 * helm rendered them from chart 12.1.0: test/fixtures/charts/velero.yaml) and Argo CD's Application CRD (vendored:
 * vendor/crds/argoproj.io_application-crd.yaml). The service's objects are the rendered ones (GitLab on, so Valkey
 * is durable and backed up, with a restore step). No controller runs here; the test plays, by name:
 * - "velero stand-in": writes the Restore's status as Velero 1.18.1 would (Completed, PartiallyFailed, or nothing);
 * - "kube-controller-manager stand-in": the StatefulSet/ReplicaSet pods and the claims they make, the garbage
 *   collector removing a deleted workload's pods, and the pvc-protection controller releasing a deleted claim
 *   once no pod uses it.
 * Argo CD does not run either: what is asserted is the order of shai's own requests (every request goes through a
 * recorder) against the stand-ins' writes: the pause annotation before any deletion, its removal only after
 * Velero's Completed, and never on a failure or a timeout.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { restoreService, runBackup } from '../../src/cli/backup-actions.ts';
import { promoteVolumes } from '../../src/cli/backup-promote.ts';
import { commands } from '../../src/cli/commands/index.ts';
import { main } from '../../src/cli/main.ts';
import { stamp } from '../../src/backup/objects.ts';
import { unitOf } from '../../src/backup/units.ts';
import { parseConfig } from '../../src/config/load.ts';
import { UserError } from '../../src/errors.ts';
import type { KubeApi } from '../../src/install/api.ts';
import { applyAll } from '../../src/install/apply.ts';
import { resourceResolver } from '../../src/install/api.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { parseManifests } from '../../src/k8s/yaml.ts';
import { plan as makePlan } from '../../src/plan/plan.ts';
import type { Plan } from '../../src/plan/types.ts';
import { buildManifest } from '../../src/render/tree.ts';
import { registry } from '../../src/services/registry.ts';
import { startApiServer, type ApiServer } from '../helpers/apiserver.ts';
import { captureIo, ROOT } from '../helpers/cli.ts';
import { describeWithTools } from '../helpers/tools.ts';
import { connect, installCrds, rejections, testBackupIo, type TestBackupIo } from './helpers.ts';
import { vendoredCrds } from './tree.ts';

interface Yaml {
  [k: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const SKIP = 'argocd.argoproj.io/skip-reconcile';
const VELERO_CRDS = ['backups.velero.io', 'restores.velero.io'];

function crds(): KubeObject[] {
  const path = join(ROOT, 'test/fixtures/charts/velero.yaml');
  const velero = parseManifests(readFileSync(path, 'utf8'), path)
    .objects.map((o) => o.object)
    .filter((o) => o.kind === 'CustomResourceDefinition' && VELERO_CRDS.includes(o.metadata.name));
  expect(velero.map((o) => o.metadata.name).sort()).toEqual(VELERO_CRDS);
  const argo = vendoredCrds()
    .map((f) => f.object)
    .filter((o) => o.metadata.name === 'applications.argoproj.io');
  expect(argo).toHaveLength(1);
  return [...velero, ...argo];
}

/** The default platform with GitLab on (Valkey then keeps GitLab's queues: durable, backed up, a restore step). */
function gitlabText(): string {
  const doc = parse(readFileSync(join(ROOT, 'platform.yaml'), 'utf8')) as Yaml;
  doc.services.gitlab = { ...(doc.services.gitlab ?? {}), enabled: true };
  return stringify(doc);
}
const gitlabPlan = (): Plan => makePlan(parseConfig(gitlabText(), 'platform.yaml', registry), registry);

describeWithTools(
  'shai backup restore --promote (volumes) against kube-apiserver',
  ['etcd', 'kube-apiserver'],
  'bash .ci/tools.sh',
  (tools) => {
    let server: ApiServer;
    let plan: Plan;
    let rendered: KubeObject[];
    /** shai's requests (through the recorder) and the stand-ins' writes, in order. */
    const log: string[] = [];
    let io: TestBackupIo;

    const ok = async (method: string, path: string, body?: unknown) => {
      const r = await server.request(method, path, body);
      expect(r.status, `${method} ${path}: ${JSON.stringify(r.body).slice(0, 400)}`).toBeLessThan(300);
      return r.body as Yaml;
    };
    const get = async (path: string) => {
      const r = await server.request('GET', path);
      return r.status === 404 ? undefined : (r.body as Yaml);
    };
    const create = async (objects: KubeObject[]) => {
      const { api } = connect(server);
      expect(rejections(await applyAll(api, resourceResolver(api), objects))).toEqual([]);
    };
    const renderedOne = (kind: string, name: string) => {
      const found = rendered.find((o) => o.kind === kind && o.metadata.name === name);
      expect(found, `${kind} ${name} in the rendered tree`).toBeDefined();
      return found!;
    };
    /** velero stand-in: Velero's CRDs have no status subresource, so the status is written with the object. */
    const veleroWrites = async (path: string, status: Yaml) => {
      const live = await ok('GET', path);
      await ok('PUT', path, { ...live, status });
      log.push(`velero stand-in: ${live.kind} ${live.metadata.name} ${status.phase}`);
    };
    const app = (name: string) => `/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/${name}`;
    const restores = async () =>
      ((await ok('GET', '/apis/velero.io/v1/namespaces/backup/restores')).items as Yaml[]).map(
        (r) => r.metadata.name as string,
      );

    /** kube-controller-manager stand-in: a workload's pod and the claim behind it, bound to a provisioned volume. */
    const runPod = async (
      ns: string,
      name: string,
      template: Yaml,
      claims: { claim: string; pv: string; labels: Yaml; templateVolume?: string }[],
    ) => {
      for (const c of claims) {
        await ok('POST', '/api/v1/persistentvolumes', {
          apiVersion: 'v1',
          kind: 'PersistentVolume',
          metadata: { name: c.pv },
          spec: {
            capacity: { storage: '1Gi' },
            accessModes: ['ReadWriteOnce'],
            persistentVolumeReclaimPolicy: 'Delete',
            hostPath: { path: `/var/lib/${c.pv}` },
            claimRef: { namespace: ns, name: c.claim },
          },
        });
        if (!(await get(`/api/v1/namespaces/${ns}/persistentvolumeclaims/${c.claim}`)))
          await ok('POST', `/api/v1/namespaces/${ns}/persistentvolumeclaims`, {
            apiVersion: 'v1',
            kind: 'PersistentVolumeClaim',
            metadata: { name: c.claim, namespace: ns, labels: c.labels },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          });
        const claim = await ok('GET', `/api/v1/namespaces/${ns}/persistentvolumeclaims/${c.claim}`);
        await ok('PUT', `/api/v1/namespaces/${ns}/persistentvolumeclaims/${c.claim}`, {
          ...claim,
          spec: { ...claim.spec, volumeName: c.pv },
        });
      }
      await ok('POST', `/api/v1/namespaces/${ns}/pods`, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: ns, labels: template.metadata.labels },
        // A StatefulSet's controller adds the volumes of its claim templates to the pod.
        spec: {
          ...template.spec,
          volumes: [
            ...(template.spec.volumes ?? []),
            ...claims
              .filter((c) => c.templateVolume)
              .map((c) => ({ name: c.templateVolume, persistentVolumeClaim: { claimName: c.claim } })),
          ],
        },
      });
    };
    /** kube-controller-manager stand-in: pods of deleted workloads go; deleted claims no pod uses lose their finalizer. */
    const controllers = async (ns: string, workload: { path: string; pod: string }) => {
      if (!(await get(workload.path)) && (await get(`/api/v1/namespaces/${ns}/pods/${workload.pod}`))) {
        await ok('DELETE', `/api/v1/namespaces/${ns}/pods/${workload.pod}?gracePeriodSeconds=0`);
        log.push(`controllers stand-in: pod ${workload.pod} gone`);
      }
      const claims = (await ok('GET', `/api/v1/namespaces/${ns}/persistentvolumeclaims`)).items as Yaml[];
      for (const c of claims.filter((x) => x.metadata.deletionTimestamp && x.metadata.finalizers?.length)) {
        await ok('PUT', `/api/v1/namespaces/${ns}/persistentvolumeclaims/${c.metadata.name}`, {
          ...c,
          metadata: { ...c.metadata, finalizers: [] },
        });
        log.push(`controllers stand-in: claim ${c.metadata.name} released`);
      }
    };
    /** Only the writes of shai's recorded requests (reads are polling). */
    const writes = () => log.filter((l) => !l.startsWith('GET '));

    beforeAll(async () => {
      server = await startApiServer(tools as never);
      const { api } = connect(server);
      expect(await installCrds(api, crds())).toEqual([]);
      for (const name of ['argocd', 'data', 'gpu', 'backup'])
        await ok('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      // ComfyUI's pods name the GPU operator's RuntimeClass, which admission looks up.
      await ok('POST', '/apis/node.k8s.io/v1/runtimeclasses', {
        apiVersion: 'node.k8s.io/v1',
        kind: 'RuntimeClass',
        metadata: { name: 'nvidia' },
        handler: 'nvidia',
      });
      plan = gitlabPlan();
      rendered = buildManifest(plan).manifest.map((e) => e.object);
      const recorder: KubeApi = {
        server: api.server,
        request: async (method, path, body, contentType) => {
          const annotations = (body as Yaml | undefined)?.metadata?.annotations;
          log.push(`${method} ${path.split('?')[0]}${annotations ? ` ${JSON.stringify(annotations)}` : ''}`);
          return api.request(method, path, body, contentType);
        },
      };
      io = testBackupIo(recorder);
    }, 240_000);

    afterAll(async () => {
      await server?.stop();
    });

    it('valkey (a StatefulSet with a restore step): paused, deleted, restored in place from the scratch restore’s Backup, resumed only after Completed', async () => {
      const unit = unitOf(plan, 'valkey');
      const sts = renderedOne('StatefulSet', 'valkey') as Yaml;
      await create([renderedOne('Application', 'valkey'), sts as KubeObject]);
      await runPod('data', 'valkey-0', sts.spec.template, [
        {
          claim: 'data-valkey-0',
          pv: 'pv-valkey',
          labels: sts.spec.selector.matchLabels,
          templateVolume: 'data',
        },
      ]);
      // An on-demand backup (Velero completes it), then the scratch restore, which Velero completes and the probes prove.
      await runBackup(plan, unit, io, false);
      await veleroWrites('/apis/velero.io/v1/namespaces/backup/backups/valkey-20261203t120000z', {
        phase: 'Completed',
        completionTimestamp: '2026-12-03T12:02:00Z',
      });
      io.clock += 600_000;
      await restoreService(plan, unit, io, { namespace: 'shai-restore-valkey', dryRun: false });
      const [scratchName] = await restores();
      const scratch = await ok('GET', `/apis/velero.io/v1/namespaces/backup/restores/${scratchName}`);
      await veleroWrites(`/apis/velero.io/v1/namespaces/backup/restores/${scratchName}`, {
        phase: 'Completed',
      });

      // --dry-run: the steps, nothing written.
      log.length = 0;
      io.lines.length = 0;
      await promoteVolumes(plan, unit, io, {
        dryRun: true,
        scratchNamespace: 'shai-restore-valkey',
        timeoutMs: 60_000,
      });
      expect(writes()).toEqual([]);
      expect(io.lines[0]).toBe(
        '(dry run) pause Argo CD for Application argocd/valkey (argocd.argoproj.io/skip-reconcile: "true")',
      );
      expect(io.lines).toHaveLength(5);
      // The same through the CLI (`shai backup restore --service valkey --promote --dry-run`): the five steps,
      // the Application not paused.
      const dir = mkdtempSync(join(tmpdir(), 'shai-promote-cli-'));
      try {
        writeFileSync(join(dir, 'platform.yaml'), gitlabText());
        const cli = captureIo({ cwd: dir, now: () => new Date(io.clock) });
        const code = await main(
          [
            'backup',
            'restore',
            '--service',
            'valkey',
            '--promote',
            '--dry-run',
            '--kubeconfig',
            server.kubeconfig,
            '--context',
            'admin',
          ],
          cli,
          commands,
        );
        expect(cli.err()).toBe('');
        expect(code).toBe(0);
        expect(cli.out().trimEnd().split('\n')).toEqual(io.lines);
        expect((await get(app('valkey')))!.metadata.annotations?.[SKIP]).toBeUndefined();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }

      log.length = 0;
      io.lines.length = 0;
      const promoteName = `valkey-promote-${stamp(new Date(io.clock))}`;
      let polls = 0;
      io.onSleep = async () => {
        await controllers('data', {
          path: '/apis/apps/v1/namespaces/data/statefulsets/valkey',
          pod: 'valkey-0',
        });
        const restore = await get(`/apis/velero.io/v1/namespaces/backup/restores/${promoteName}`);
        if (restore && ++polls === 3)
          await veleroWrites(`/apis/velero.io/v1/namespaces/backup/restores/${promoteName}`, {
            phase: 'Completed',
          });
      };
      await promoteVolumes(plan, unit, io, {
        dryRun: false,
        scratchNamespace: 'shai-restore-valkey',
        timeoutMs: 60_000,
      });

      const w = writes();
      const pause = w.findIndex(
        (l) => l.startsWith('PATCH /apis/argoproj.io') && l.includes(`"${SKIP}":"true"`),
      );
      const firstDelete = w.findIndex((l) => l.startsWith('DELETE '));
      const created = w.findIndex((l) =>
        l.startsWith(`PATCH /apis/velero.io/v1/namespaces/backup/restores/${promoteName} `),
      );
      const completed = w.indexOf(`velero stand-in: Restore ${promoteName} Completed`);
      const resume = w.findIndex(
        (l) => l.startsWith('PATCH /apis/argoproj.io') && l.includes(`"${SKIP}":null`),
      );
      expect(pause).toBe(0);
      expect(w.filter((l) => l.startsWith('DELETE '))).toEqual([
        'DELETE /apis/apps/v1/namespaces/data/statefulsets/valkey',
        'DELETE /api/v1/namespaces/data/persistentvolumeclaims/data-valkey-0',
      ]);
      expect(firstDelete).toBeGreaterThan(pause);
      expect(w.indexOf('controllers stand-in: pod valkey-0 gone')).toBeLessThan(
        w.indexOf('DELETE /api/v1/namespaces/data/persistentvolumeclaims/data-valkey-0'),
      );
      expect(created).toBeGreaterThan(w.indexOf('controllers stand-in: claim data-valkey-0 released'));
      expect(resume).toBeGreaterThan(completed);
      expect(completed).toBeGreaterThan(created);
      expect(w.at(-1)).toBe(w[resume]);

      // The in-place Restore: the scratch one's Backup, selector and restore step, no namespace mapping.
      const promoted = await ok('GET', `/apis/velero.io/v1/namespaces/backup/restores/${promoteName}`);
      expect(promoted.spec.backupName).toBe('valkey-20261203t120000z');
      expect(promoted.spec.namespaceMapping).toBeUndefined();
      expect(scratch.spec.namespaceMapping).toEqual({ data: 'shai-restore-valkey' });
      expect(promoted.spec.hooks).toEqual(scratch.spec.hooks);
      expect(promoted.spec.hooks.resources[0].postHooks[0].init.initContainers[0].name).toBe('shai-restore');
      expect(promoted.spec).toMatchObject({
        includedNamespaces: ['data'],
        restorePVs: true,
        labelSelector: scratch.spec.labelSelector,
      });
      // Argo CD runs again; the old volume is kept for copying out what the backup missed.
      const live = await ok('GET', app('valkey'));
      expect(Object.keys(live.metadata.annotations)).not.toContain(SKIP);
      expect(Object.keys(live.metadata.annotations)).not.toContain('shai.dev/promoting');
      expect(
        (await ok('GET', '/api/v1/persistentvolumes/pv-valkey')).spec.persistentVolumeReclaimPolicy,
      ).toBe('Retain');
      expect(io.lines).toContain(
        'once the probes pass, delete the old volumes: kubectl delete persistentvolume pv-valkey',
      );
      expect(
        io.lines.some((l) => l.startsWith('when it is up, prove') && l.includes('kubectl -n data exec')),
      ).toBe(true);
    });

    it('comfyui: refused without a scratch restore (nothing touched); on PartiallyFailed and on a timeout Argo CD stays paused and the message says what to run; a rerun resumes', async () => {
      const unit = unitOf(plan, 'comfyui');
      const deploy = renderedOne('Deployment', 'comfyui') as Yaml;
      await create([
        renderedOne('Application', 'comfyui'),
        deploy as KubeObject,
        renderedOne('PersistentVolumeClaim', 'comfyui-output'),
        renderedOne('PersistentVolumeClaim', 'comfyui-models'),
      ]);
      const labels = deploy.metadata.labels;
      await runPod('gpu', 'comfyui-7d9f-abcde', deploy.spec.template, [
        { claim: 'comfyui-output', pv: 'pv-output', labels },
        { claim: 'comfyui-models', pv: 'pv-models', labels },
      ]);
      const opts = { dryRun: false, scratchNamespace: 'shai-restore-comfyui', timeoutMs: 60_000 };
      log.length = 0;
      await expect(promoteVolumes(plan, unit, io, opts)).rejects.toThrow(
        /comfyui: no Velero Restore into shai-restore-comfyui to promote; restore there first and prove it \(shai backup restore --service comfyui --probe\), then promote/,
      );
      expect(writes()).toEqual([]);

      await runBackup(plan, unit, io, false);
      const backupName = (await ok('GET', '/apis/velero.io/v1/namespaces/backup/backups')).items.find(
        (b: Yaml) => b.metadata.name.startsWith('comfyui-'),
      ).metadata.name;
      await veleroWrites(`/apis/velero.io/v1/namespaces/backup/backups/${backupName}`, {
        phase: 'Completed',
        completionTimestamp: new Date(io.clock).toISOString(),
      });
      io.clock += 60_000;
      await restoreService(plan, unit, io, { namespace: 'shai-restore-comfyui', dryRun: false });
      const scratchName = (await restores()).find((n) => n.startsWith('comfyui-'))!;
      await veleroWrites(`/apis/velero.io/v1/namespaces/backup/restores/${scratchName}`, {
        phase: 'Completed',
      });

      // Velero reports the in-place restore PartiallyFailed.
      const before = new Set(await restores());
      log.length = 0;
      io.onSleep = async () => {
        await controllers('gpu', {
          path: '/apis/apps/v1/namespaces/gpu/deployments/comfyui',
          pod: 'comfyui-7d9f-abcde',
        });
        for (const n of (await restores()).filter((r) => !before.has(r))) {
          const r = await ok('GET', `/apis/velero.io/v1/namespaces/backup/restores/${n}`);
          if (!r.status?.phase)
            await veleroWrites(`/apis/velero.io/v1/namespaces/backup/restores/${n}`, {
              phase: 'PartiallyFailed',
            });
        }
      };
      const failed = (await promoteVolumes(plan, unit, io, opts).catch((e: unknown) => e)) as Error;
      expect(failed).toBeInstanceOf(UserError);
      expect(failed.message).toMatch(
        /comfyui: promotion stopped: Restore backup\/comfyui-promote-\S+: Velero Restore PartiallyFailed/,
      );
      expect(failed.message).toContain('Argo CD stays paused for Application argocd/comfyui');
      expect(failed.message).toContain('PersistentVolumes pv-output');
      expect(failed.message).toContain('run shai backup restore --service comfyui --promote again');
      let live = await ok('GET', app('comfyui'));
      expect(live.metadata.annotations[SKIP]).toBe('true');
      expect(
        writes().filter((l) => l.startsWith('PATCH /apis/argoproj.io') && l.includes(`"${SKIP}":null`)),
      ).toEqual([]);
      // Only the kept volume's claim was deleted: the model cache's claim stays (the restore skips it as existing).
      expect(await get('/api/v1/namespaces/gpu/persistentvolumeclaims/comfyui-output')).toBeUndefined();
      expect(await get('/api/v1/namespaces/gpu/persistentvolumeclaims/comfyui-models')).toBeDefined();
      expect(
        (await ok('GET', '/api/v1/persistentvolumes/pv-models')).spec.persistentVolumeReclaimPolicy,
      ).toBe('Delete');

      // The rerun resumes the recorded promotion (the workload is gone now); Velero never finishes: a timeout.
      const before2 = new Set(await restores());
      io.onSleep = undefined;
      log.length = 0;
      const late = (await promoteVolumes(plan, unit, io, opts).catch((e: unknown) => e)) as Error;
      expect(late.message).toMatch(/promotion stopped: .*not ready after/);
      expect(late.message).toMatch(/Velero Restore comfyui-promote-\S+ is still running/);
      expect(late.message).toContain('it waits for that restore and resumes Argo CD once it is Completed');
      live = await ok('GET', app('comfyui'));
      expect(live.metadata.annotations[SKIP]).toBe('true');
      const running = (await restores()).filter((r) => !before2.has(r));
      expect(running).toHaveLength(1);

      // Velero completes it; the third run only waits for it and resumes Argo CD (nothing deleted again).
      await veleroWrites(`/apis/velero.io/v1/namespaces/backup/restores/${running[0]}`, {
        phase: 'Completed',
      });
      log.length = 0;
      await promoteVolumes(plan, unit, io, opts);
      expect(writes().filter((l) => l.startsWith('DELETE ') || l.includes('/restores/'))).toEqual([]);
      live = await ok('GET', app('comfyui'));
      expect(live.metadata.annotations[SKIP]).toBeUndefined();
    });
  },
);
