// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/control-plane.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
/**
 * The module that imports the MCP SDK (http-transport.ts implements its Transport interface;
 * stdio.ts serves the handshake without it and loads this module when a message needs it).
 * It uses the low-level `Server`, since `McpServer.registerTool` takes only Zod schemas and
 * ours are JSON Schema from the spec; tools mount on an `McpServer` through its `server`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  ListToolsRequestSchema,
  type ListToolsResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { Credentials } from './credentials.js';
import { StatelessHttpTransport } from './http-transport.js';
import { SERVER_CAPABILITIES } from './stdio.js';
import type { ToolResult } from './results.js';
import type { CallContext, ToolRuntime } from './tools.js';
import type { ListedTool } from './types.js';

export { Server };

/** What one request's headers give its calls: the caller's credentials (undefined: it sent none) and pre-approved destructive tools. */
export interface HttpCaller {
  readonly credentials: Credentials | undefined;
  readonly approvedTools: readonly string[];
}

/** One entry of the tool registry shared by every package mounted on a server. */
export interface MountedTool {
  readonly tool: ListedTool;
  call(args: unknown, context: CallContext): Promise<ToolResult>;
}

// A symbol from the global registry, so that packages each carrying their own copy of this
// runtime still find and share one registry on the same Server instance.
const REGISTRY = Symbol.for('mcpgen.tool-registry');

type ServerWithRegistry = Server & { [REGISTRY]?: Map<string, MountedTool> };

/** What tools can be mounted on: the SDK's low-level `Server` or its `McpServer`. */
export type MountTarget = Server | McpServer;

/** A request handler as the SDK's Protocol stores it: the raw request, before schema parsing. */
type StoredHandler = (request: unknown, extra: unknown) => Promise<unknown>;

/**
 * The low-level Server behind a mount target. For an `McpServer` its own tools/list and tools/call
 * handlers are installed first (what its first `registerTool` would do), so that they exist to be
 * chained and its later `registerTool` calls find them in place instead of refusing to replace ours.
 * Duck-typed: the user's McpServer may come from another copy of the SDK than this package's.
 */
function lowLevelServer(target: MountTarget): Server {
  if (!('registerTool' in target)) return target;
  const mcp = target as unknown as { setToolRequestHandlers?: () => void };
  // Private in the SDK's types, no public equivalent; sdk-contract.test.ts fails if it goes away.
  if (typeof mcp.setToolRequestHandlers !== 'function') {
    throw new Error(
      'this @modelcontextprotocol/sdk McpServer has no setToolRequestHandlers; mount on mcpServer.server before any registerTool',
    );
  }
  mcp.setToolRequestHandlers();
  return target.server;
}

/**
 * The tools/list or tools/call handler already on a server (the user's own, or McpServer's), which
 * ours hands every tool that is not mounted from a package. The SDK has no public getter, so this
 * reads Protocol's private handler map; sdk-contract.test.ts pins it.
 */
function existingHandler(server: Server, method: 'tools/list' | 'tools/call'): StoredHandler | undefined {
  try {
    server.assertCanSetRequestHandler(method);
    return undefined;
  } catch {
    const handlers = (server as unknown as { _requestHandlers?: unknown })._requestHandlers;
    const handler = handlers instanceof Map ? (handlers.get(method) as StoredHandler | undefined) : undefined;
    if (!handler) throw new Error(`cannot chain the existing ${method} handler of this @modelcontextprotocol/sdk version`);
    return handler;
  }
}

/**
 * The server's tool registry; the first call installs tools/list and tools/call handlers that
 * serve the registry and pass everything else to the handlers that were there before.
 */
export function toolRegistry(target: MountTarget): Map<string, MountedTool> {
  const server = lowLevelServer(target);
  const host = server as ServerWithRegistry;
  const existing = host[REGISTRY];
  if (existing) return existing;
  const ownList = existingHandler(server, 'tools/list');
  const ownCall = existingHandler(server, 'tools/call');
  const registry = new Map<string, MountedTool>();
  host[REGISTRY] = registry;
  // Chained handlers keep the capability their owner declared (McpServer: listChanged, as it notifies).
  server.registerCapabilities(ownList ? { tools: {} } : SERVER_CAPABILITIES);
  server.setRequestHandler(ListToolsRequestSchema, async (request, extra) => {
    const own = ownList ? ((await ownList(request, extra)) as ListToolsResult).tools : [];
    const clash = own.find((tool) => registry.has(tool.name));
    // Two tools of one name would leave a client calling the wrong one: fail loudly instead.
    if (clash) throw new Error(`tool "${clash.name}" is registered on this server and mounted from a package; mount with a prefix`);
    return { tools: [...own, ...[...registry.values()].map((entry) => entry.tool as Tool)] };
  });
  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const entry = registry.get(request.params.name);
    if (!entry && ownCall) return (await ownCall(request, extra)) as CallToolResult;
    if (!entry) {
      return {
        content: [{ type: 'text', text: `Unknown tool "${request.params.name}". Call tools/list to see the available tools.` }],
        isError: true,
      };
    }
    const progressToken = request.params._meta?.progressToken;
    // Set by statelessHttpEndpoint (below) for a call over HTTP; absent over stdio.
    const httpCaller = extra.authInfo?.extra?.[HTTP_CALLER] as HttpCaller | undefined;
    const context: CallContext = {
      signal: extra.signal,
      credentials: httpCaller?.credentials,
      remote: httpCaller && { approvedTools: httpCaller.approvedTools },
      elicit: async (message) => {
        // Over stateless HTTP the server is shared by every caller: no capabilities are theirs.
        if (httpCaller || !server.getClientCapabilities()?.elicitation) return undefined;
        const answer = await server.elicitInput({
          message,
          requestedSchema: {
            type: 'object',
            properties: { confirm: { type: 'boolean', title: 'Go ahead?', description: message } },
            required: ['confirm'],
          },
        });
        return answer.action === 'accept' && answer.content?.confirm === true;
      },
      progress:
        progressToken === undefined
          ? undefined
          : async ({ progress, total, message }) => {
              await extra.sendNotification({
                method: 'notifications/progress',
                params: { progressToken, progress, total, message: message || undefined },
              });
            },
    };
    return (await entry.call(request.params.arguments ?? {}, context)) as CallToolResult;
  });
  return registry;
}

/** Mounts every tool of a runtime on a server; a name already taken is an error. */
export function mountTools(target: MountTarget, runtime: Pick<ToolRuntime, 'call' | 'list'>): void {
  const registry = toolRegistry(target);
  for (const tool of runtime.list()) {
    if (registry.has(tool.name)) throw new Error(`tool "${tool.name}" is already registered on this server; mount with a prefix`);
    registry.set(tool.name, { tool, call: (args, context) => runtime.call(tool.name, args, context) });
  }
}

export function createMcpServer(info: { name: string; version: string; title?: string }): Server {
  return new Server(info, { capabilities: SERVER_CAPABILITIES });
}

/** Where an HTTP request's caller (credentials, approved tools) travels to the tools/call handler (AuthInfo.extra). */
const HTTP_CALLER = 'mcpgen.httpCaller';

export interface StatelessHttpEndpoint {
  /**
   * Answers one POST /mcp whose body is parsed. The caller's credentials (from its headers) reach
   * every tools/call of the request, undefined ones leaving the server's own, with the destructive
   * tool globs its client configuration pre-approves (see CallContext.remote).
   */
  handle(request: IncomingMessage, response: ServerResponse, body: unknown, caller: HttpCaller): void;
  close(): Promise<void>;
}

/** Connects a server, once, to the stateless HTTP transport every POST goes through. */
export async function statelessHttpEndpoint(server: Server): Promise<StatelessHttpEndpoint> {
  const transport = new StatelessHttpTransport();
  await server.connect(transport);
  return {
    handle: (request, response, body, caller) => {
      const authInfo: AuthInfo = { clientId: 'http-caller', scopes: [], token: '', extra: { [HTTP_CALLER]: caller } };
      transport.handle(request, response, body, authInfo);
    },
    close: () => server.close(),
  };
}
