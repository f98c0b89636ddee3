import type { ToolServer } from '../../plan/types.ts';

/** Every user may call the platform's tool servers (an empty list would leave them to admins only). */
const EVERYONE = [{ principal_type: 'user', principal_id: '*', permission: 'read' }];

/** The server registers tools the platform does not offer from it. */
const filtered = (s: ToolServer) => s.tools.length < s.registered.length;

/**
 * Open WebUI's `TOOL_SERVER_CONNECTIONS` for the platform's MCP servers, as read in the open-webui 0.8.11 wheel
 * from PyPI (the pinned image's version):
 * - a connection is `{type, url, path, auth_type, key, config, info}` (`open_webui/routers/configs.py:148-156`);
 * - `type: 'mcp'` connects to `url` itself over streamable HTTP, sending `Authorization: Bearer <key>` for
 *   `auth_type: 'bearer'`, and is found by `info.id` (`open_webui/utils/middleware.py:2474-2500`);
 * - it is offered to users only with `config.enable`, named by `info.name`/`info.description`
 *   (`open_webui/routers/tools.py:117-145`);
 * - `config.access_grants` empty means admins only (`open_webui/utils/access_control/__init__.py:107-169`);
 * - `config.function_name_filter_list` (comma-separated) keeps only the tools whose names end with one of its
 *   entries (`open_webui/utils/middleware.py:2544-2566`, `open_webui/utils/misc.py:46-68`): set when the server
 *   registers tools the platform does not offer from it.
 * The key is each server's token as a composed-secret placeholder: the value lives in a Secret, never here.
 * Tokens are hex, so no JSON escaping is needed where the placeholder is filled.
 */
export function openWebuiToolServers(servers: readonly ToolServer[]): string {
  return JSON.stringify(
    servers.map((s) => ({
      type: 'mcp',
      url: s.url,
      path: '',
      auth_type: 'bearer',
      key: s.tokenRef,
      config: {
        enable: true,
        access_grants: EVERYONE,
        ...(filtered(s) ? { function_name_filter_list: s.tools.join(',') } : {}),
      },
      info: { id: s.service, name: s.title, description: `Tools: ${s.tools.join(', ')}` },
    })),
  );
}
