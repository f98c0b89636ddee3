import { z } from 'zod';
import { NO_ECHO } from './path.ts';

// Messages written here are the "expected ..." half of an error line; the loader appends ", got <value>".
const WHOLE = 'expected a whole number ≥ 1';
const QUANTITY = 'expected a quantity such as "500m", "4" or "16Gi"';

/** A Kubernetes resource quantity such as `500m`, `2`, `16Gi`. */
export const Quantity = z
  .string({ error: QUANTITY })
  .regex(/^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|Ki|Mi|Gi|Ti|Pi)?$/, { error: QUANTITY });

const DNS_LABEL = 'expected a DNS label (lower case letters, digits and "-")';
/** A DNS-1123 label: names of nodes, realms, Secrets. */
export const DnsLabel = z
  .string({ error: DNS_LABEL })
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, { error: DNS_LABEL });

const DNS_NAME = 'expected a DNS name such as home.arpa';
/** A DNS name such as home.arpa. */
export const DnsName = z
  .string({ error: DNS_NAME })
  .regex(/^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, {
    error: DNS_NAME,
  });

/** A whole number ≥ 1 (counts, replicas). */
export const PositiveInt = z.int({ error: WHOLE }).min(1, { error: WHOLE });

/** An e-mail address. */
export const Email = z.email({ error: 'expected an e-mail address such as admin@example.com' });

/** A reference to a key of a Kubernetes Secret; values never appear in platform.yaml. */
export const SecretRef = z
  .strictObject(
    {
      name: DnsLabel.describe('Name of the Secret (sealed by shai) that holds the value.'),
      key: z.string().min(1).describe('Key inside that Secret.'),
    },
    { error: `expected a Secret reference { name, key } ${NO_ECHO}` },
  )
  .describe('A reference to a key of a Secret; secret values never appear in platform.yaml.');

/** Message for image references that are not pinned. */
export const IMAGE = 'expected an image pinned to a version, such as ghcr.io/org/app:1.2.3 (not latest)';

/** A version tag other than `latest`, or a digest: the same image on every sync. */
export function isPinnedImage(ref: string): boolean {
  if (ref.includes('@sha256:')) return true;
  const tag = /:([\w][\w.-]*)$/.exec(ref.slice(ref.lastIndexOf('/') + 1))?.[1];
  return tag !== undefined && tag !== 'latest';
}

const REPO_PATH =
  'expected a directory inside the repository, relative to platform.yaml, such as deploy ' +
  '(not "." or empty, no ".." or absolute path, not inside .git)';
// Segments that are not ".", "..", ".git" or empty: the directory render owns, strictly below platform.yaml's.
const SEGMENT = String.raw`(?!\.{1,2}(?:/|$))(?!\.git(?:/|$))[^/\0]+`;
/** A directory strictly inside the repository, as Argo CD names it (relative to the repository root). */
export const RepoPath = z.string({ error: REPO_PATH }).regex(new RegExp(`^${SEGMENT}(?:/${SEGMENT})*$`), {
  error: REPO_PATH,
});

/** The RFC 3339 times CloudNativePG's recoveryTarget.targetTime takes: with seconds and an offset (see parseAt). */
export const TIME_MESSAGE = 'expected a time with its offset such as 2026-12-03T14:30:00Z';

/** An RFC 3339 time with seconds and its offset (`Z` or `+02:00`) that is a real date. */
export function isRfc3339(text: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(text) &&
    !Number.isNaN(Date.parse(text))
  );
}
