import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectStdio, type StdioSession, textOf } from '../support/mcp-client.js';
import { type PrivateBuild, privateBuild } from '../support/private-build.js';
import { type Reply, RecordingUpstream, type SeenRequest } from '../support/recording-upstream.js';

/**
 * The generated Cloudways server over stdio against a recording Cloudways on 127.0.0.1 that
 * implements the token endpoint (e-mail + API key → short-lived bearer token) and checks the
 * bearer token on every API call.
 */

// Planted secrets: none of them may leave the server through a result or its log.
const EMAIL = 'e2e-owner-5c2e@example.com';
const API_KEY = `cw-e2e-api-key-${randomBytes(6).toString('hex')}`;
const TOKEN_TAG = randomBytes(6).toString('hex');
const TOKEN_PATH = '/api/v1/oauth/access_token';

type TokenMode = 'ok' | 'garbage' | 'destroy';

interface AuthState {
  /** Requests the token endpoint received. */
  exchanges: number;
  /** ms since the epoch of each exchange request. */
  exchangeTimes: number[];
  expiresIn: number;
  mode: TokenMode;
  /** Token → when it stops working (ms since the epoch); kept across tests. */
  readonly valid: Map<string, number>;
  /** Every token handed out, kept across tests. */
  readonly issued: string[];
}

const upstream = new RecordingUpstream();
let build: PrivateBuild;
const sessions: StdioSession[] = [];
const texts: string[] = [];
let auth: AuthState;

beforeAll(async () => {
  build = privateBuild('cloudways');
  await upstream.start();
});

afterAll(async () => {
  await Promise.all(sessions.map((session) => session.close()));
  await upstream.stop();
  build?.remove();
});

beforeEach(() => {
  upstream.reset();
  auth = { exchanges: 0, exchangeTimes: [], expiresIn: 3600, mode: 'ok', valid: auth?.valid ?? new Map(), issued: auth?.issued ?? [] };
  upstream.on('POST', TOKEN_PATH, tokenEndpoint);
});

function tokenEndpoint(request: SeenRequest): Reply {
  auth.exchanges += 1;
  auth.exchangeTimes.push(Date.now());
  if (auth.mode === 'destroy') return { destroy: true };
  if (auth.mode === 'garbage') {
    return { raw: true, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' };
  }
  const form = new URLSearchParams(request.body);
  if (form.get('email') !== EMAIL || form.get('api_key') !== API_KEY) {
    return { status: 401, body: { error: 'invalid_credentials', error_description: 'The user credentials were incorrect.' } };
  }
  const token = `cw-e2e-token-${auth.issued.length + 1}-${TOKEN_TAG}`;
  auth.issued.push(token);
  auth.valid.set(token, Date.now() + auth.expiresIn * 1000);
  return { body: { access_token: token, token_type: 'Bearer', expires_in: auth.expiresIn } };
}

/** An API route that answers 401 unless the request carries a current token. */
function api(method: string, path: string, reply: Reply | ((request: SeenRequest) => Reply)): void {
  upstream.on(method, `/api/v1${path}`, (request) => {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const until = token === undefined ? undefined : auth.valid.get(token);
    if (until === undefined || Date.now() >= until) {
      return { status: 401, body: { error: 'invalid_token', error_description: 'The access token provided is invalid.' } };
    }
    return typeof reply === 'function' ? reply(request) : reply;
  });
}

const apiRequests = () => upstream.requests.filter((request) => request.path !== TOKEN_PATH);
const bearer = (request: SeenRequest) => request.headers.authorization?.replace(/^Bearer /, '');

async function start(env: Record<string, string> = {}): Promise<StdioSession> {
  const session = await connectStdio(build.bin, {
    CLOUDWAYS_BASE_URL: `${upstream.url}/api/v1`,
    CLOUDWAYS_EMAIL: EMAIL,
    CLOUDWAYS_API_KEY: API_KEY,
    CLOUDWAYS_RATE_LIMIT: '1000/60',
    CLOUDWAYS_LOG_LEVEL: 'debug',
    CLOUDWAYS_TIMEOUT_MS: '5000',
    ...env,
  });
  sessions.push(session);
  return session;
}

async function call(session: StdioSession, name: string, args: Record<string, unknown> = {}) {
  const result = await session.client.callTool({ name, arguments: args });
  const text = textOf(result);
  texts.push(text, JSON.stringify(result.structuredContent ?? {}));
  return { result, text, isError: result.isError === true };
}

const SERVERS = { status: true, servers: [{ id: '50482', label: 'web-1', apps: [] }] };

describe('token exchange', () => {
  it('the first call exchanges e-mail and API key (form-encoded) for a token, then uses it', async () => {
    const session = await start();
    api('GET', '/server', { body: SERVERS });
    const { isError, result } = await call(session, 'list_servers');
    expect(isError).toBe(false);
    expect(result.structuredContent).toMatchObject({ servers: [{ id: '50482' }] });
    expect(upstream.requests.map((request) => `${request.method} ${request.path}`)).toEqual([`POST ${TOKEN_PATH}`, 'GET /api/v1/server']);
    const [exchange] = upstream.requests;
    expect(exchange?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(exchange?.body))).toEqual({ email: EMAIL, api_key: API_KEY });
    expect(exchange?.headers.authorization).toBeUndefined();
    expect(upstream.last().headers.authorization).toBe(`Bearer ${auth.issued.at(-1)}`);

    // The token is reused: no second exchange.
    await call(session, 'list_servers');
    expect(auth.exchanges).toBe(1);
  });

  it('50 concurrent calls on a cold server cause exactly one exchange', async () => {
    const session = await start();
    upstream.on('POST', TOKEN_PATH, async (request) => {
      // A slow token endpoint keeps the exchange in flight while the other calls arrive.
      await new Promise((resolve) => setTimeout(resolve, 200));
      return tokenEndpoint(request);
    });
    api('GET', '/project', { body: { projects: [] } });
    const results = await Promise.all(Array.from({ length: 50 }, () => call(session, 'list_projects')));
    expect(results.filter((result) => result.isError)).toEqual([]);
    expect(auth.exchanges).toBe(1);
    expect(apiRequests()).toHaveLength(50);
    expect(new Set(apiRequests().map(bearer))).toEqual(new Set([auth.issued.at(-1)]));
  });

  it('refreshes proactively before the token expires (expires_in 4 s: refresh after half its life)', async () => {
    auth.expiresIn = 4;
    const session = await start();
    api('GET', '/member', { body: { contents: [] } });
    await call(session, 'list_team_members');
    const first = auth.issued.at(-1);
    expect(auth.exchanges).toBe(1);

    await new Promise((resolve) => setTimeout(resolve, 2200));
    const { isError } = await call(session, 'list_team_members');
    expect(isError).toBe(false);
    // Refreshed beside the call, while the old token still worked: the call did not wait, and no 401 was needed.
    await vi.waitFor(() => expect(auth.exchanges).toBe(2));
    const second = auth.issued.at(-1);
    expect(second).not.toBe(first);
    const [firstAt = 0, secondAt = 0] = auth.exchangeTimes;
    expect(secondAt - firstAt).toBeGreaterThanOrEqual(2000);
    expect(secondAt - firstAt).toBeLessThan(4000);
    expect(apiRequests().map((request) => bearer(request))).toEqual([first, first]);

    // The fresh token is used as is by the next call.
    await call(session, 'list_team_members');
    expect(auth.exchanges).toBe(2);
    expect(apiRequests().map((request) => bearer(request))).toEqual([first, first, second]);
  });

  it('an upstream 401 causes exactly one re-exchange and a retry that succeeds', async () => {
    const session = await start();
    api('GET', '/server', { body: SERVERS });
    await call(session, 'list_servers');
    expect(auth.exchanges).toBe(1);

    // The API revokes the token early (the account's key was rotated elsewhere, etc.).
    auth.valid.clear();
    upstream.requests.length = 0;
    const { isError, text } = await call(session, 'list_servers');
    expect(isError, text).toBe(false);
    expect(auth.exchanges).toBe(2);
    expect(upstream.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /api/v1/server',
      `POST ${TOKEN_PATH}`,
      'GET /api/v1/server',
    ]);
    expect(bearer(upstream.requests[0]!)).toBe(auth.issued.at(-2));
    expect(bearer(upstream.requests[2]!)).toBe(auth.issued.at(-1));
  });

  it('20 concurrent calls that all meet a 401 share one re-exchange', async () => {
    const session = await start();
    api('GET', '/server', { body: SERVERS });
    await call(session, 'list_servers');
    auth.valid.clear();
    upstream.requests.length = 0;
    const results = await Promise.all(Array.from({ length: 20 }, () => call(session, 'list_servers')));
    expect(results.filter((result) => result.isError)).toEqual([]);
    expect(auth.exchanges).toBe(2);
    const retried = apiRequests().filter((request) => bearer(request) === auth.issued.at(-1));
    expect(retried).toHaveLength(20);
  });

  it('a failed proactive refresh keeps using the still-valid token, and token_status shows why', async () => {
    auth.expiresIn = 4;
    const session = await start();
    api('GET', '/server', { body: SERVERS });
    await call(session, 'list_servers');
    const first = auth.issued.at(-1);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    auth.mode = 'destroy';
    const { isError } = await call(session, 'list_servers');
    expect(isError).toBe(false);
    expect(bearer(upstream.last())).toBe(first);
    // The refresh runs beside the call: wait for it to fail.
    await vi.waitFor(async () => {
      const status = await call(session, 'token_status');
      expect(status.result.structuredContent).toMatchObject({
        schemes: { cloudways_token: { hasToken: true, exchanges: 2, lastError: expect.stringContaining('connection reset') } },
      });
    });
    expect(auth.exchanges).toBe(2);
  });

  it('an upstream that keeps answering 401 gets one re-exchange, not a loop, and a clear error', async () => {
    const session = await start();
    upstream.on('GET', '/api/v1/project', { status: 401, body: { error: 'invalid_token', error_description: 'Token rejected.' } });
    const { isError, text } = await call(session, 'list_projects');
    expect(isError).toBe(true);
    expect(text).toContain('HTTP 401');
    expect(text).toContain('Token rejected.');
    expect(auth.exchanges).toBe(2);
    expect(apiRequests()).toHaveLength(2);
  });

  it('wrong credentials: one clear isError naming CLOUDWAYS_EMAIL / CLOUDWAYS_API_KEY, nothing else sent', async () => {
    const wrongKey = `cw-e2e-wrong-key-${randomBytes(6).toString('hex')}`;
    const session = await start({ CLOUDWAYS_API_KEY: wrongKey });
    api('GET', '/server', { body: SERVERS });
    const { isError, result, text } = await call(session, 'list_servers');
    expect(isError).toBe(true);
    expect(result.content).toHaveLength(1);
    expect(text).toContain('CLOUDWAYS_EMAIL / CLOUDWAYS_API_KEY rejected by the token endpoint');
    expect(text).toContain('HTTP 401');
    expect(text).toContain('The user credentials were incorrect.');
    expect(text).not.toContain(wrongKey);
    expect(auth.exchanges).toBe(1);
    expect(apiRequests()).toHaveLength(0);
    expect(session.stderr()).not.toContain(wrongKey);
  });

  it.each([
    ['closes the connection', 'destroy', /connection reset|socket|closed/i],
    ['answers HTML garbage', 'garbage', /not JSON/],
  ] as const)('token endpoint %s: a clear error, and the next call tries again and succeeds', async (_, mode, pattern) => {
    const session = await start();
    api('GET', '/server', { body: SERVERS });
    auth.mode = mode;
    const failed = await call(session, 'list_servers');
    expect(failed.isError).toBe(true);
    expect(failed.text).toMatch(/the token endpoint POST http:\/\/127\.0\.0\.1:\d+\/api\/v1\/oauth\/access_token/);
    expect(failed.text).toMatch(pattern);
    expect(apiRequests()).toHaveLength(0);

    auth.mode = 'ok';
    const retried = await call(session, 'list_servers');
    expect(retried.isError, retried.text).toBe(false);
    expect(auth.exchanges).toBe(2);
    expect(apiRequests()).toHaveLength(1);
  });
});

describe('rate limits', () => {
  it('CLOUDWAYS_RATE_LIMIT=5/60: the 6th call is an isError saying when to retry, and never reaches the upstream', async () => {
    const session = await start({ CLOUDWAYS_RATE_LIMIT: '5/60' });
    api('GET', '/project', { body: { projects: [] } });
    for (let index = 0; index < 5; index += 1) expect((await call(session, 'list_projects')).isError).toBe(false);
    const limited = await call(session, 'list_projects');
    expect(limited.isError).toBe(true);
    expect(limited.text).toMatch(
      /^client-side rate limit of 5 requests per 60 s reached; nothing was sent to the API\. Retry after [\d.]+ s\.$/,
    );
    const retryAfter = Number(/Retry after (\d+(?:\.\d+)?) s/.exec(limited.text)?.[1]);
    expect(retryAfter).toBeGreaterThan(10);
    expect(retryAfter).toBeLessThanOrEqual(12);
    expect(apiRequests()).toHaveLength(5);

    const status = await call(session, 'rate_limit_status');
    expect(status.result.structuredContent).toMatchObject({ limit: 5, remaining: 0 });
    expect(apiRequests()).toHaveLength(5);
  });

  it('an upstream 429 with a long Retry-After is reported at once with the retry time', async () => {
    const session = await start({ CLOUDWAYS_TIMEOUT_MS: '30000' });
    api('GET', '/server', {
      status: 429,
      headers: { 'retry-after': '120' },
      body: { error: 'too_many_requests', error_description: 'API rate limit exceeded.' },
    });
    const started = Date.now();
    const { isError, text } = await call(session, 'list_servers');
    expect(isError).toBe(true);
    expect(text).toContain('HTTP 429');
    expect(text).toContain('API rate limit exceeded.');
    expect(text).toContain('Retry after 120 s.');
    // Not retried before the time the API asked for.
    expect(apiRequests()).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('an upstream 429 with a short Retry-After on a read is retried after that time', async () => {
    const session = await start();
    let calls = 0;
    api('GET', '/server', () => {
      calls += 1;
      return calls === 1 ? { status: 429, headers: { 'retry-after': '1' }, body: { error: 'slow down' } } : { body: SERVERS };
    });
    const started = Date.now();
    const { isError } = await call(session, 'list_servers');
    expect(isError).toBe(false);
    expect(apiRequests()).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });
});

describe('status tools and request bodies', () => {
  let session: StdioSession;
  beforeAll(async () => {
    session = await start({ CLOUDWAYS_RATE_LIMIT: '90/60' });
  });

  it('ping answers locally', async () => {
    const { isError, result } = await call(session, 'ping');
    expect(isError).toBe(false);
    expect(result.structuredContent).toMatchObject({ status: 'ok', server: '@mcpgen/cloudways', tools: 141 });
    expect(upstream.requests).toHaveLength(0);
  });

  it('credentials_info says whose credentials these are (the e-mail), never the key', async () => {
    // Called directly, not through call(): this is the one result meant to show the e-mail (the secrets test checks all others).
    const result = await session.client.callTool({ name: 'credentials_info', arguments: {} });
    const text = textOf(result);
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({
      credentials: { CLOUDWAYS_EMAIL: { set: true, value: EMAIL }, CLOUDWAYS_API_KEY: { set: true } },
    });
    expect(text).not.toContain(API_KEY);
    expect(upstream.requests).toHaveLength(0);
  });

  it('token_status reports expiry and last refresh, never the token', async () => {
    const before = await call(session, 'token_status');
    expect(before.result.structuredContent).toEqual({
      schemes: { cloudways_token: { exchanges: 0, expiresAt: null, hasToken: false, lastError: null, lastRefreshAt: null } },
    });
    api('GET', '/server', { body: SERVERS });
    await call(session, 'list_servers');
    const after = await call(session, 'token_status');
    const status = (after.result.structuredContent as { schemes: Record<string, Record<string, unknown>> }).schemes.cloudways_token;
    expect(status).toMatchObject({ exchanges: 1, hasToken: true, lastError: null });
    const expiresIn = Date.parse(String(status?.expiresAt)) - Date.now();
    expect(expiresIn).toBeGreaterThan(3500_000);
    expect(expiresIn).toBeLessThanOrEqual(3600_000);
    expect(Date.now() - Date.parse(String(status?.lastRefreshAt))).toBeLessThan(5000);
    for (const token of auth.issued) expect(after.text).not.toContain(token);
    expect(after.text).not.toContain(API_KEY);
    expect(after.text).not.toContain(EMAIL);
    expect(upstream.requests).toHaveLength(2);
  });

  it('rate_limit_status reports the bucket without spending from it', async () => {
    const first = await call(session, 'rate_limit_status');
    const second = await call(session, 'rate_limit_status');
    expect(first.result.structuredContent).toMatchObject({ limit: 90 });
    expect((second.result.structuredContent as { remaining: number }).remaining).toBe(
      (first.result.structuredContent as { remaining: number }).remaining,
    );
    expect(upstream.requests).toHaveLength(0);
  });

  it('POST and PUT bodies reach the upstream form-encoded', async () => {
    api('POST', '/project', { body: { project: { id: '1601', name: 'Shop & Blog' } } });
    api('PUT', '/project/1601', { body: { project: { id: '1601', name: 'Shop' } } });
    const created = await call(session, 'create_project', { name: 'Shop & Blog' });
    expect(created.isError, created.text).toBe(false);
    const post = apiRequests().at(-1);
    expect(post?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(post?.body).toBe('name=Shop%20%26%20Blog');
    expect(post?.headers.authorization).toBe(`Bearer ${auth.issued.at(-1)}`);

    const updated = await call(session, 'update_project', { project_id: 1601, name: 'Shop', app_ids: '131933,131934' });
    expect(updated.isError, updated.text).toBe(false);
    const put = apiRequests().at(-1);
    expect(put).toMatchObject({ method: 'PUT', path: '/api/v1/project/1601' });
    expect(put?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(put?.body))).toEqual({ name: 'Shop', app_ids: '131933,131934' });
  });
});

describe('long-running operations', () => {
  it('restart_server answers its operation_id; with wait: true it polls /operation/{id} until is_completed', async () => {
    let polls = 0;
    api('POST', '/server/restart', { body: { status: true, operation_id: 9001 } });
    api('GET', '/operation/9001', () => {
      polls += 1;
      return {
        body: { status: true, operation: { id: '9001', is_completed: polls < 2 ? '0' : '1', message: polls < 2 ? 'Restarting' : 'Done' } },
      };
    });
    const session = await start({ CLOUDWAYS_TASK_TIMEOUT_MS: '20000' });
    const started = await call(session, 'restart_server', { server_id: 50482 });
    expect(started.isError).toBe(false);
    expect(started.text).toContain('Started task 9001: follow it with get_operation_status (id: "9001")');
    expect(polls).toBe(0);

    const waited = await call(session, 'restart_server', { server_id: 50482, wait: true });
    expect(waited.isError).toBe(false);
    expect(waited.text).toMatch(/Task 9001 finished in \d+ s\./);
    expect(polls).toBe(2);
    expect(waited.result.structuredContent).toMatchObject({ operation_id: 9001, task: { done: true, polls: 2 } });
  });
});

describe('secrets', () => {
  it('the e-mail, the API key and every token never appear in a tool result or a server log', () => {
    expect(auth.issued.length).toBeGreaterThan(5);
    const outputs = [...texts, ...sessions.map((session) => session.stderr())];
    expect(sessions.some((session) => session.stderr().includes('"level"'))).toBe(true);
    for (const secret of [EMAIL, API_KEY, ...auth.issued]) {
      for (const output of outputs) expect(output.includes(secret), `${secret} leaked`).toBe(false);
    }
  });
});
