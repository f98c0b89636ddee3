/*
 * A rendered container's volumes as temporary directories: secret and ConfigMap volumes hold their rendered items,
 * emptyDirs are empty. `rewritePaths` then points the container's command at those directories instead of the
 * mount paths — the only change made to the command.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RenderedContainer } from './container.ts';
import { renderedConfigMap } from './container.ts';
import type { RenderedPlatform } from './rendered.ts';

/** Mount path → the directory standing for it. */
export type Mounts = Map<string, string>;

/** Creates one directory per mount of `c` under `base`, filled as the kubelet would fill it. */
export function materializeMounts(
  r: RenderedPlatform,
  ns: string,
  c: RenderedContainer,
  base: string,
): Mounts {
  const out: Mounts = new Map();
  for (const { mountPath, volume } of c.mounts) {
    // Under `base` at the mount path itself, so a HOME above a mount keeps its layout (/home/node/.n8n).
    const dir = join(base, mountPath);
    mkdirSync(dir, { recursive: true });
    const data = volume.secret
      ? (r.secrets.get(`${ns}/${volume.secret.secretName}`) ?? {})
      : volume.configMap
        ? renderedConfigMap(r, ns, volume.configMap.name)
        : {};
    const items =
      volume.secret?.items ?? volume.configMap?.items ?? Object.keys(data).map((k) => ({ key: k, path: k }));
    for (const item of items) {
      const value = data[item.key];
      if (value === undefined) throw new Error(`volume ${volume.name}: no value for ${item.key}`);
      mkdirSync(dirname(join(dir, item.path)), { recursive: true });
      writeFileSync(join(dir, item.path), value, { mode: 0o600 });
    }
    out.set(mountPath, dir);
  }
  return out;
}

/** `text` with each mount path (a whole path prefix) replaced by its directory, in one pass, longest paths first. */
export function rewritePaths(text: string, mounts: Mounts): string {
  if (mounts.size === 0) return text;
  const paths = [...mounts.keys()].sort((a, b) => b.length - a.length);
  const alternatives = paths.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return text.replace(new RegExp(`(?<![\\w./-])(${alternatives})(?![\\w.-])`, 'g'), (p) => mounts.get(p)!);
}
