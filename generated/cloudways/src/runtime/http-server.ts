// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/cloudways.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
/**
 * MCP over Streamable HTTP, stateless: every POST /mcp goes to one long-lived server over one
 * shared ToolRuntime, and no request depends on an earlier one, so any replica can answer any request. Each caller brings its
 * credentials in headers; the environment's are used only when the operator allows it.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server as NodeHttpServer,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import {
  bearerToken,
  confirmHeader,
  type CredentialHeader,
  credentialHeaders,
  credentialsFromHeaders,
  describeCredentialHeader,
} from './caller-credentials.js';
import { commaList } from './config.js';
import { ConfigurationError, messageOf } from './errors.js';
import type { Logger } from './log.js';
import type { HttpOptions } from './http-options.js';
import { rpcErrorBody } from './http-transport.js';
import { type HttpCaller, statelessHttpEndpoint } from './mcp.js';
import { createToolRuntime, type RegisterOptions, serverForRuntime } from './server.js';
import { MEMORY_STATE, type SharedState } from './shared-state.js';
import type { ToolRuntime } from './tools.js';
import type { ApiDefinition, ToolDefinition } from './types.js';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const LISTEN_FAILURES: Readonly<Record<string, string>> = {
  EADDRINUSE: 'the port is in use',
  EADDRNOTAVAIL: 'no such address on this machine',
};

export interface RunningHttpServer {
  /** The MCP endpoint, e.g. http://127.0.0.1:8080/mcp. */
  readonly url: string;
  /** Requests being answered now. */
  inflight(): number;
  /** Stops accepting, waits for the calls in flight (at most shutdownMs), then closes every connection. */
  close(): Promise<void>;
}

export interface HttpServeOptions extends RegisterOptions {
  readonly logger: Logger;
  readonly state?: SharedState;
}

/** Builds the shared runtime (caller credentials from headers) and serves it over HTTP. */
export async function serveHttp(
  api: ApiDefinition,
  tools: readonly ToolDefinition[],
  options: HttpServeOptions,
  http: HttpOptions,
): Promise<RunningHttpServer> {
  const state = options.state ?? MEMORY_STATE;
  const headers = credentialHeaders(api, { reserved: http.token ? ['authorization'] : [] });
  const { logger } = options;
  if (!http.envCredentials && Object.keys(options.credentials ?? {}).length > 0) {
    logger.info(
      `credentials in the environment are not used over HTTP: each caller sends its own (${api.envPrefix}_HTTP_ENV_CREDENTIALS=1 to allow them)`,
    );
  }
  const runtime = createToolRuntime(api, tools, {
    ...options,
    ...(http.envCredentials ? {} : { credentials: {}, credentialsFile: undefined }),
    describeCredential: describeCredentialHeader(headers),
    ...(state.stores ? { stores: state.stores } : {}),
  });
  const approvalHeader = confirmHeader(api);
  return startHttpServer({
    identity: api,
    caller: (requestHeaders) => ({
      credentials: credentialsFromHeaders(headers, requestHeaders),
      approvedTools: approvedTools(requestHeaders[approvalHeader]),
    }),
    credentialHeaders: headers,
    http,
    logger,
    runtime,
    served: { what: 'MCP', state: state.kind },
    state,
  });
}

export interface HttpServerParts {
  /** Names the server in /health, its MCP serverInfo and its messages (`<envPrefix>_ALLOWED_HOSTS`...). */
  readonly identity: Pick<ApiDefinition, 'envPrefix' | 'packageName' | 'title' | 'version'>;
  /** Reads a request's caller from its headers: one API's credential headers, or a hub's. */
  readonly caller: (headers: IncomingHttpHeaders) => HttpCaller;
  /** The headers `caller` reads credentials from, for the log line that says the server is up. */
  readonly credentialHeaders: readonly CredentialHeader[];
  readonly http: HttpOptions;
  readonly logger: Logger;
  /** One API's runtime, or a hub of several. */
  readonly runtime: Pick<ToolRuntime, 'call' | 'close' | 'list' | 'size'>;
  /** What that log line says is served ("MCP", "the hub"), and what else it reports. */
  readonly served: { readonly what: string } & Record<string, unknown>;
  readonly state: SharedState;
}

/** The node:http server: /mcp (POST), /health (GET), Host, Origin and endpoint-token checks, graceful close. */
export async function startHttpServer(parts: HttpServerParts): Promise<RunningHttpServer> {
  const { identity: api, http, logger, runtime, state } = parts;
  let inflight = 0;
  let closing = false;
  /** The bound port (known once listening; port 0 asks the system for one). */
  let port = http.port;
  const drained: (() => void)[] = [];
  const tokenDigest = http.token === undefined ? undefined : digest(http.token);
  const endpoint = await statelessHttpEndpoint(serverForRuntime(api, runtime));

  const finish = () => {
    inflight -= 1;
    if (closing) server.closeIdleConnections();
    if (inflight === 0) for (const resolve of drained.splice(0)) resolve();
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const pathname = (request.url ?? '/').split('?', 1)[0];
    if (closing) response.setHeader('connection', 'close');
    if (!hostAllowed(request.headers.host, http, port)) {
      logger.warn('refused a request for a foreign host', { host: request.headers.host });
      return rpcError(
        response,
        403,
        `host ${request.headers.host ?? '(none)'} is not served here (set ${api.envPrefix}_ALLOWED_HOSTS to serve it, e.g. behind a reverse proxy)`,
      );
    }
    if (pathname === '/health') {
      if (request.method !== 'GET' && request.method !== 'HEAD') return plain(response, 405, { error: 'use GET' }, { allow: 'GET' });
      const store = state.health();
      const ok = store.ready && !closing;
      return plain(response, ok ? 200 : 503, {
        status: closing ? 'shutting-down' : ok ? 'ok' : 'unavailable',
        server: api.packageName,
        version: api.version,
        transport: 'streamable-http',
        state: store.state,
        ...(store.state === 'redis' ? { redis: store.ready ? 'ready' : 'unavailable' } : {}),
        inflight,
      });
    }
    if (pathname !== '/mcp') return plain(response, 404, { error: `not found: the MCP endpoint is /mcp` });

    const origin = request.headers.origin;
    if (!originAllowed(origin, http.allowedOrigins)) {
      logger.warn('refused a request from a foreign origin', { origin });
      return rpcError(response, 403, `origin ${origin} is not allowed (set ${api.envPrefix}_ALLOWED_ORIGINS to allow it)`);
    }
    if (origin !== undefined) {
      response.setHeader('access-control-allow-origin', origin);
      response.setHeader('vary', 'Origin');
      response.setHeader('access-control-expose-headers', 'Mcp-Session-Id');
    }
    if (request.method === 'OPTIONS') {
      response.writeHead(204, {
        'access-control-allow-methods': 'POST, OPTIONS',
        'access-control-allow-headers': request.headers['access-control-request-headers'] ?? 'content-type, accept, authorization',
        'access-control-max-age': '600',
      });
      return response.end();
    }
    if (tokenDigest !== undefined && !bearerMatches(request.headers.authorization, tokenDigest)) {
      return rpcError(response, 401, 'this MCP endpoint needs "Authorization: Bearer <token>" (the server\'s HTTP token)', {
        'www-authenticate': 'Bearer realm="mcp"',
      });
    }
    if (request.method !== 'POST') {
      return rpcError(response, 405, 'this server is stateless: send every MCP message as a POST to /mcp', { allow: 'POST, OPTIONS' });
    }
    if (closing) return rpcError(response, 503, 'the server is shutting down; retry on another replica');

    inflight += 1;
    response.on('close', finish);
    const body = await readBody(request, http.maxBodyBytes);
    if (!body.ok) return rpcError(response, body.status, body.message, {}, body.code);
    // Undefined: the caller sent no credential and may use the environment's; {}: it may not.
    const caller = parts.caller(request.headers);
    const credentials = caller.credentials ?? (http.envCredentials ? undefined : {});
    endpoint.handle(request, response, body.value, { credentials, approvedTools: caller.approvedTools });
  };

  const server: NodeHttpServer = createServer((request, response) => {
    const started = Date.now();
    response.on('finish', () =>
      logger.debug('http request', { method: request.method, path: request.url, status: response.statusCode, ms: Date.now() - started }),
    );
    handle(request, response).catch((error: unknown) => {
      logger.error('http request failed', { error: messageOf(error) });
      if (!response.headersSent) rpcError(response, 500, 'internal error');
      else response.destroy();
    });
  });
  server.headersTimeout = 30_000;
  // Receiving a request (headers and body) may take this long; answering it is bounded by the call timeouts.
  server.requestTimeout = 60_000;

  server.listen(http.port, http.host);
  await once(server, 'listening').catch((error: NodeJS.ErrnoException) => {
    const reason = LISTEN_FAILURES[error.code ?? ''] ?? error.message;
    throw new ConfigurationError(`cannot listen on ${http.host}:${http.port}: ${reason}`);
  });
  port = (server.address() as AddressInfo).port;
  const hostInUrl = http.host.includes(':') && !http.host.startsWith('[') ? `[${http.host}]` : http.host;
  const url = `http://${hostInUrl}:${port}/mcp`;
  if (!isLoopback(http.host) && !http.token) {
    logger.warn(
      `listening on ${http.host} without ${api.envPrefix}_HTTP_TOKEN: anyone who can reach it can use the callers' own credentials`,
    );
  }
  const { what, ...served } = parts.served;
  logger.info(`serving ${what} over Streamable HTTP`, {
    url,
    tools: runtime.size,
    ...served,
    credentials: parts.credentialHeaders.map((header) => header.header ?? header.alias),
    envCredentials: http.envCredentials,
    endpointToken: http.token !== undefined,
  });

  let closed: Promise<void> | undefined;
  return {
    url,
    inflight: () => inflight,
    close: () => {
      closed ??= (async () => {
        closing = true;
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        if (inflight > 0) {
          logger.info('shutting down: waiting for calls in flight', { inflight, maxMs: http.shutdownMs });
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, http.shutdownMs);
            drained.push(() => {
              clearTimeout(timer);
              resolve();
            });
          });
          if (inflight > 0) logger.warn('shutdown: cut calls still in flight', { inflight, afterMs: http.shutdownMs });
        }
        server.closeAllConnections();
        await endpoint.close();
        await stopped;
        await runtime.close();
      })();
      return closed;
    },
  };
}

/** Waits for SIGTERM or SIGINT, then closes the server gracefully and runs `after` (a second signal exits at once). */
export async function closeOnSignal(running: RunningHttpServer, logger: Logger, after?: () => Promise<void>): Promise<void> {
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) process.exit(1);
      stopping = true;
      logger.info('shutting down', { signal, inflight: running.inflight() });
      void running
        .close()
        .then(after)
        .finally(() => {
          process.off('SIGTERM', stop);
          process.off('SIGINT', stop);
          resolve();
        });
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  logger.info('stopped');
}

/** No Origin (not a browser) or a local one passes; others only when listed. "null" never does. */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (!URL.canParse(origin)) return false;
  const url = new URL(origin);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return allowed.includes(url.origin) || LOCAL_HOSTS.has(url.hostname);
}

/** 127.0.0.0/8, ::1 and localhost: addresses only this machine reaches, and DNS rebinding targets. */
export function isLoopback(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return name === 'localhost' || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/**
 * DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1 reaches a loopback
 * server with `Host: evil.example`, and without Origin in some requests. A loopback-bound server
 * serves only its own loopback names with its port, plus `<PREFIX>_ALLOWED_HOSTS`; a server bound
 * elsewhere serves any Host unless that list is set.
 */
export function hostAllowed(host: string | undefined, http: Pick<HttpOptions, 'allowedHosts' | 'host'>, port: number): boolean {
  const loopback = isLoopback(http.host);
  if (!loopback && http.allowedHosts.length === 0) return true;
  const match = /^(\[[^\]]*\]|[^:[\]]*)(?::(\d+))?$/.exec(host?.trim().toLowerCase() ?? '');
  if (!match?.[1]) return false;
  const [value, name, hostPort] = match;
  if (http.allowedHosts.includes(value) || http.allowedHosts.includes(name)) return true;
  const portMatches = hostPort === undefined ? port === 80 : Number(hostPort) === port;
  return loopback && portMatches && isLoopback(name);
}

/** The tool-name globs an HTTP caller's client configuration pre-approves (header x-<prefix>-confirm). */
export function approvedTools(header: string | string[] | undefined): string[] {
  return commaList(Array.isArray(header) ? header.join(',') : header) ?? [];
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Constant-time: both sides are hashed to the same length before comparing. */
function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  const token = bearerToken(header?.trim() ?? '');
  return timingSafeEqual(digest(token ?? ''), expected) && token !== undefined;
}

type Body = { ok: true; value: unknown } | { ok: false; status: number; message: string; code: number };

function readBody(request: IncomingMessage, limit: number): Promise<Body> {
  const tooLarge = (): Body => ({ ok: false, status: 413, message: `request body over ${limit} bytes`, code: -32600 });
  if (Number(request.headers['content-length'] ?? NaN) > limit) return Promise.resolve(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total <= limit) return void chunks.push(chunk);
      request.off('data', onData);
      request.resume();
      resolve(tooLarge());
    };
    request.on('data', onData);
    request.once('error', reject);
    request.once('end', () => {
      if (total > limit) return;
      try {
        resolve({ ok: true, value: JSON.parse(Buffer.concat(chunks, total).toString('utf8')) });
      } catch {
        resolve({ ok: false, status: 400, message: 'the request body is not JSON', code: -32700 });
      }
    });
  });
}

function plain(response: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers }).end(JSON.stringify(body));
}

function rpcError(response: ServerResponse, status: number, message: string, headers: Record<string, string> = {}, code = -32000): void {
  plain(response, status, rpcErrorBody(code, message), headers);
}
