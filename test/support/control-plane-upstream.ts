import type { Reply, SeenRequest } from './recording-upstream.js';
import { jsonBody, StatefulUpstream } from './stateful-upstream.js';
import { bearerOf } from './token-issuer.js';

/**
 * A stateful stand-in for the infrastructure control plane on 127.0.0.1: the
 * `{status, data, metadata}` envelope on every answer, the error envelope with the reference's
 * codes, login / refresh / logout with expiring tokens, X-API-Key, pagination (page, limit,
 * sort, order) and the `field[op]=value` filters, over a small set of clusters, pods and devices.
 */
export class ControlPlaneUpstream extends StatefulUpstream {
  /**
   * Requests answered per window before a 429 (RATE_LIMIT_EXCEEDED); Infinity: no limit. A finite
   * limit is announced on every guarded answer: X-RateLimit-Limit, -Remaining and -Reset (the
   * window's end in epoch seconds, as the reference shows).
   */
  rateLimit = Number.POSITIVE_INFINITY;
  /** Length of a rate-limit window; a new one starts (and the count restarts) when it ends. */
  windowSeconds = 60;
  private served = 0;
  private windowEndsAt = 0;

  /** When the current rate-limit window ends (ms since the epoch), as X-RateLimit-Reset announces it. */
  windowEndsAtMs(): number {
    return this.windowEndsAt;
  }

  /** Starts a new rate-limit window now, with nothing served yet. */
  resetRateLimit(limit: number, windowSeconds = 60): void {
    this.rateLimit = limit;
    this.windowSeconds = windowSeconds;
    this.served = 0;
    this.windowEndsAt = Math.ceil(Date.now() / 1000 + windowSeconds) * 1000;
  }

  readonly clusters = [
    { id: 'cls_prod', name: 'prod-eu1', status: 'connected', version: 'v1.29.2', nodes_count: 6, created_at: '2025-01-05T12:00:00Z' },
    { id: 'cls_stage', name: 'staging', status: 'connected', version: 'v1.30.1', nodes_count: 3, created_at: '2025-02-01T12:00:00Z' },
    {
      id: 'cls_lab',
      name: 'lab',
      status: 'error',
      version: 'v1.28.0',
      nodes_count: 1,
      created_at: '2024-11-20T12:00:00Z',
      error: 'x509: certificate expired',
    },
  ];
  readonly pods = ['Running', 'Running', 'Pending', 'Failed', 'Running', 'Pending', 'Succeeded'].map((phase, index) => ({
    name: `api-${index}`,
    status: phase,
    phase,
    node: `worker-${(index % 2) + 1}`,
    created_at: `2025-03-0${index + 1}T06:00:00Z`,
    containers: [
      {
        name: 'api',
        image: 'registry.example.com/api:1.4.2',
        ready: phase === 'Running',
        restart_count: index,
        state: phase.toLowerCase(),
      },
    ],
  }));

  readonly users = [
    { id: 'usr_ops', username: 'ops', email: 'ops@example.com', role: 'admin', is_active: true, created_at: '2025-01-01T00:00:00Z' },
  ];
  readonly devices = [
    {
      id: 'dev_core_sw1',
      name: 'core-sw1',
      device_type: 'cisco_ios',
      hostname: '10.0.0.2',
      port: 22,
      status: 'connected',
      created_at: '2025-01-10T00:00:00Z',
    },
  ];

  constructor(
    readonly credentials = { username: 'ops', password: 'ops-password-1', apiKey: 'cp-key-0123456789' },
    ttl = { accessSeconds: 3600, refreshSeconds: 86_400 },
  ) {
    super(credentials, ttl);
    this.routes();
  }

  private routes(): void {
    const api = '/api/v1';
    this.http.on('POST', `${api}/auth/login`, (request) => {
      const body = jsonBody(request);
      const issued = this.tokens.login(body.username, body.password);
      return issued ? success(issued) : failure(401, 'AUTH_INVALID_CREDENTIALS', 'Invalid username or password');
    });
    this.http.on('POST', `${api}/auth/refresh`, (request) => {
      const issued = this.tokens.rotate(jsonBody(request).refresh_token);
      return issued ? success(issued) : failure(401, 'AUTH_TOKEN_EXPIRED', 'Refresh token is invalid or expired');
    });
    this.http.on(
      'POST',
      `${api}/auth/logout`,
      this.guarded((request) => {
        this.tokens.revoke(bearerOf(request.headers.authorization));
        return success({ message: 'Successfully logged out' });
      }),
    );
    this.http.on(
      'GET',
      `${api}/users`,
      this.guarded((request) => listReply(this.users, request)),
    );
    this.http.on(
      'GET',
      `${api}/network/devices`,
      this.guarded((request) => listReply(this.devices, request)),
    );
    this.http.on(
      'GET',
      `${api}/kubernetes/clusters`,
      this.guarded((request) => listReply(this.clusters, request)),
    );
    this.http.on(
      'GET',
      new RegExp(`^${api}/kubernetes/clusters/[^/]+$`),
      this.guarded((request) => {
        const id = decodeURIComponent(request.path.split('/').at(-1) ?? '');
        const cluster = this.clusters.find((candidate) => candidate.id === id);
        return cluster ? success(cluster) : failure(404, 'RESOURCE_NOT_FOUND', `Cluster ${id} does not exist`, { cluster_id: id });
      }),
    );
    this.http.on(
      'GET',
      new RegExp(`^${api}/kubernetes/[^/]+/namespaces/[^/]+/pods$`),
      this.guarded((request) => listReply(this.pods, request)),
    );
    this.http.on(
      'GET',
      new RegExp(`^${api}/kubernetes/[^/]+/namespaces/[^/]+/pods/[^/]+/logs$`),
      this.guarded((request) => {
        const tail = Number(request.query.tail_lines ?? 3);
        const lines = Array.from({ length: 10 }, (_, index) => `line ${index + 1}`).slice(-tail);
        return success({ logs: `${lines.join('\n')}\n` });
      }),
    );
    this.http.on(
      'POST',
      new RegExp(`^${api}/kubernetes/[^/]+/namespaces/[^/]+/pods/[^/]+/exec$`),
      this.guarded((request) => {
        const command = (jsonBody(request).command as string[] | undefined) ?? [];
        return success({ stdout: `${command.join(' ')}\n`, stderr: '', exit_code: 0 });
      }),
    );
    this.http.on(
      'POST',
      new RegExp(`^${api}/network/devices/[^/]+/command$`),
      this.guarded(() =>
        failure(502, 'NETWORK_CONNECTION_ERROR', 'Failed to connect to network device', { hostname: '10.0.0.2', port: 22 }),
      ),
    );
    this.http.on('GET', '/health/liveness', () => ({ body: { status: 'ok' } }));
  }

  /** Answers only callers with a valid bearer token or the API key; counts toward the rate limit. */
  private guarded(handler: (request: SeenRequest) => Reply): (request: SeenRequest) => Reply {
    return (request) => {
      const key = request.headers['x-api-key'];
      if (key !== this.credentials.apiKey) {
        const state = this.tokens.state(bearerOf(request.headers.authorization));
        if (state === 'expired') return failure(401, 'AUTH_TOKEN_EXPIRED', 'JWT token has expired');
        if (state !== 'valid') return failure(401, 'AUTH_INVALID_CREDENTIALS', 'Missing or invalid credentials');
      }
      if (Date.now() >= this.windowEndsAt) {
        this.served = 0;
        this.windowEndsAt = Math.ceil(Date.now() / 1000 + this.windowSeconds) * 1000;
      }
      this.served += 1;
      const announced: Record<string, string> = Number.isFinite(this.rateLimit)
        ? {
            'x-ratelimit-limit': String(this.rateLimit),
            'x-ratelimit-remaining': String(Math.max(0, this.rateLimit - this.served)),
            'x-ratelimit-reset': String(this.windowEndsAt / 1000),
          }
        : {};
      if (this.served > this.rateLimit) {
        return {
          ...failure(429, 'RATE_LIMIT_EXCEEDED', 'Rate limit exceeded. Try again in 30 seconds.', { retry_after: 30 }),
          headers: { ...announced, 'retry-after': '30' },
        };
      }
      const reply = handler(request);
      return { ...reply, headers: { ...announced, ...reply.headers } };
    };
  }
}

export function success(data: unknown, metadata?: unknown): Reply {
  return { body: { status: 'success', data, ...(metadata ? { metadata } : {}) } };
}

export function failure(status: number, code: string, message: string, details: Record<string, unknown> = {}): Reply {
  return { status, body: { status: 'error', error: { code, message, details } } };
}

const OPERATORS: Record<string, (actual: string, wanted: string) => boolean> = {
  eq: (actual, wanted) => actual === wanted,
  ne: (actual, wanted) => actual !== wanted,
  gt: (actual, wanted) => actual > wanted,
  lt: (actual, wanted) => actual < wanted,
  gte: (actual, wanted) => actual >= wanted,
  lte: (actual, wanted) => actual <= wanted,
  in: (actual, wanted) => wanted.split(',').includes(actual),
  nin: (actual, wanted) => !wanted.split(',').includes(actual),
  regex: (actual, wanted) => new RegExp(wanted).test(actual),
};
const CONTROL = new Set(['page', 'limit', 'sort', 'order']);

/** Filters (`field=value`, `field[op]=value`), sorts and pages a list into an envelope. */
function listReply(rows: readonly Record<string, unknown>[], request: SeenRequest): Reply {
  let result = [...rows];
  for (const [key, raw] of Object.entries(request.query)) {
    if (CONTROL.has(key)) continue;
    const match = key.match(/^([a-z_]+)(?:\[([a-z]+)\])?$/);
    const test = OPERATORS[match?.[2] ?? 'eq'];
    if (!match || !test) return failure(400, 'VALIDATION_ERROR', `Unknown filter ${key}`, { parameter: key });
    const wanted = Array.isArray(raw) ? raw.join(',') : raw;
    result = result.filter((row) => test(String(row[match[1] ?? ''] ?? ''), wanted));
  }
  const sort = typeof request.query.sort === 'string' ? request.query.sort : undefined;
  if (sort) result.sort((a, b) => String(a[sort]).localeCompare(String(b[sort])) * (request.query.order === 'desc' ? -1 : 1));
  const page = Number(request.query.page ?? 1);
  const limit = Number(request.query.limit ?? 10);
  const items = result.slice((page - 1) * limit, page * limit);
  return success(items, { page, limit, total: result.length, pages: Math.ceil(result.length / limit) });
}
