import { comfyuiImage } from './comfyui.ts';
import { litellmImage } from './litellm.ts';
import { mcpSearxngImage } from './mcp-searxng.ts';
import { minioImage } from './minio.ts';
import { n8nImage } from './n8n.ts';
import { oauth2ProxyImage } from './oauth2-proxy.ts';
import { ollamaImage } from './ollama.ts';
import { openWebuiImage } from './open-webui.ts';
import { qdrantImage } from './qdrant.ts';
import { searxngImage } from './searxng.ts';
import type { ImageContract } from './types.ts';
import { valkeyImage } from './valkey.ts';

export type { ApiKeyAuth, Cite, Cited, ImageContract, Settings } from './types.ts';

/** Every image contract, one per file. Adding one: a file here, one import and one line. */
export const IMAGE_CONTRACTS: readonly ImageContract[] = [
  comfyuiImage,
  litellmImage,
  mcpSearxngImage,
  minioImage,
  n8nImage,
  oauth2ProxyImage,
  ollamaImage,
  openWebuiImage,
  qdrantImage,
  searxngImage,
  valkeyImage,
];

/** `repository:tag` of a contract, the image reference render writes. */
export function imageRef(c: ImageContract): string {
  return `${c.repository}:${c.tag}`;
}

/** Repository and tag of an image reference (`docker.io/` and a digest are dropped). */
export function parseImage(ref: string): { repository: string; tag: string } {
  const noDigest = ref.split('@')[0] ?? ref;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  const hasTag = colon > slash;
  const repository = (hasTag ? noDigest.slice(0, colon) : noDigest).replace(/^docker\.io\/(library\/)?/, '');
  return { repository, tag: hasTag ? noDigest.slice(colon + 1) : 'latest' };
}

/**
 * The contract of an image reference: `found` when repository and tag match a recorded contract,
 * `other-tag` when only the repository does (its facts were not read at that version), or undefined.
 */
export function contractOf(
  ref: string,
):
  | { status: 'found'; contract: ImageContract }
  | { status: 'other-tag'; contract: ImageContract }
  | undefined {
  const { repository, tag } = parseImage(ref);
  const same = IMAGE_CONTRACTS.filter((c) => c.repository === repository);
  const exact = same.find((c) => c.tag === tag);
  if (exact) return { status: 'found', contract: exact };
  return same[0] ? { status: 'other-tag', contract: same[0] } : undefined;
}

/** Does the image read this environment name (exact, or under one of its prefixes)? */
export function readsEnv(c: ImageContract, name: string): boolean {
  return c.settings.some(
    (s) => s.env.includes(name) || (s.envPrefixes ?? []).some((p) => name.startsWith(p)),
  );
}
