import type { PlannedSecret, PlannedService, ToolServer } from './types.ts';

/**
 * The MCP tool servers of the platform (services with `mcp`) and, for each MCP client that needs some of
 * them, the Secret holding its connections to them: composed, so each server's token is copied in from the
 * server's own Secret and follows its rotation.
 */
export function planToolServers(services: readonly PlannedService[]): {
  servers: ToolServer[];
  secrets: PlannedSecret[];
} {
  const servers: ToolServer[] = services.flatMap((s) => {
    const mcp = s.def.mcp;
    if (!mcp) return [];
    const token = { namespace: s.namespace, name: mcp.token.secret, key: mcp.token.key };
    return [
      {
        service: s.name,
        title: s.def.title,
        url: `${s.urls[mcp.port]}${mcp.path}`,
        tools: mcp.tools,
        token,
        tokenRef: `\${${token.namespace}/${token.name}/${token.key}}`,
        clients: services.filter((c) => c.def.mcpClient && c.needs.includes(s.name)).map((c) => c.name),
      },
    ];
  });
  const secrets: PlannedSecret[] = services.flatMap((c) => {
    const client = c.def.mcpClient;
    const used = servers.filter((s) => s.clients.includes(c.name));
    if (!client || !used.length) return [];
    return [
      {
        service: c.name,
        namespace: c.namespace,
        name: client.secret,
        keys: { [client.key]: { kind: 'composed', template: client.connections(used) } },
        admin: false,
        configPath: `services.${c.name}`,
      },
    ];
  });
  return { servers, secrets };
}
