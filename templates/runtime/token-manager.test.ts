import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from './errors.js';
import { MemoryTokenStore, type StoredToken, TokenManager, type TokenManagerOptions, type TokenStore } from './token-manager.js';
import type { SecuritySchemeDefinition, TokenExchangeDefinition } from './types.js';

interface Seen {
  readonly body: string;
  readonly headers: IncomingHttpHeaders;
  readonly method: string;
  readonly path: string;
}

interface Reply {
  readonly body?: unknown;
  readonly contentType?: string;
  readonly delayMs?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as is, not JSON-encoded. */
  readonly raw?: string;
  readonly status?: number;
}

/** A real token endpoint on 127.0.0.1 that records what it receives. */
class TokenEndpoint {
  readonly seen: Seen[] = [];
  handler: (request: Seen, count: number) => Reply = (_, count) => ({ body: { access_token: tokenNumber(count), expires_in: 3600 } });
  url = '';
  private server: Server | undefined;

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const seen: Seen = {
          body: Buffer.concat(chunks).toString('utf8'),
          headers: request.headers,
          method: request.method ?? '',
          path: request.url ?? '',
        };
        this.seen.push(seen);
        const reply = this.handler(seen, this.seen.length);
        setTimeout(() => {
          const text = reply.raw ?? JSON.stringify(reply.body ?? {});
          response.writeHead(reply.status ?? 200, { 'content-type': reply.contentType ?? 'application/json', ...reply.headers });
          response.end(text);
        }, reply.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  reset(): void {
    this.seen.length = 0;
    this.handler = (_, count) => ({ body: { access_token: tokenNumber(count), expires_in: 3600 } });
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

const tokenNumber = (count: number) => `tok-${count}-a9f3e7c1b2d4`;
const SECRET = 'k3y-Sup3rSecret-0042';
const OTHER_SECRET = 'k3y-0therSecret-0077';
const CREDENTIALS = { API_KEY: SECRET, EMAIL: 'ops@example.com' };
const START = Date.UTC(2025, 0, 1);

function scheme(overrides: Partial<TokenExchangeDefinition> = {}): SecuritySchemeDefinition {
  return {
    env: ['EMAIL', 'API_KEY'],
    tokenExchange: {
      contentType: 'application/x-www-form-urlencoded',
      expiresInPath: '/expires_in',
      fields: [
        { env: 'EMAIL', header: 'x-test-email', name: 'email', secret: false },
        { env: 'API_KEY', header: 'x-test-api-key', name: 'api_key', secret: true },
      ],
      method: 'POST',
      path: '/oauth/access_token',
      refreshBeforeSeconds: 300,
      tokenPath: '/access_token',
      ...overrides,
    },
    type: 'tokenExchange',
  };
}

const endpoint = new TokenEndpoint();
let clock = START;
let base = '';

beforeAll(() => endpoint.start());
afterAll(() => endpoint.stop());
beforeEach(() => {
  endpoint.reset();
  clock = START;
  base = `${endpoint.url}/api/v1`;
});

function manager(options: Partial<TokenManagerOptions> = {}): TokenManager {
  return new TokenManager({ baseUrl: () => base, envPrefix: 'TEST', now: () => clock, timeoutMs: 5000, ...options });
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const force = { forceRefresh: true };
const normal = { forceRefresh: false };

describe('exchange', () => {
  it('exchanges on first use only, then serves the cached token', async () => {
    const tokens = manager();
    expect(endpoint.seen).toHaveLength(0);
    expect(await tokens.token('auth', scheme(), CREDENTIALS, normal)).toBe(tokenNumber(1));
    expect(await tokens.token('auth', scheme(), CREDENTIALS, normal)).toBe(tokenNumber(1));
    expect(endpoint.seen).toHaveLength(1);
    expect(endpoint.seen[0]?.method).toBe('POST');
    expect(endpoint.seen[0]?.path).toBe('/api/v1/oauth/access_token');
  });

  it('sends the fields form-urlencoded', async () => {
    await manager().token('auth', scheme(), CREDENTIALS, normal);
    const request = endpoint.seen[0]!;
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request.headers.accept).toBe('application/json');
    expect(request.body).toBe(`email=ops%40example.com&api_key=${SECRET}`);
  });

  it('sends the fields as JSON and reads nested pointers', async () => {
    endpoint.handler = () => ({ body: { data: { token: 'json-token-77aa', ttl: '3600' } } });
    const definition = scheme({ contentType: 'application/json', expiresInPath: '/data/ttl', tokenPath: '/data/token' });
    const tokens = manager({ schemes: { auth: definition } });
    expect(await tokens.token('auth', definition, CREDENTIALS, normal)).toBe('json-token-77aa');
    const request = endpoint.seen[0]!;
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.body).toBe(`{"email":"ops@example.com","api_key":"${SECRET}"}`);
    expect((await tokens.status(CREDENTIALS)).auth?.expiresAt).toBe(new Date(START + 3600_000).toISOString());
  });

  it('uses the configured method', async () => {
    await manager().token('auth', scheme({ method: 'PUT' }), CREDENTIALS, normal);
    expect(endpoint.seen[0]?.method).toBe('PUT');
  });

  it('keeps one token per credentials and never puts a secret in the key', async () => {
    const tokens = manager();
    const other = { ...CREDENTIALS, API_KEY: OTHER_SECRET };
    expect(await tokens.token('auth', scheme(), CREDENTIALS, normal)).toBe(tokenNumber(1));
    expect(await tokens.token('auth', scheme(), other, normal)).toBe(tokenNumber(2));
    expect(await tokens.token('auth', scheme(), CREDENTIALS, normal)).toBe(tokenNumber(1));
    expect(await tokens.token('auth', scheme(), other, normal)).toBe(tokenNumber(2));
    expect(endpoint.seen).toHaveLength(2);
    const key = tokens.keyFor('auth', scheme().tokenExchange!, CREDENTIALS);
    expect(key).toMatch(/^TEST:auth:[0-9a-f]{64}$/);
    expect(key).not.toContain(SECRET);
    expect(key).not.toBe(tokens.keyFor('auth', scheme().tokenExchange!, other));
  });

  it('names the missing variables and sends nothing when a credential is missing', async () => {
    const error = await failure(manager().token('auth', scheme(), { EMAIL: 'ops@example.com' }, normal));
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('set TEST_API_KEY');
    expect(endpoint.seen).toHaveLength(0);
  });

  it('refuses a scheme without tokenExchange', async () => {
    const error = await failure(manager().token('auth', { env: ['TOKEN'], type: 'bearer' }, { TOKEN: 'x' }, normal));
    expect(error.kind).toBe('configuration');
  });
});

describe('expiry and refresh', () => {
  it('refreshes proactively refreshBeforeSeconds before expiry, in the background', async () => {
    const tokens = manager();
    expect(await tokens.token('auth', scheme(), CREDENTIALS, normal)).toBe(tokenNumber(1));
    clock = START + (3600 - 300) * 1000 - 1;
    expect(await tokens.token('auth', scheme(), CREDENTIALS, normal)).toBe(tokenNumber(1));
    expect(endpoint.seen).toHaveLength(1);
    clock = START + (3600 - 300) * 1000;
    // The caller gets the token that still works at once; its successor arrives meanwhile.
    expect(await tokens.token('auth', scheme(), CREDENTIALS, normal)).toBe(tokenNumber(1));
    await tokens.idle();
    expect(endpoint.seen).toHaveLength(2);
    expect(await tokens.token('auth', scheme(), CREDENTIALS, normal)).toBe(tokenNumber(2));
    expect(endpoint.seen).toHaveLength(2);
    const status = (await tokens.status(CREDENTIALS)).auth!;
    expect(status.expiresAt).toBe(new Date(clock + 3600_000).toISOString());
    expect(status.lastRefreshAt).toBe(new Date(clock).toISOString());
    expect(status.exchanges).toBe(2);
  });

  it('caps the refresh margin at half the lifetime', async () => {
    endpoint.handler = (_, count) => ({ body: { access_token: tokenNumber(count), expires_in: 120 } });
    const tokens = manager();
    await tokens.token('auth', scheme(), CREDENTIALS, normal);
    clock = START + 59_999;
    expect(await tokens.token('auth', scheme(), CREDENTIALS, normal)).toBe(tokenNumber(1));
    clock = START + 60_000;
    expect(await tokens.token('auth', scheme(), CREDENTIALS, normal)).toBe(tokenNumber(1));
    await tokens.idle();
    expect(await tokens.token('auth', scheme(), CREDENTIALS, normal)).toBe(tokenNumber(2));
  });

  it('keeps a token without a lifetime until it is rejected', async () => {
    endpoint.handler = (_, count) => ({ body: { access_token: tokenNumber(count) } });
    const tokens = manager();
    await tokens.token('auth', scheme(), CREDENTIALS, normal);
    clock = START + 365 * 86_400_000;
    expect(await tokens.token('auth', scheme(), CREDENTIALS, normal)).toBe(tokenNumber(1));
    expect(endpoint.seen).toHaveLength(1);
    expect((await tokens.status(CREDENTIALS)).auth).toMatchObject({ expiresAt: null, hasToken: true });
  });

  it('serves the still-valid token when its proactive refresh fails, and retries on the next call', async () => {
    const tokens = manager();
    await tokens.token('auth', scheme(), CREDENTIALS, normal);
    endpoint.handler = () => ({ body: { error: 'down' }, status: 503 });
    clock = START + 3500_000;
    expect(await tokens.token('auth', scheme(), CREDENTIALS, normal)).toBe(tokenNumber(1));
    await tokens.idle();
    expect(await tokens.token('auth', scheme(), CREDENTIALS, normal)).toBe(tokenNumber(1));
    await tokens.idle();
    expect(endpoint.seen).toHaveLength(3);
    clock = START + 3600_000;
    expect((await failure(tokens.token('auth', scheme(), CREDENTIALS, normal))).kind).toBe('http');
    endpoint.reset();
    expect(await tokens.token('auth', scheme(), CREDENTIALS, normal)).toBe(tokenNumber(1));
  });
});

describe('single flight', () => {
  it('makes 50 concurrent calls on a cold cache share one exchange', async () => {
    endpoint.handler = (_, count) => ({ body: { access_token: tokenNumber(count), expires_in: 3600 }, delayMs: 50 });
    const inner = new MemoryTokenStore({ now: () => clock });
    let locks = 0;
    const store: TokenStore = {
      get: (key) => inner.get(key),
      set: (key, value, ttl) => inner.set(key, value, ttl),
      withLock: (key, fn) => {
        locks += 1;
        return inner.withLock(key, fn);
      },
    };
    const tokens = manager({ store });
    const results = await Promise.all(Array.from({ length: 50 }, () => tokens.token('auth', scheme(), CREDENTIALS, normal)));
    expect(new Set(results)).toEqual(new Set([tokenNumber(1)]));
    expect(endpoint.seen).toHaveLength(1);
    // Shared in process through the in-flight promise, not just serialized by the store's lock.
    expect(locks).toBe(1);
    expect((await tokens.status(CREDENTIALS)).auth?.exchanges).toBe(1);
  });

  it('makes concurrent calls share one refresh of an expired token', async () => {
    const tokens = manager();
    await tokens.token('auth', scheme(), CREDENTIALS, normal);
    endpoint.handler = (_, count) => ({ body: { access_token: tokenNumber(count), expires_in: 3600 }, delayMs: 30 });
    clock = START + 7200_000;
    const results = await Promise.all(Array.from({ length: 20 }, () => tokens.token('auth', scheme(), CREDENTIALS, normal)));
    expect(new Set(results)).toEqual(new Set([tokenNumber(2)]));
    expect(endpoint.seen).toHaveLength(2);
  });

  it('takes the store lock around the exchange, so managers sharing a store exchange once', async () => {
    const shared = new MemoryTokenStore({ now: () => clock });
    let locks = 0;
    const store: TokenStore = {
      get: (key) => shared.get(key),
      set: (key, value, ttl) => shared.set(key, value, ttl),
      withLock: (key, fn) => {
        locks += 1;
        return shared.withLock(key, fn);
      },
    };
    endpoint.handler = (_, count) => ({ body: { access_token: tokenNumber(count), expires_in: 3600 }, delayMs: 30 });
    const processes = [manager({ store }), manager({ store }), manager({ store })];
    const results = await Promise.all(processes.map((tokens) => tokens.token('auth', scheme(), CREDENTIALS, normal)));
    expect(results).toEqual([tokenNumber(1), tokenNumber(1), tokenNumber(1)]);
    expect(endpoint.seen).toHaveLength(1);
    expect(locks).toBe(3);
  });

  it('stores the token with a TTL of its lifetime', async () => {
    const sets: { ttl: number | undefined; value: StoredToken }[] = [];
    const inner = new MemoryTokenStore({ now: () => clock });
    const store: TokenStore = {
      get: (key) => inner.get(key),
      set: (key, value, ttl) => {
        sets.push({ ttl, value });
        return inner.set(key, value, ttl);
      },
      withLock: (key, fn) => inner.withLock(key, fn),
    };
    await manager({ store }).token('auth', scheme(), CREDENTIALS, normal);
    expect(sets).toEqual([
      {
        ttl: 3600,
        value: { expiresAt: START + 3600_000, forced: false, issuedAt: START, refreshAt: START + 3300_000, token: tokenNumber(1) },
      },
    ]);
  });
});

describe('forced refresh after an upstream 401', () => {
  it('re-exchanges once for 10 callers forcing at once, and not again for late callers', async () => {
    const tokens = manager();
    expect(await tokens.token('auth', scheme(), CREDENTIALS, normal)).toBe(tokenNumber(1));
    endpoint.handler = (_, count) => ({ body: { access_token: tokenNumber(count), expires_in: 3600 }, delayMs: 30 });
    const results = await Promise.all(Array.from({ length: 10 }, () => tokens.token('auth', scheme(), CREDENTIALS, force)));
    expect(new Set(results)).toEqual(new Set([tokenNumber(2)]));
    expect(endpoint.seen).toHaveLength(2);

    // A 401 for the old token arriving after the new one was issued.
    clock = START + 5000;
    expect(await tokens.token('auth', scheme(), CREDENTIALS, force)).toBe(tokenNumber(2));
    expect(endpoint.seen).toHaveLength(2);

    // Past the grace period, a rejection is about the new token.
    clock = START + 10_000;
    expect(await tokens.token('auth', scheme(), CREDENTIALS, force)).toBe(tokenNumber(3));
    expect(endpoint.seen).toHaveLength(3);
  });

  it('uses the rejected token, when given, to decide exactly', async () => {
    const tokens = manager();
    const first = await tokens.token('auth', scheme(), CREDENTIALS, normal);
    const second = await tokens.token('auth', scheme(), CREDENTIALS, { forceRefresh: true, rejectedToken: first });
    expect(second).toBe(tokenNumber(2));
    // Stale 401s for the first token: the second one already replaced it.
    const late = await Promise.all(
      Array.from({ length: 5 }, () => tokens.token('auth', scheme(), CREDENTIALS, { forceRefresh: true, rejectedToken: first })),
    );
    expect(new Set(late)).toEqual(new Set([second]));
    expect(endpoint.seen).toHaveLength(2);
    // The second token itself rejected, within the grace period: exchange again.
    expect(await tokens.token('auth', scheme(), CREDENTIALS, { forceRefresh: true, rejectedToken: second })).toBe(tokenNumber(3));
    expect(endpoint.seen).toHaveLength(3);
  });

  it('joins an exchange already in flight', async () => {
    endpoint.handler = (_, count) => ({ body: { access_token: tokenNumber(count), expires_in: 3600 }, delayMs: 50 });
    const tokens = manager();
    const results = await Promise.all([
      tokens.token('auth', scheme(), CREDENTIALS, normal),
      ...Array.from({ length: 5 }, () => tokens.token('auth', scheme(), CREDENTIALS, force)),
    ]);
    expect(new Set(results)).toEqual(new Set([tokenNumber(1)]));
    expect(endpoint.seen).toHaveLength(1);
  });
});

describe('exchange failures', () => {
  it.each([400, 401, 403, 422])('HTTP %i: an auth error naming the variables, then a retry that works', async (status) => {
    endpoint.handler = () => ({
      body: { error: 'invalid_grant', error_description: `Invalid api_key ${SECRET} for ops@example.com` },
      status,
    });
    const tokens = manager();
    const error = await failure(tokens.token('auth', scheme(), CREDENTIALS, normal));
    expect(error.kind).toBe('auth');
    expect(error.status).toBe(status);
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(
      new RegExp(`^TEST_EMAIL / TEST_API_KEY rejected by the token endpoint \\(HTTP ${status}: Invalid api_key`),
    );
    expect(error.message).not.toContain(SECRET);
    endpoint.reset();
    expect(await tokens.token('auth', scheme(), CREDENTIALS, normal)).toBe(tokenNumber(1));
  });

  it('endpoint down: a network error, then a retry that works', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    base = `http://127.0.0.1:${port}/api/v1`;
    const tokens = manager();
    const error = await failure(tokens.token('auth', scheme(), CREDENTIALS, normal));
    expect(error.kind).toBe('network');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(`the token endpoint POST http://127.0.0.1:${port}/api/v1/oauth/access_token failed: connection refused`);
    base = `${endpoint.url}/api/v1`;
    expect(await tokens.token('auth', scheme(), CREDENTIALS, normal)).toBe(tokenNumber(1));
  });

  it('a body that is not JSON: invalid-response, then a retry that works', async () => {
    endpoint.handler = () => ({ contentType: 'text/html', raw: `<html>token ${SECRET} maybe</html>` });
    const tokens = manager();
    const error = await failure(tokens.token('auth', scheme(), CREDENTIALS, normal));
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toContain('answered HTTP 200 with text/html');
    expect(error.message).not.toContain(SECRET);
    endpoint.reset();
    expect(await tokens.token('auth', scheme(), CREDENTIALS, normal)).toBe(tokenNumber(1));
  });

  it('no token at tokenPath: invalid-response without quoting the body, then a retry that works', async () => {
    endpoint.handler = () => ({ body: { expires_in: 3600, token: 'misplaced-token-9911' } });
    const tokens = manager();
    const error = await failure(tokens.token('auth', scheme(), CREDENTIALS, normal));
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toContain('without a token at /access_token (its fields: expires_in, token)');
    expect(error.message).not.toContain('misplaced-token-9911');
    endpoint.reset();
    expect(await tokens.token('auth', scheme(), CREDENTIALS, normal)).toBe(tokenNumber(1));
  });

  it('a body with no fields to list names its JSON type without quoting it', async () => {
    endpoint.handler = () => ({ body: ['misplaced-token-9911'] });
    const error = await failure(manager().token('auth', scheme(), CREDENTIALS, normal));
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toContain('without a token at /access_token (its body is JSON array)');
    expect(error.message).not.toContain('misplaced-token-9911');
  });

  it('a server error: a retryable http error, then a retry that works', async () => {
    endpoint.handler = () => ({ body: { message: 'maintenance' }, status: 503 });
    const tokens = manager();
    const error = await failure(tokens.token('auth', scheme(), CREDENTIALS, normal));
    expect(error).toMatchObject({ kind: 'http', status: 503 });
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('(HTTP 503: maintenance)');
    endpoint.reset();
    expect(await tokens.token('auth', scheme(), CREDENTIALS, normal)).toBe(tokenNumber(1));
  });

  it('reads error bodies and Retry-After as API calls do (one HTTP error path)', async () => {
    endpoint.handler = () => ({ body: { detail: [{ loc: ['body', 'api_key'], msg: 'field required' }] }, status: 401 });
    const refused = await failure(manager().token('auth', scheme(), CREDENTIALS, normal));
    expect(refused.message).toBe('TEST_EMAIL / TEST_API_KEY rejected by the token endpoint (HTTP 401: body.api_key: field required)');
    const later = new Date(Date.now() + 120_000).toUTCString();
    endpoint.handler = () => ({ body: { error: 'slow down' }, headers: { 'retry-after': later }, status: 429 });
    const limited = await failure(manager().token('auth', scheme(), CREDENTIALS, normal));
    expect(limited).toMatchObject({ kind: 'rate-limited', status: 429 });
    expect(limited.message).toContain('failed (HTTP 429: slow down)');
    expect(limited.retryAfterSeconds).toBeGreaterThan(100);
    expect(limited.retryAfterSeconds).toBeLessThanOrEqual(120);
  });

  it('a body over 1 MiB: too-large, read no further', async () => {
    endpoint.handler = () => ({ raw: `{"access_token":"${'x'.repeat(1024 * 1024)}"}` });
    const error = await failure(manager().token('auth', scheme(), CREDENTIALS, normal));
    expect(error.kind).toBe('too-large');
  });

  it('a slow endpoint: a timeout error', async () => {
    endpoint.handler = () => ({ body: { access_token: 'late-token-1234' }, delayMs: 400 });
    const error = await failure(manager({ timeoutMs: 100 }).token('auth', scheme(), CREDENTIALS, normal));
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('did not answer within 100 ms');
  });

  it('shares a failure among concurrent callers but does not cache it', async () => {
    endpoint.handler = () => ({ body: { error: 'invalid' }, delayMs: 30, status: 401 });
    const tokens = manager();
    const errors = await Promise.all(Array.from({ length: 5 }, () => failure(tokens.token('auth', scheme(), CREDENTIALS, normal))));
    expect(errors.map((error) => error.kind)).toEqual(['auth', 'auth', 'auth', 'auth', 'auth']);
    expect(endpoint.seen).toHaveLength(1);
    await failure(tokens.token('auth', scheme(), CREDENTIALS, normal));
    expect(endpoint.seen).toHaveLength(2);
  });

  it('never puts a secret or an issued token in an error message', async () => {
    const tokens = manager();
    const issued = await tokens.token('auth', scheme(), CREDENTIALS, normal);
    const messages: string[] = [];
    for (const status of [401, 500, 429]) {
      endpoint.handler = () => ({ body: { message: `key ${SECRET} and old token ${issued} refused` }, status });
      messages.push((await failure(tokens.token('auth', scheme(), CREDENTIALS, force))).message);
      clock += 60_000;
    }
    endpoint.handler = () => ({ contentType: 'text/plain', raw: `${SECRET} ${issued}`, status: 502 });
    messages.push((await failure(tokens.token('auth', scheme(), CREDENTIALS, force))).message);
    for (const message of messages) {
      expect(message).not.toContain(SECRET);
      expect(message).not.toContain(issued);
      expect(message).toContain('[REDACTED]');
    }
    const status = JSON.stringify(await tokens.status(CREDENTIALS));
    expect(status).not.toContain(SECRET);
    expect(status).not.toContain(issued);
  });
});

describe('status', () => {
  it('reports every known scheme without the token', async () => {
    const tokens = manager({ schemes: { auth: scheme(), plain: { env: ['TOKEN'], type: 'bearer' } } });
    expect(await tokens.status(CREDENTIALS)).toEqual({
      auth: { exchanges: 0, expiresAt: null, hasToken: false, lastError: null, lastRefreshAt: null },
    });
    const token = await tokens.token('auth', scheme(), CREDENTIALS, normal);
    const status = await tokens.status(CREDENTIALS);
    expect(status).toEqual({
      auth: {
        exchanges: 1,
        expiresAt: new Date(START + 3600_000).toISOString(),
        hasToken: true,
        lastError: null,
        lastRefreshAt: new Date(START).toISOString(),
      },
    });
    expect(JSON.stringify(status)).not.toContain(token);
    // Other credentials have their own state.
    expect((await tokens.status({ ...CREDENTIALS, API_KEY: OTHER_SECRET })).auth?.hasToken).toBe(false);
    // Missing credentials: no token, no error.
    expect((await tokens.status({})).auth?.hasToken).toBe(false);
  });

  it('reports the last failure and an expired token', async () => {
    const tokens = manager();
    await tokens.token('auth', scheme(), CREDENTIALS, normal);
    clock = START + 3600_000;
    endpoint.handler = () => ({ body: { error: 'nope' }, status: 401 });
    await failure(tokens.token('auth', scheme(), CREDENTIALS, normal));
    const status = (await tokens.status(CREDENTIALS)).auth!;
    expect(status).toMatchObject({ exchanges: 2, expiresAt: null, hasToken: false, lastRefreshAt: new Date(START).toISOString() });
    expect(status.lastError).toBe('TEST_EMAIL / TEST_API_KEY rejected by the token endpoint (HTTP 401: nope)');
  });
});

describe('MemoryTokenStore', () => {
  let now = 0;
  const value: StoredToken = { forced: false, issuedAt: 0, token: 'stored-token-1' };
  afterEach(() => {
    now = 0;
  });

  it('drops entries after their TTL and keeps those without one', async () => {
    const store = new MemoryTokenStore({ now: () => now });
    await store.set('a', value, 10);
    await store.set('b', value, undefined);
    now = 9_999;
    expect(await store.get('a')).toEqual(value);
    now = 10_000;
    expect(await store.get('a')).toBeUndefined();
    expect(await store.get('b')).toEqual(value);
  });

  it('runs lock holders of one key one at a time, even when one fails', async () => {
    const store = new MemoryTokenStore();
    const order: string[] = [];
    const hold = (name: string, fail = false) =>
      store.withLock('k', async () => {
        order.push(`${name} in`);
        await new Promise((resolve) => setTimeout(resolve, 10));
        order.push(`${name} out`);
        if (fail) throw new Error('boom');
        return name;
      });
    const results = await Promise.allSettled([hold('a', true), hold('b'), store.withLock('other', async () => 'c')]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(order).toEqual(['a in', 'a out', 'b in', 'b out']);
  });
});

describe('logins with refresh tokens (tokenExchange.refresh)', () => {
  const login = () =>
    scheme({
      contentType: 'application/json',
      fields: [
        { env: 'EMAIL', name: 'username', secret: false },
        { env: 'API_KEY', name: 'password', secret: true },
      ],
      path: '/auth/login',
      tokenPath: '/data/access_token',
      expiresInPath: '/data/expires_in',
      refresh: { field: 'refresh_token', method: 'POST', path: '/auth/refresh', tokenPath: '/data/refresh_token' },
    });
  /** Logins answer access N + refresh N; refreshes answer for a known refresh token only. */
  const issued = new Set<string>();
  const answer = (seen: Seen, count: number): Reply => {
    if (seen.path.endsWith('/auth/refresh')) {
      const spent = (JSON.parse(seen.body) as { refresh_token?: string }).refresh_token ?? '';
      if (!issued.delete(spent))
        return { status: 401, body: { status: 'error', error: { code: 'AUTH_TOKEN_EXPIRED', message: 'refresh token expired' } } };
    }
    issued.add(`refresh-${count}-7c2e9a41`);
    return {
      body: { status: 'success', data: { access_token: tokenNumber(count), refresh_token: `refresh-${count}-7c2e9a41`, expires_in: 900 } },
    };
  };
  const paths = () => endpoint.seen.map((seen) => seen.path.replace('/api/v1', ''));

  beforeEach(() => {
    issued.clear();
    endpoint.handler = answer;
  });

  it('logs in once, then spends the refresh token when the access token expires', async () => {
    const tokens = manager();
    expect(await tokens.token('auth', login(), CREDENTIALS, normal)).toBe(tokenNumber(1));
    expect(JSON.parse(endpoint.seen[0]?.body ?? '')).toEqual({ username: 'ops@example.com', password: SECRET });
    clock = START + 900_000;
    expect(await tokens.token('auth', login(), CREDENTIALS, normal)).toBe(tokenNumber(2));
    expect(paths()).toEqual(['/auth/login', '/auth/refresh']);
    expect(JSON.parse(endpoint.seen[1]?.body ?? '')).toEqual({ refresh_token: 'refresh-1-7c2e9a41' });
    // The rotated refresh token is the one spent next time.
    clock = START + 2 * 900_000;
    expect(await tokens.token('auth', login(), CREDENTIALS, normal)).toBe(tokenNumber(3));
    expect(JSON.parse(endpoint.seen[2]?.body ?? '')).toEqual({ refresh_token: 'refresh-2-7c2e9a41' });
  });

  it('refreshes after an upstream 401 (expired early) and logs in again when the refresh is refused', async () => {
    const tokens = manager();
    await tokens.token('auth', login(), CREDENTIALS, normal);
    expect(await tokens.token('auth', login(), CREDENTIALS, { forceRefresh: true, rejectedToken: tokenNumber(1) })).toBe(tokenNumber(2));
    issued.clear(); // the API revoked every refresh token
    expect(await tokens.token('auth', login(), CREDENTIALS, { forceRefresh: true, rejectedToken: tokenNumber(2) })).toBe(tokenNumber(4));
    expect(paths()).toEqual(['/auth/login', '/auth/refresh', '/auth/refresh', '/auth/login']);
  });

  it('20 concurrent calls on an expired token share one refresh', async () => {
    endpoint.handler = (seen, count) => ({ ...answer(seen, count), delayMs: 50 });
    const tokens = manager();
    await tokens.token('auth', login(), CREDENTIALS, normal);
    clock = START + 900_000;
    const results = await Promise.all(Array.from({ length: 20 }, () => tokens.token('auth', login(), CREDENTIALS, normal)));
    expect(new Set(results)).toEqual(new Set([tokenNumber(2)]));
    expect(paths()).toEqual(['/auth/login', '/auth/refresh']);
  });

  it('keeps the refresh token past the access token’s lifetime, and a refresh answer without one keeps the old', async () => {
    const ttls: (number | undefined)[] = [];
    const inner = new MemoryTokenStore({ now: () => clock });
    const store: TokenStore = {
      get: (key) => inner.get(key),
      set: (key, value, ttl) => (ttls.push(ttl), inner.set(key, value, ttl)),
      withLock: (key, fn) => inner.withLock(key, fn),
    };
    const tokens = manager({ store });
    await tokens.token('auth', login(), CREDENTIALS, normal);
    expect(ttls[0]).toBeGreaterThan(900 + 86_400);
    endpoint.handler = (seen, count) =>
      seen.path.endsWith('/auth/refresh')
        ? { body: { status: 'success', data: { access_token: tokenNumber(count), expires_in: 900 } } }
        : answer(seen, count);
    clock = START + 900_000;
    await tokens.token('auth', login(), CREDENTIALS, normal);
    clock = START + 2 * 900_000;
    await tokens.token('auth', login(), CREDENTIALS, normal);
    expect(endpoint.seen.slice(1).map((seen) => JSON.parse(seen.body))).toEqual([
      { refresh_token: 'refresh-1-7c2e9a41' },
      { refresh_token: 'refresh-1-7c2e9a41' },
    ]);
  });

  it('never shows a refresh token in an error or the status', async () => {
    const tokens = manager();
    await tokens.token('auth', login(), CREDENTIALS, normal);
    issued.clear();
    endpoint.handler = (seen) => ({ status: 503, body: { error: `down, got ${seen.body}` } });
    clock = START + 900_000;
    const error = await failure(tokens.token('auth', login(), CREDENTIALS, normal));
    expect(error.message).not.toContain('refresh-1-7c2e9a41');
    expect(JSON.stringify(await tokens.status(CREDENTIALS))).not.toContain('refresh-1-7c2e9a41');
  });
});
