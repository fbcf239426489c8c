import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  readonly body: string;
  readonly headers: IncomingHttpHeaders;
  readonly method: string;
  readonly path: string;
  /** Decoded query parameters, repeated keys as arrays. */
  readonly query: Record<string, string | string[]>;
  readonly rawQuery: string;
  /** The request target exactly as it arrived, before any URL parsing or normalisation. */
  readonly rawUrl: string;
}

export interface Reply {
  readonly body?: unknown;
  /** Milliseconds to wait before answering (for timeouts). */
  readonly delayMs?: number;
  /** Close the connection without answering (a server that died mid-request). */
  readonly destroy?: boolean;
  readonly headers?: Record<string, string>;
  /** Send the body as is, not JSON-encoded. */
  readonly raw?: boolean;
  readonly status?: number;
}

export type Handler = (request: SeenRequest) => Reply | Promise<Reply>;

/**
 * A real HTTP server on 127.0.0.1 that records every request and answers from handlers
 * chosen by "METHOD /path" (exact path, or a RegExp), so tests can assert what a generated
 * server really sent.
 */
export class RecordingUpstream {
  readonly requests: SeenRequest[] = [];
  private readonly routes: { method: string; path: string | RegExp; handler: Handler }[] = [];
  private server: Server | undefined;
  private readonly sockets = new Set<import('node:net').Socket>();
  url = '';

  on(method: string, path: string | RegExp, handler: Handler | Reply): this {
    this.routes.unshift({ method, path, handler: typeof handler === 'function' ? handler : () => handler });
    return this;
  }

  reset(): void {
    this.requests.length = 0;
    this.routes.length = 0;
  }

  last(): SeenRequest {
    const request = this.requests.at(-1);
    if (!request) throw new Error('the upstream has received no request');
    return request;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const url = new URL(request.url ?? '/', 'http://127.0.0.1');
        const query: Record<string, string | string[]> = {};
        for (const [key, value] of url.searchParams) {
          const existing = query[key];
          query[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
        }
        const seen: SeenRequest = {
          body: Buffer.concat(chunks).toString('utf8'),
          headers: request.headers,
          method: request.method ?? 'GET',
          path: url.pathname,
          query,
          rawQuery: url.search.slice(1),
          rawUrl: request.url ?? '',
        };
        this.requests.push(seen);
        void this.reply(seen, response);
      });
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async reply(seen: SeenRequest, response: ServerResponse): Promise<void> {
    const route = this.routes.find(
      (candidate) =>
        candidate.method === seen.method &&
        (typeof candidate.path === 'string' ? candidate.path === seen.path : candidate.path.test(seen.path)),
    );
    const reply = route
      ? await route.handler(seen)
      : { status: 404, body: { status: 'Not Found', message: `no route for ${seen.method} ${seen.path}` } };
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (response.destroyed) return;
    if (reply.destroy) {
      response.socket?.destroy();
      return;
    }
    const status = reply.status ?? 200;
    if (reply.body === undefined) {
      response.writeHead(status, reply.headers).end();
      return;
    }
    const body = reply.raw ? String(reply.body) : JSON.stringify(reply.body);
    response.writeHead(status, { 'content-type': 'application/json', ...reply.headers }).end(body);
  }
}
