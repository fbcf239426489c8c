import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import { pointerTokens } from '../../templates/runtime/json-pointer.js';
import type { TokenExchangeDefinition } from '../../templates/runtime/types.js';
import type { ApiModel, ToolModel } from '../model/types.js';

export interface RecordedRequest {
  readonly body: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly method: string;
  readonly path: string;
  readonly query: string;
}

export interface MockUpstream {
  close(): Promise<void>;
  readonly requests: RecordedRequest[];
  readonly url: string;
}

/**
 * A stand-in for the real API on 127.0.0.1: answers each operation with the response
 * example from the spec, after checking that some credential was sent. Every request is
 * recorded so a demo or test can show what the server really sent.
 */
export async function startMockUpstream(model: ApiModel, options: { port?: number } = {}): Promise<MockUpstream> {
  // Literal paths before templated ones, so /apps/check is not taken for /apps/{id}.
  const routes = model.tools
    .map((tool) => ({ pattern: templatePattern(tool.path), tool }))
    .sort((a, b) => a.tool.path.split('{').length - b.tool.path.split('{').length);
  const exchanges = model.securitySchemes.flatMap((scheme) => (scheme.tokenExchange ? [scheme.tokenExchange] : []));
  // Logins and refreshes of token-exchange schemes, each answered with a token where the spec reads it.
  const exchangePaths = new Map<string, TokenExchangeDefinition>(
    exchanges.flatMap((exchange) => [[exchange.path, exchange], ...(exchange.refresh ? [[exchange.refresh.path, exchange] as const] : [])]),
  );
  // Logouts (x-mcp tokenExchange.logout) are accepted: the mock keeps no sessions to end.
  const logouts = exchanges.flatMap(({ logout }) => (logout ? [logout] : []));
  const requests: RecordedRequest[] = [];

  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const recorded = {
      body: await text(request),
      headers: request.headers,
      method: request.method ?? 'GET',
      path: url.pathname,
      query: url.search,
    };
    requests.push(recorded);
    answer(model, routes, exchangePaths, logouts, recorded, response);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  return {
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    requests,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  };
}

function answer(
  model: ApiModel,
  routes: readonly { readonly pattern: RegExp; readonly tool: ToolModel }[],
  exchangePaths: ReadonlyMap<string, TokenExchangeDefinition>,
  logouts: readonly NonNullable<TokenExchangeDefinition['logout']>[],
  recorded: RecordedRequest,
  response: ServerResponse,
): void {
  const exchange = exchangePaths.get(recorded.path);
  if (recorded.method === 'POST' && exchange) {
    const body: Record<string, unknown> = { token_type: 'Bearer' };
    setPointer(body, exchange.tokenPath, `mock-token-${Date.now()}`);
    setPointer(body, exchange.expiresInPath ?? '/expires_in', 3600);
    if (exchange.refresh) setPointer(body, exchange.refresh.tokenPath, `mock-refresh-${Date.now()}`);
    return json(response, 200, body);
  }
  if (logouts.some((logout) => logout.method === recorded.method && logout.path === recorded.path)) return json(response, 200, {});
  const route = routes.find((candidate) => candidate.tool.method === recorded.method && candidate.pattern.test(recorded.path));
  if (!route) return json(response, 404, { message: `no operation ${recorded.method} ${recorded.path} in ${model.name}` });
  const needsCredential = route.tool.security.length > 0 && !route.tool.security.some((alternative) => alternative.length === 0);
  if (needsCredential && !hasCredential(recorded)) return json(response, 401, { message: 'no credentials sent' });
  const output = route.tool.output;
  if (!output) {
    response.writeHead(route.tool.method === 'DELETE' ? 204 : 200).end();
  } else if (/json/i.test(output.mediaType)) {
    json(response, output.status, output.example ?? {});
  } else {
    response.writeHead(output.status, { 'content-type': output.mediaType }).end(output.example === undefined ? '' : String(output.example));
  }
}

/** Sets the value at a JSON pointer, creating the objects on the way. */
function setPointer(target: Record<string, unknown>, pointer: string, value: unknown): void {
  const keys = pointerTokens(pointer);
  const last = keys.pop();
  if (last === undefined) return;
  let node = target;
  for (const key of keys) {
    const next = node[key];
    node = next !== null && typeof next === 'object' ? (next as Record<string, unknown>) : (node[key] = {} as Record<string, unknown>);
  }
  node[last] = value;
}

function hasCredential(recorded: RecordedRequest): boolean {
  return (
    recorded.headers.authorization !== undefined ||
    /[?&](access_token|api_key|apikey|key|token)=/i.test(recorded.query) ||
    Object.keys(recorded.headers).some((name) => /key|token/i.test(name))
  );
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function templatePattern(template: string): RegExp {
  const escaped = template.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('[^/]+')}$`);
}
