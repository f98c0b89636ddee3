import type { Yaml } from '../../semantics/pods.ts';
import { deliveryOf } from '../delivery.ts';
import { appLabel } from '../gitops.ts';
import { fail, pass, where } from '../result.ts';
import { waveOf } from '../../semantics/scheduler/pods.ts';
import type { Rule, RuleResult, SourcedObject } from '../types.ts';
import { INSTALLS_CRDS_ANNOTATION } from '../../k8s/annotations.ts';

// Groups built into Kubernetes, and CRDs k3s and Argo CD bring before any Application syncs.
const PREINSTALLED = new Set([
  'argoproj.io',
  'helm.cattle.io',
  'k3s.cattle.io',
  'traefik.io',
  'traefik.containo.us',
]);
const CRD_GROUPS_UNDER_K8S_IO = new Set(['gateway.networking.k8s.io', 'snapshot.storage.k8s.io']);

/** The API group of a custom resource, or undefined for built-in and pre-installed kinds. */
export function customGroup(apiVersion: string): string | undefined {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
  if (!group.includes('.') || PREINSTALLED.has(group)) return undefined;
  if (group.endsWith('.k8s.io') && !CRD_GROUPS_UNDER_K8S_IO.has(group)) return undefined;
  return group;
}

/** Custom resources sync after the Application (or CustomResourceDefinition) that installs their CRD. */
export const crdSyncOrder: Rule = {
  id: 'crd-sync-order',
  title: 'Custom resources sync after their CRDs',
  severity: 'error',
  family: 'gitops',
  targets: ['*'],
  fix: `Give the Application delivering the resource a later argocd.argoproj.io/sync-wave than the Application that installs the CRD (annotated ${INSTALLS_CRDS_ANNOTATION}).`,
  docs:
    'A custom resource applied before its CRD fails the sync (`the server could not find the requested resource`), and Argo CD ' +
    "retries until someone notices. An object's wave is the wave of the Application that delivers it (the one its chart recording names, " +
    'else the first Application, in sync order, whose source reads its file), or its own `argocd.argoproj.io/sync-wave` (default 0) when no Application does. The ' +
    `installer of an API group is an Application annotated \`${INSTALLS_CRDS_ANNOTATION}: group1,group2\` (shai render writes it from the ` +
    'service catalog) or a CustomResourceDefinition in the tree. The delivering Application must be the installer itself or sync in ' +
    'a later wave: Applications of the same wave sync in parallel. Within one Application, Argo CD applies CRDs before their ' +
    'resources, so only a CR in an earlier wave than its CRD fails. Built-in groups and the CRDs k3s and Argo CD ship ' +
    `(${[...PREINSTALLED].sort().join(', ')}) are not checked; resources of a group nothing in the tree installs are skipped (one result per group). ` +
    'A tree with neither Applications nor CRDs is not judged.',
  check: (ctx) => {
    const { apps, by: deliverer } = deliveryOf(ctx.objects);
    const installers = new Map<string, SourcedObject[]>();
    for (const a of apps) {
      for (const g of (a.object.metadata?.annotations?.[INSTALLS_CRDS_ANNOTATION] ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean))
        installers.set(g, [...(installers.get(g) ?? []), a]);
    }
    const crds = new Map<string, SourcedObject>();
    for (const c of ctx.index.byKind('CustomResourceDefinition')) {
      const spec: Yaml = c.object.spec ?? {};
      if (spec.group && spec.names?.kind) crds.set(`${spec.group}/${spec.names.kind}`, c);
    }
    // A tree with neither Applications nor CRDs says nothing about order: nothing to judge.
    if (!apps.length && !crds.size) return [];
    const out: RuleResult[] = [];
    const unknownGroups = new Set<string>();
    for (const o of ctx.objects) {
      const group = customGroup(String(o.object.apiVersion ?? ''));
      if (!group || o.object.kind === 'CustomResourceDefinition') continue;
      const crd = crds.get(`${group}/${o.object.kind}`);
      const apps = installers.get(group) ?? [];
      if (!crd && !apps.length) {
        // One skipped result per group, not one per object: a large tree would drown the report.
        if (unknownGroups.has(group)) continue;
        unknownGroups.add(group);
        out.push({
          object: o,
          status: 'skipped',
          message: `nothing in the tree installs the CRDs of ${group}`,
        });
        continue;
      }
      const own = deliverer(o);
      const problem = crd ? againstCrd(o, own, crd, deliverer(crd)) : againstApp(o, own, apps[0]!, group);
      out.push(problem ? fail(o, problem, '.metadata.annotations') : pass(o));
    }
    return out;
  },
};

function againstApp(
  o: SourcedObject,
  own: SourcedObject | undefined,
  installer: SourcedObject,
  group: string,
): string | undefined {
  if (own === installer) return undefined;
  const wave = own ? waveOf(own) : waveOf(o);
  if (wave > waveOf(installer)) return undefined;
  const from = own ? `is delivered by ${appLabel(own)}` : `syncs in wave ${wave}`;
  return `${o.object.kind} ${where(o)} ${from}, not after ${appLabel(installer)}, which installs the CRDs of ${group}`;
}

function againstCrd(
  o: SourcedObject,
  own: SourcedObject | undefined,
  crd: SourcedObject,
  crdApp: SourcedObject | undefined,
): string | undefined {
  if (own && crdApp && own !== crdApp) {
    if (waveOf(own) > waveOf(crdApp)) return undefined;
    return `${o.object.kind} ${where(o)} is delivered by ${appLabel(own)}, not after ${appLabel(crdApp)}, which delivers CustomResourceDefinition ${crd.object.metadata?.name}`;
  }
  if (waveOf(o) >= waveOf(crd)) return undefined;
  return `${o.object.kind} ${where(o)} syncs in wave ${waveOf(o)}, before its CustomResourceDefinition ${crd.object.metadata?.name} (wave ${waveOf(crd)})`;
}
