import { readFileSync } from 'node:fs';

/** What the CLI shows about itself, read from package.json so the version is written once. */
export interface PackageInfo {
  version: string;
  homepage?: string;
}

let cached: PackageInfo | undefined;

/** shai's package.json, read once. */
export function packageInfo(): PackageInfo {
  if (!cached) {
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as PackageInfo;
    cached = { version: pkg.version, ...(pkg.homepage ? { homepage: pkg.homepage } : {}) };
  }
  return cached;
}
