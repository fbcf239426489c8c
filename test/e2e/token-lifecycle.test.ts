import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ControlPlaneUpstream } from '../support/control-plane-upstream.js';
import { connectHttp, type HttpServerProcess, startHttpServer } from '../support/http-server.js';
import { builtServer, connectStdio, type StdioSession, textOf } from '../support/mcp-client.js';
import { McpboxUpstream } from '../support/mcpbox-upstream.js';
import { NO_REDIS_REASON, REDIS_SERVER, RedisServer } from '../support/redis.js';

/**
 * Logins with refresh tokens (x-mcp tokenExchange.refresh), end to end over stdio with the real
 * SDK client: the server logs in on first use with credentials from its environment, refreshes
 * when the API says the token expired and before it expires (without making a call wait),
 * logs in again when the refresh is refused, makes one refresh for many concurrent calls, and
 * shares one login between replicas on Redis. No password or token ever reaches a result.
 */
const SECRETS = (upstreamPassword: string, text: string) => {
  expect(text).not.toContain(upstreamPassword);
  expect(text).not.toMatch(/\b(at|rt)-[0-9a-f]{24}\b/);
};

describe('control plane: login, refresh on AUTH_TOKEN_EXPIRED, login again', () => {
  const upstream = new ControlPlaneUpstream();
  let session: StdioSession;
  let bin: string;

  beforeAll(async () => {
    await upstream.start();
    bin = builtServer('control-plane');
    session = await connectStdio(bin, {
      CONTROL_PLANE_BASE_URL: upstream.url,
      CONTROL_PLANE_USERNAME: upstream.credentials.username,
      CONTROL_PLANE_PASSWORD: upstream.credentials.password,
    });
  });

  afterAll(async () => {
    await session?.close();
    await upstream.stop();
  });

  const listClusters = async () => {
    const result = await session.client.callTool({ name: 'list_clusters', arguments: {} });
    SECRETS(upstream.credentials.password, textOf(result));
    return result;
  };

  it('logs in once on first use, for 20 concurrent calls', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => listClusters()));
    expect(results.filter((result) => result.isError)).toEqual([]);
    expect(upstream.tokens.logins).toBe(1);
    const login = upstream.http.requests.find((request) => request.path === '/api/v1/auth/login');
    expect(JSON.parse(login?.body ?? '{}')).toEqual({ username: 'ops', password: upstream.credentials.password });
    expect(upstream.http.last().headers.authorization).toMatch(/^Bearer at-/);
  });

  it('expiry mid-use: the 401 is answered by one refresh, and the call succeeds', async () => {
    upstream.tokens.expireAccessTokens();
    const result = await listClusters();
    expect(result.isError).toBeFalsy();
    expect(upstream.tokens.refreshes).toBe(1);
    expect(upstream.tokens.logins).toBe(1);
  });

  it('20 concurrent calls when the token expired make one refresh', async () => {
    upstream.tokens.expireAccessTokens();
    const results = await Promise.all(Array.from({ length: 20 }, () => listClusters()));
    expect(results.filter((result) => result.isError)).toEqual([]);
    expect(upstream.tokens.refreshes).toBe(2);
    expect(upstream.tokens.logins).toBe(1);
  });

  it('a refused refresh is followed by a new login', async () => {
    upstream.tokens.expireAccessTokens();
    upstream.tokens.revokeRefreshTokens();
    const result = await listClusters();
    expect(result.isError).toBeFalsy();
    expect(upstream.tokens.refusedRefreshes).toBe(1);
    expect(upstream.tokens.logins).toBe(2);
  });

  it('wrong credentials: an error naming the variables, never the password', async () => {
    const wrong = await connectStdio(bin, {
      CONTROL_PLANE_BASE_URL: upstream.url,
      CONTROL_PLANE_USERNAME: 'ops',
      CONTROL_PLANE_PASSWORD: 'not-the-password-42',
    });
    try {
      const result = await wrong.client.callTool({ name: 'list_clusters', arguments: {} });
      expect(result.isError).toBe(true);
      const text = textOf(result);
      expect(text).toContain('CONTROL_PLANE_USERNAME / CONTROL_PLANE_PASSWORD rejected by the token endpoint');
      expect(text).toContain('Invalid username or password');
      expect(text).not.toContain('not-the-password-42');
    } finally {
      await wrong.close();
    }
  });
});

describe('MCPBox: the access token is refreshed before it expires, in the background', () => {
  const upstream = new McpboxUpstream(undefined, { accessSeconds: 2, refreshSeconds: 3600 });
  let session: StdioSession;

  beforeAll(async () => {
    await upstream.start();
    session = await connectStdio(builtServer('mcpbox'), {
      MCPBOX_BASE_URL: upstream.url,
      MCPBOX_USERNAME: upstream.credentials.username,
      MCPBOX_PASSWORD: upstream.credentials.password,
    });
  });

  afterAll(async () => {
    await session?.close();
    await upstream.stop();
  });

  it('refreshes past half the lifetime without a 401, and no call fails', async () => {
    const call = () => session.client.callTool({ name: 'get_current_user', arguments: {} });
    expect((await call()).isError).toBeFalsy();
    expect(upstream.tokens.logins).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    // Past refreshAt (half of 2 s): this call uses the token that still works; the refresh runs beside it.
    expect((await call()).isError).toBeFalsy();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(upstream.tokens.refreshes).toBe(1);
    const third = await call();
    expect(third.isError).toBeFalsy();
    SECRETS(upstream.credentials.password, textOf(third));
    const statuses = upstream.http.requests.filter((request) => request.path === '/auth/me').length;
    expect(statuses).toBe(3);
    expect(upstream.tokens.logins).toBe(1);
    expect(upstream.tokens.refusedRefreshes).toBe(0);
  });
});

describe.skipIf(!REDIS_SERVER)(
  `two MCPBox replicas on one Redis share one login${REDIS_SERVER ? '' : ` (skipped: ${NO_REDIS_REASON})`}`,
  () => {
    const upstream = new McpboxUpstream();
    const redis = new RedisServer();
    const replicas: StdioSession[] = [];

    beforeAll(async () => {
      await Promise.all([upstream.start(), redis.start()]);
      const env = {
        MCPBOX_BASE_URL: upstream.url,
        MCPBOX_USERNAME: upstream.credentials.username,
        MCPBOX_PASSWORD: upstream.credentials.password,
        REDIS_URL: redis.url,
        MCPBOX_REDIS_KEY: '8f3a1c5e7b9d2f4a6c8e0b1d3f5a7c9e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a',
      };
      const bin = builtServer('mcpbox');
      replicas.push(...(await Promise.all([connectStdio(bin, env), connectStdio(bin, env)])));
    });

    afterAll(async () => {
      await Promise.all(replicas.map((replica) => replica.close()));
      await Promise.all([upstream.stop(), redis.stop()]);
    });

    it('10 calls on each replica at once: one login, one token', async () => {
      const calls = replicas.flatMap((replica) =>
        Array.from({ length: 10 }, () => replica.client.callTool({ name: 'list_servers', arguments: {} })),
      );
      const results = await Promise.all(calls);
      expect(results.filter((result) => result.isError).map(textOf)).toEqual([]);
      expect(upstream.tokens.logins).toBe(1);
      const tokens = new Set(
        upstream.http.requests.filter((request) => request.path === '/api/servers').map((request) => request.headers.authorization),
      );
      expect(tokens.size).toBe(1);
    });
  },
);

describe('control plane over HTTP: each caller logs in with its own headers', () => {
  const upstream = new ControlPlaneUpstream();
  let server: HttpServerProcess;
  const clients: Client[] = [];

  beforeAll(async () => {
    await upstream.start();
    server = await startHttpServer(builtServer('control-plane'), { CONTROL_PLANE_BASE_URL: upstream.url });
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await server?.stop();
    await upstream.stop();
  });

  const connect = async (password: string) => {
    const client = await connectHttp(server.url, { 'X-Control-Plane-Username': 'ops', 'X-Control-Plane-Password': password });
    clients.push(client);
    return client;
  };

  it('logs the caller in once for 10 concurrent calls, refreshes on expiry, and refuses a wrong password alone', async () => {
    const right = await connect(upstream.credentials.password);
    const results = await Promise.all(Array.from({ length: 10 }, () => right.callTool({ name: 'list_clusters', arguments: {} })));
    expect(results.filter((result) => result.isError).map(textOf)).toEqual([]);
    expect(upstream.tokens.logins).toBe(1);

    upstream.tokens.expireAccessTokens();
    expect((await right.callTool({ name: 'list_clusters', arguments: {} })).isError).toBeFalsy();
    expect(upstream.tokens.refreshes).toBe(1);

    const wrong = await connect('wrong-password-77');
    const refused = await wrong.callTool({ name: 'list_clusters', arguments: {} });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain('rejected by the token endpoint');
    expect(textOf(refused)).not.toContain('wrong-password-77');
    expect(textOf(refused)).not.toContain(upstream.credentials.password);
    expect(upstream.tokens.logins).toBe(1);
    expect(server.stderr()).not.toContain(upstream.credentials.password);
  });
});
