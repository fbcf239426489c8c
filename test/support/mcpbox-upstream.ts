import { randomUUID } from 'node:crypto';
import type { Reply, SeenRequest } from './recording-upstream.js';
import { jsonBody, StatefulUpstream } from './stateful-upstream.js';
import { bearerOf } from './token-issuer.js';

interface StoredServer {
  id: string;
  name: string;
  description: string | null;
  status: string;
  allowed_hosts: string[];
  tool_count: number;
  created_at: string;
}

/**
 * A stateful stand-in for MCPBox's admin API on 127.0.0.1: first-run setup, login with a
 * 15-minute access token and a 7-day refresh token (refresh rotates, logout revokes), servers
 * with page/page_size paging, FastAPI `{"detail": ...}` errors (strings and validation lists)
 * and X-RateLimit headers with a 429 + Retry-After once the per-minute budget is spent.
 */
export class McpboxUpstream extends StatefulUpstream {
  readonly servers: StoredServer[] = [];
  adminExists = true;
  /** Requests per minute before 429s. */
  perMinute = 100;
  private served = 0;

  constructor(
    readonly credentials = { username: 'admin', password: 'correct-horse-battery' },
    ttl = { accessSeconds: 900, refreshSeconds: 7 * 86_400 },
  ) {
    super(credentials, ttl, 'bearer');
    for (const name of ['weather', 'github', 'calendar', 'notes', 'search']) this.addServer(name);
    this.routes();
  }

  /** A fresh access token, as the admin would get from the web UI's login. */
  accessToken(): string {
    const issued = this.tokens.login(this.credentials.username, this.credentials.password);
    if (!issued) throw new Error('mock login failed');
    return issued.access_token;
  }

  resetBudget(): void {
    this.served = 0;
  }

  private addServer(name: string, description: string | null = null): StoredServer {
    const server = {
      id: randomUUID(),
      name,
      description,
      status: 'stopped',
      allowed_hosts: [],
      tool_count: 0,
      created_at: '2026-02-01T10:00:00Z',
    };
    this.servers.push(server);
    return server;
  }

  private routes(): void {
    this.http.on('GET', '/auth/status', () => ({ body: { setup_required: !this.adminExists, onboarding_completed: this.adminExists } }));
    this.http.on('POST', '/auth/setup', (request) => {
      if (this.adminExists) return detail(400, 'Setup already completed');
      const body = jsonBody(request);
      this.adminExists = true;
      return { status: 201, body: { message: 'Admin account created', username: body.username } };
    });
    this.http.on('POST', '/auth/login', (request) => {
      const body = jsonBody(request);
      const issued = this.tokens.login(body.username, body.password);
      return issued ? { body: issued } : detail(401, 'Invalid username or password');
    });
    this.http.on('POST', '/auth/refresh', (request) => {
      const issued = this.tokens.rotate(jsonBody(request).refresh_token);
      return issued ? { body: issued } : detail(401, 'Invalid or expired refresh token');
    });
    this.http.on(
      'POST',
      '/auth/logout',
      this.guarded((request) => {
        this.tokens.revoke(bearerOf(request.headers.authorization), jsonBody(request).refresh_token);
        return { body: { message: 'Logged out' } };
      }),
    );
    this.http.on(
      'GET',
      '/auth/me',
      this.guarded(() => ({
        body: {
          id: randomUUID(),
          username: this.credentials.username,
          is_active: true,
          last_login_at: null,
          created_at: '2026-01-01T00:00:00Z',
        },
      })),
    );
    this.http.on(
      'GET',
      '/api/servers',
      this.guarded((request) => {
        const page = Number(request.query.page ?? 1);
        const size = Number(request.query.page_size ?? 50);
        if (!Number.isInteger(page) || page < 1) {
          return validation([{ loc: ['query', 'page'], msg: 'Input should be greater than or equal to 1', type: 'greater_than_equal' }]);
        }
        const items = this.servers.slice((page - 1) * size, page * size);
        return { body: { items, total: this.servers.length, page, page_size: size, pages: Math.ceil(this.servers.length / size) } };
      }),
    );
    this.http.on(
      'POST',
      '/api/servers',
      this.guarded((request) => {
        const body = jsonBody(request);
        if (this.servers.some((server) => server.name === body.name)) return detail(409, `Server "${String(body.name)}" already exists`);
        if (typeof body.name !== 'string' || /\s/.test(body.name)) {
          return validation([{ loc: ['body', 'name'], msg: 'String should match pattern ^\\S+$', type: 'string_pattern_mismatch' }]);
        }
        const server = this.addServer(body.name, typeof body.description === 'string' ? body.description : null);
        return { status: 201, body: { ...server, tools: [], default_timeout_ms: 30000, updated_at: server.created_at } };
      }),
    );
    this.http.on(
      'GET',
      /^\/api\/servers\/[^/]+$/,
      this.guarded((request) => {
        const server = this.servers.find((candidate) => candidate.id === request.path.split('/').at(-1));
        return server
          ? { body: { ...server, tools: [], default_timeout_ms: 30000, updated_at: server.created_at } }
          : detail(404, 'Server not found');
      }),
    );
    this.http.on(
      'DELETE',
      /^\/api\/servers\/[^/]+$/,
      this.guarded((request) => {
        const index = this.servers.findIndex((candidate) => candidate.id === request.path.split('/').at(-1));
        if (index < 0) return detail(404, 'Server not found');
        this.servers.splice(index, 1);
        return { status: 204 };
      }),
    );
    this.http.on('GET', '/health', () => ({ body: { status: 'healthy', version: '0.9.0' } }));
  }

  /** Answers only a valid, unrevoked access token; announces and enforces the minute budget. */
  private guarded(handler: (request: SeenRequest) => Reply): (request: SeenRequest) => Reply {
    return (request) => {
      const state = this.tokens.state(bearerOf(request.headers.authorization));
      if (state === 'expired') return detail(401, 'Token has expired');
      if (state !== 'valid') return detail(401, 'Could not validate credentials');
      this.served += 1;
      const remaining = Math.max(0, this.perMinute - this.served);
      const headers = { 'x-ratelimit-limit': String(this.perMinute), 'x-ratelimit-remaining': String(remaining) };
      if (this.served > this.perMinute) {
        return {
          ...detail(429, 'Rate limit exceeded. Please try again later.'),
          headers: { ...headers, 'retry-after': '42', 'x-ratelimit-reset': '42' },
        };
      }
      const reply = handler(request);
      return { ...reply, headers: { ...headers, ...reply.headers } };
    };
  }
}

function detail(status: number, message: string): Reply {
  return { status, body: { detail: message } };
}

function validation(problems: { loc: (string | number)[]; msg: string; type: string }[]): Reply {
  return { status: 422, body: { detail: problems } };
}
