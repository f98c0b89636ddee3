import type { PlannedSecret, PlannedService, ToolServer } from './types.ts';

/** A client calls a server it needs, or one that declares the client as a caller (a client that syncs first). */
function calls(client: PlannedService, server: PlannedService): boolean {
  return (
    client.needs.includes(server.name) ||
    (server.def.network?.calledBy ?? []).some((c) => c.service === client.name)
  );
}

/**
 * The MCP tool servers of the platform (services with `mcp`) and, for each MCP client that needs some of
 * them, the Secret holding its connections to them (or their tokens): composed, so each server's token is copied in from the
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
        registered: mcp.registered ?? mcp.tools,
        token,
        tokenRef: `\${${token.namespace}/${token.name}/${token.key}}`,
        clients: services.filter((c) => c.def.mcpClient && calls(c, s)).map((c) => c.name),
      },
    ];
  });
  const secrets: PlannedSecret[] = services.flatMap((c) => {
    const client = c.def.mcpClient;
    const used = servers.filter((s) => s.clients.includes(c.name));
    if (!client || !used.length) return [];
    const keys =
      'tokens' in client
        ? Object.fromEntries(
            used.map((s) => [s.service, { kind: 'composed' as const, template: s.tokenRef }]),
          )
        : { [client.key]: { kind: 'composed' as const, template: client.connections(used) } };
    return [
      {
        service: c.name,
        namespace: c.namespace,
        name: client.secret,
        keys,
        admin: false,
        configPath: `services.${c.name}`,
      },
    ];
  });
  return { servers, secrets };
}
