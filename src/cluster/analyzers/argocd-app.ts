import type { Analyzer, FindingDraft } from '../analyzer.ts';
import { targetOf } from '../analyzer.ts';
import type { KubeObject } from '../../k8s/object.ts';

interface Application extends KubeObject {
  spec?: { source?: { repoURL?: string; path?: string; chart?: string; targetRevision?: string } };
  status?: {
    sync?: { status?: string };
    health?: { status?: string; message?: string };
    operationState?: { phase?: string; message?: string };
    conditions?: { type: string; message?: string }[];
  };
}

const SOURCE_GONE =
  /app path does not exist|repository not found|unable to resolve .* to a commit SHA|chart .* not found|no such file or directory/i;

/** Argo CD Applications out of sync, degraded, missing, failing to sync, or whose source no longer exists. */
export const argocdApp: Analyzer = {
  id: 'argocd-app',
  area: 'gitops',
  title: 'Argo CD Applications not synced or not healthy',
  docs: "Argo CD Applications whose source no longer exists (the orphaned qemu-binfmt case), whose last sync failed (with Argo CD's message), that are Degraded or Missing, or only OutOfSync (warning).",
  severity: 'error',
  needs: ['Application'],
  analyze(state) {
    const out: FindingDraft[] = [];
    for (const app of state.objects('Application') as Application[]) {
      const s = app.status ?? {};
      const src = app.spec?.source ?? {};
      const where =
        `${src.repoURL ?? '?'} ${src.path ?? src.chart ?? ''}@${src.targetRevision ?? 'HEAD'}`.trim();
      const errors = (s.conditions ?? []).filter((c) => c.type.endsWith('Error'));
      const gone = errors.find((c) => SOURCE_GONE.test(c.message ?? ''));
      const parts: string[] = [];
      if (gone) parts.push(`its source no longer exists (${where}): ${gone.message}`);
      else for (const c of errors) parts.push(`${c.type}: ${c.message}`);
      const op = s.operationState;
      if (op && (op.phase === 'Failed' || op.phase === 'Error'))
        parts.push(`the last sync failed: ${op.message}`);
      const health = s.health?.status;
      if (health === 'Degraded' || health === 'Missing')
        parts.push(`health ${health}${s.health?.message ? `: ${s.health.message}` : ''}`);
      if (s.sync?.status === 'OutOfSync' && parts.length === 0)
        parts.push('OutOfSync: the cluster differs from git and no sync has fixed it');
      if (parts.length === 0) continue;
      out.push({
        target: targetOf(app),
        severity: parts[0]!.startsWith('OutOfSync') ? 'warning' : 'error',
        message: parts.join('; '),
        fix: gone
          ? `Delete the Application (kubectl -n ${app.metadata.namespace} delete application ${app.metadata.name}) and the objects it left behind, or restore the path in git.`
          : 'Read the sync message (argocd app get ' +
            app.metadata.name +
            '); fix it in platform.yaml and re-render rather than patching the cluster, since self-heal reverts manual changes.',
      });
    }
    return out;
  },
};
