import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
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
  readonly port: number;
  readonly requests: RecordedRequest[];
  readonly url: string;
}

interface Route {
  readonly pattern: RegExp;
  readonly tool: ToolModel;
}

/**
 * A stand-in for the real API on 127.0.0.1: answers each operation with the response
 * example from the spec, after checking that some credential was sent. Every request is
 * recorded so a demo or test can show what the server really sent.
 */
export async function startMockUpstream(model: ApiModel, options: { port?: number } = {}): Promise<MockUpstream> {
  // Literal paths before templated ones, so /apps/check is not taken for /apps/{id}.
  const routes: Route[] = model.tools
    .map((tool) => ({ pattern: templatePattern(tool.path), tool }))
    .sort((a, b) => a.tool.path.split('{').length - b.tool.path.split('{').length);
  const exchangePaths = new Set(model.securitySchemes.flatMap((scheme) => (scheme.tokenExchange ? [scheme.tokenExchange.path] : [])));
  const requests: RecordedRequest[] = [];

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const recorded = {
        body: Buffer.concat(chunks).toString('utf8'),
        headers: request.headers,
        method: request.method ?? 'GET',
        path: url.pathname,
        query: url.search,
      };
      requests.push(recorded);
      answer(model, routes, exchangePaths, recorded, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    port,
    requests,
    url: `http://127.0.0.1:${port}`,
  };
}

function answer(
  model: ApiModel,
  routes: readonly Route[],
  exchangePaths: ReadonlySet<string>,
  recorded: RecordedRequest,
  response: ServerResponse,
): void {
  if (recorded.method === 'POST' && exchangePaths.has(recorded.path)) {
    json(response, 200, { access_token: `mock-token-${Date.now()}`, expires_in: 3600, token_type: 'Bearer' });
    return;
  }
  const route = routes.find((candidate) => candidate.tool.method === recorded.method && candidate.pattern.test(recorded.path));
  if (!route) {
    json(response, 404, { message: `no operation ${recorded.method} ${recorded.path} in ${model.name}` });
    return;
  }
  const needsCredential = route.tool.security.length > 0 && !route.tool.security.some((alternative) => alternative.length === 0);
  if (needsCredential && !hasCredential(recorded)) {
    json(response, 401, { message: 'no credentials sent' });
    return;
  }
  const output = route.tool.output;
  if (!output) {
    response.writeHead(route.tool.method === 'DELETE' ? 204 : 200).end();
  } else if (/json/i.test(output.mediaType)) {
    json(response, output.status, output.example ?? {});
  } else {
    response.writeHead(output.status, { 'content-type': output.mediaType }).end(output.example === undefined ? '' : String(output.example));
  }
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
