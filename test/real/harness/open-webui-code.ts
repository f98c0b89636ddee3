/*
 * Open WebUI 0.8.11's own settings and role code (the PyPI wheel's config.py and utils/oauth.py, fetched by
 * .ci/tools.d/45-image-sources.sh) run by harness/open_webui_settings.py on a given environment: which value each
 * PersistentConfig setting takes, and which role OAuthManager.get_user_role gives each user's ID token claims.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TOOLS_DIR } from '../../helpers/tools.ts';

export const OPEN_WEBUI_SRC = join(TOOLS_DIR, 'image-sources/open-webui-0.8.11/open_webui');
const SCRIPT = resolve(import.meta.dirname, 'open_webui_settings.py');

/** True when the Open WebUI sources are in $SHAI_TOOLS. */
export const haveOpenWebuiSource = () => existsSync(join(OPEN_WEBUI_SRC, 'utils/oauth.py'));

/** What Open WebUI's code makes of `env`: setting values, and a role (or "refused (403)") per user's claims. */
export function openWebuiCode(input: {
  env: Record<string, string>;
  users: Record<string, Record<string, unknown>>;
  db?: Record<string, unknown>;
  settings?: string[];
  support?: string[];
}): { values: Record<string, unknown>; roles: Record<string, string> } {
  const out = execFileSync(
    'python3',
    [SCRIPT, join(OPEN_WEBUI_SRC, 'config.py'), join(OPEN_WEBUI_SRC, 'utils/oauth.py')],
    {
      input: JSON.stringify({ db: {}, settings: [], support: [], ...input }),
      encoding: 'utf8',
    },
  );
  return JSON.parse(out) as { values: Record<string, unknown>; roles: Record<string, string> };
}
