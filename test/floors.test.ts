import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe as suite, expect, it } from 'vitest';
import { FLOORS, describe, floorKey, upwardImports } from '../scripts/floors.ts';

/**
 * Imports that run against the floors today (README.md, "Floors"). The list only shrinks: an import that
 * appears here fails the test (put the code on the floor it belongs to instead), and one that is gone must
 * be struck from the list, so the count the lead reports is the count in the code.
 */
const KNOWN: readonly string[] = [
  "config/enabled.ts → plan/enabled.ts",
  "config/enabled.ts → services/types.ts (type only)",
  "config/json-schema.ts → services/types.ts (type only)",
  "config/load.ts → services/types.ts (type only)",
  "config/rules.ts → services/types.ts (type only)",
  "config/rules/types.ts → services/types.ts (type only)",
  "init/init.ts → cli/command.ts (type only)",
  "init/init.ts → services/types.ts (type only)",
  "install/context.ts → cli/command.ts (type only)",
  "install/step-sealing-key.ts → secrets/keys.ts",
  "models/litellm-config.ts → render/refs.ts",
  "plan/enabled.ts → services/types.ts (type only)",
  "plan/placement.ts → services/types.ts (type only)",
  "plan/plan.ts → services/types.ts (type only)",
  "plan/resources.ts → services/types.ts (type only)",
  "plan/service.ts → services/types.ts (type only)",
  "plan/storage.ts → services/types.ts (type only)",
  "plan/types.ts → services/types.ts (type only)",
  "plan/waves.ts → services/types.ts (type only)",
  "secrets/actions.ts → cli/command.ts (type only)",
  "secrets/ca.ts → services/system/pki-objects.ts",
  "secrets/files.ts → render/write.ts",
  "secrets/generate.ts → services/types.ts (type only)",
  "secrets/sealed-secret.ts → render/meta.ts",
  "secrets/values.ts → services/types.ts (type only)",
  "semantics/exceptions.ts → check/system-workloads.ts",
  "services/alloy.ts → render/refs.ts",
  "services/arc-runners.ts → render/argocd.ts",
  "services/arc-runners.ts → render/refs.ts",
  "services/argocd.ts → render/argocd.ts",
  "services/argocd.ts → render/ingress.ts",
  "services/argocd.ts → render/realm.ts",
  "services/argocd.ts → render/refs.ts",
  "services/argocd.ts → render/trust.ts",
  "services/comfyui.ts → render/refs.ts",
  "services/comfyui.ts → render/workload.ts",
  "services/gitlab.ts → render/database.ts",
  "services/gitlab.ts → render/ingress.ts",
  "services/gitlab.ts → render/refs.ts",
  "services/keycloak-config.ts → render/meta.ts",
  "services/keycloak-config.ts → render/realm.ts",
  "services/keycloak-config.ts → render/refs.ts",
  "services/keycloak-config.ts → render/workload.ts",
  "services/keycloak.ts → render/database.ts",
  "services/keycloak.ts → render/refs.ts",
  "services/keycloak.ts → render/workload.ts",
  "services/kube-prometheus-stack.ts → render/alerts.ts",
  "services/kube-prometheus-stack.ts → render/ingress.ts",
  "services/kube-prometheus-stack.ts → render/meta.ts",
  "services/kube-prometheus-stack.ts → render/realm.ts",
  "services/kube-prometheus-stack.ts → render/refs.ts",
  "services/kube-prometheus-stack.ts → render/trust.ts",
  "services/kube-prometheus-stack.ts → render/velero-backup.ts",
  "services/litellm.ts → render/database.ts",
  "services/litellm.ts → render/meta.ts",
  "services/litellm.ts → render/refs.ts",
  "services/litellm.ts → render/workload.ts",
  "services/mcp-servers.ts → render/refs.ts",
  "services/mcp-servers.ts → render/workload.ts",
  "services/minio.ts → render/meta.ts",
  "services/minio.ts → render/refs.ts",
  "services/minio.ts → render/workload.ts",
  "services/n8n.ts → render/database.ts",
  "services/n8n.ts → render/refs.ts",
  "services/n8n.ts → render/workload.ts",
  "services/oauth2-proxy.ts → render/ingress.ts",
  "services/oauth2-proxy.ts → render/meta.ts",
  "services/oauth2-proxy.ts → render/refs.ts",
  "services/oauth2-proxy.ts → render/trust.ts",
  "services/oauth2-proxy.ts → render/workload.ts",
  "services/ollama-cpu.ts → render/ollama.ts",
  "services/ollama-gpu.ts → render/ollama.ts",
  "services/open-webui.ts → render/refs.ts",
  "services/open-webui.ts → render/trust.ts",
  "services/open-webui.ts → render/workload.ts",
  "services/qdrant.ts → render/refs.ts",
  "services/qdrant.ts → render/workload.ts",
  "services/searxng.ts → render/meta.ts",
  "services/searxng.ts → render/refs.ts",
  "services/searxng.ts → render/workload.ts",
  "services/shared/comfyui-models.ts → render/meta.ts",
  "services/shared/comfyui-models.ts → render/workload.ts",
  "services/shared/gpu-media.ts → render/refs.ts",
  "services/shared/gpu-media.ts → render/workload.ts",
  "services/shared/n8n-credentials.ts → render/meta.ts",
  "services/shared/n8n-credentials.ts → render/refs.ts",
  "services/shared/n8n-credentials.ts → render/workload.ts",
  "services/system/gpu-values.ts → render/meta.ts",
  "services/system/longhorn-values.ts → render/ingress.ts",
  "services/system/longhorn-values.ts → render/meta.ts",
  "services/system/namespace-objects.ts → render/meta.ts",
  "services/system/pki-objects.ts → render/meta.ts",
  "services/system/policy-exceptions.ts → render/meta.ts",
  "services/traefik.ts → render/meta.ts",
  "services/valkey.ts → render/refs.ts",
  "services/valkey.ts → render/workload.ts",
];

suite('floors', () => {
  const found = upwardImports(resolve(import.meta.dirname, '../src')).map(describe);

  it('no import runs against the floor order beyond the known ones', () => {
    expect(found.filter((i) => !KNOWN.includes(i))).toEqual([]);
  });

  it('every known upward import still exists (strike the ones that are gone)', () => {
    expect(KNOWN.filter((i) => !found.includes(i))).toEqual([]);
  });

  it('finds runtime, dynamic and type-only imports upward or sideways, and refuses a folder without a floor', () => {
    const src = mkdtempSync(join(tmpdir(), 'floors-'));
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(src, path)), { recursive: true });
      writeFileSync(join(src, path), text);
    };
    write('k8s/a.ts', "import { b } from '../check/b.ts';\nimport { e } from '../errors.ts';\n");
    write(
      'check/b.ts',
      "import type { C } from '../cli/c.ts';\nexport const b = () => import('../cluster/d.ts');\n",
    );
    write('check/rules/r.ts', "import { b } from '../b.ts';\nimport { p } from '../../semantics/p.ts';\n");
    write('cluster/d.ts', "import { x } from '../errors.ts';\n");
    expect(upwardImports(src).map(describe)).toEqual([
      'check/b.ts → cli/c.ts (type only)',
      'check/b.ts → cluster/d.ts',
      'k8s/a.ts → check/b.ts',
    ]);
    write('nowhere/x.ts', "import { b } from '../check/b.ts';\n");
    expect(() => upwardImports(src)).toThrow(/folder "nowhere" has no floor/);
    expect(floorKey('errors.ts')).toBe('errors');
    expect(FLOORS.flat()).toContain('semantics');
    rmSync(src, { recursive: true });
  });
});
