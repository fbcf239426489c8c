import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { builtServer, connectStdio, type StdioSession, textOf } from '../support/mcp-client.js';
import { McpboxUpstream } from '../support/mcpbox-upstream.js';

/**
 * The generated MCPBox server over stdio with the real SDK client, against a stateful mock of
 * MCPBox's admin API: page/page_size lists, FastAPI errors made readable, 429s with
 * Retry-After, revocation, and the tools that would carry secrets left out.
 */
const upstream = new McpboxUpstream();
let bin: string;
let session: StdioSession;
let token: string;

beforeAll(async () => {
  await upstream.start();
  bin = builtServer('mcpbox');
  token = upstream.accessToken();
  session = await connectStdio(bin, { MCPBOX_BASE_URL: upstream.url, MCPBOX_ACCESS_TOKEN: token, MCPBOX_TIMEOUT_MS: '3000' });
});

afterAll(async () => {
  await session?.close();
  await upstream.stop();
});

beforeEach(() => {
  upstream.http.requests.length = 0;
  upstream.resetBudget();
});

const call = async (name: string, args: Record<string, unknown> = {}, on = session) => {
  const result = await on.client.callTool({ name, arguments: args });
  const text = textOf(result);
  expect(text).not.toContain(token);
  return { result, text, structured: result.structuredContent as Record<string, unknown> | undefined };
};

describe('tools/list', () => {
  it('serves the admin API but no tool that would carry a token, password or secret value', async () => {
    const { tools } = await session.client.listTools();
    const names = tools.map((tool) => tool.name);
    expect(names).toHaveLength(108);
    for (const hidden of ['login', 'refresh_tokens', 'logout', 'change_password', 'set_secret_value', 'get_cloudflare_tunnel_token']) {
      expect(names).not.toContain(hidden);
    }
    for (const served of ['get_auth_status', 'setup_admin', 'get_current_user', 'list_servers', 'take_tool_action', 'get_health']) {
      expect(names).toContain(served);
    }
  });
});

describe('the admin API', () => {
  it('lists servers a page at a time with the caller’s token', async () => {
    const { result, structured } = await call('list_servers', { page_size: 2 });
    expect(result.isError).toBeFalsy();
    expect(structured).toMatchObject({ total: 5, page: 1, page_size: 2, pages: 3 });
    expect((structured?.items as unknown[]).length).toBe(2);
    expect(upstream.http.last().headers.authorization).toBe(`Bearer ${token}`);
  });

  it('max_items walks page/page_size until total', async () => {
    const { structured } = await call('list_servers', { page_size: 2, max_items: 50 });
    expect((structured?.items as unknown[]).length).toBe(5);
    expect(structured?.pagination).toEqual({ pages: 3, items: 5, more: false });
  });

  it('creates, reads and (confirmed) deletes a server', async () => {
    const created = await call('create_server', { name: 'e2e-server', description: 'made by the e2e test' });
    expect(created.result.isError).toBeFalsy();
    const id = created.structured?.id as string;
    expect((await call('get_server', { server_id: id })).structured).toMatchObject({ name: 'e2e-server' });
    const unconfirmed = await call('delete_server', { server_id: id });
    expect(unconfirmed.text).toContain('needs confirmation');
    expect(upstream.servers.some((server) => server.id === id)).toBe(true);
    const deleted = await call('delete_server', { server_id: id, confirm: true });
    expect(deleted.result.isError).toBeFalsy();
    expect(deleted.text).toContain('HTTP 204');
    expect(upstream.servers.some((server) => server.id === id)).toBe(false);
  });

  it('first-run state and health need no token', async () => {
    expect((await call('get_auth_status')).structured).toEqual({ setup_required: false, onboarding_completed: true });
    expect((await call('get_health')).structured).toEqual({ status: 'healthy', version: '0.9.0' });
    expect(upstream.http.requests.every((request) => request.headers.authorization === undefined)).toBe(true);
  });
});

describe('FastAPI errors', () => {
  it('a detail string becomes the error text', async () => {
    const { result, text } = await call('get_server', { server_id: '00000000-0000-4000-8000-000000000000' });
    expect(result.isError).toBe(true);
    expect(text).toContain('HTTP 404');
    expect(text).toContain('Server not found');
  });

  it('a validation list becomes located messages', async () => {
    const { result, text } = await call('create_server', { name: 'has space' });
    expect(result.isError).toBe(true);
    expect(text).toContain('HTTP 422');
    expect(text).toContain('body.name: String should match pattern');
    expect(text).not.toContain('"loc"');
  });

  it('a 429 says when to retry', async () => {
    upstream.perMinute = 0;
    try {
      const { result, text } = await call('get_current_user');
      expect(result.isError).toBe(true);
      expect(text).toContain('Rate limit exceeded');
      expect(text).toContain('Retry after 42 s');
    } finally {
      upstream.perMinute = 100;
    }
  });
});

describe('token lifecycle seen from a configured access token', () => {
  it('a revoked token is refused in the API’s words, and the server keeps serving', async () => {
    const revoked = upstream.accessToken();
    const other = await connectStdio(bin, { MCPBOX_BASE_URL: upstream.url, MCPBOX_ACCESS_TOKEN: revoked });
    try {
      expect((await call('get_current_user', {}, other)).result.isError).toBeFalsy();
      upstream.tokens.revoke(revoked);
      const refused = await call('get_current_user', {}, other);
      expect(refused.result.isError).toBe(true);
      expect(refused.text).toContain('HTTP 401');
      expect(refused.text).toContain('Could not validate credentials');
      expect(refused.text).not.toContain(revoked);
      expect((await call('get_health', {}, other)).result.isError).toBeFalsy();
    } finally {
      await other.close();
    }
  });
});

describe('logout on shutdown (x-mcp tokenExchange.logout)', () => {
  const loginSession = () =>
    connectStdio(bin, {
      MCPBOX_BASE_URL: upstream.url,
      MCPBOX_USERNAME: upstream.credentials.username,
      MCPBOX_PASSWORD: upstream.credentials.password,
      MCPBOX_TIMEOUT_MS: '3000',
    });
  const logoutSeen = async () => {
    for (let waited = 0; waited < 5000; waited += 50) {
      const logout = upstream.http.requests.find((request) => request.path === '/auth/logout');
      if (logout) return logout;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return undefined;
  };
  const loggedIn = async (own: StdioSession) => {
    const { result, text } = await call('get_current_user', {}, own);
    expect(result.isError, text).toBeFalsy();
    const used = upstream.http.requests.find((request) => request.path === '/auth/me')?.headers.authorization;
    expect(used).toMatch(/^Bearer at-/);
    return String(used).slice('Bearer '.length);
  };

  it('a server that logged in revokes its access and refresh tokens when its client disconnects', async () => {
    const own = await loginSession();
    const accessToken = await loggedIn(own);
    await own.close();
    const logout = await logoutSeen();
    expect(logout?.headers.authorization).toBe(`Bearer ${accessToken}`);
    expect(JSON.parse(logout?.body ?? '{}').refresh_token).toMatch(/^rt-/);
    expect(upstream.tokens.state(accessToken)).toBe('revoked');
    expect(own.stderr()).not.toContain(accessToken);
  });

  it('and on SIGTERM', async () => {
    const own = await loginSession();
    const accessToken = await loggedIn(own);
    process.kill(own.pid ?? 0, 'SIGTERM');
    expect(await logoutSeen()).toBeDefined();
    expect(upstream.tokens.state(accessToken)).toBe('revoked');
    await own.close();
  });

  it('a server with a configured token logs nothing out (the token is not its own)', async () => {
    const own = await connectStdio(bin, { MCPBOX_BASE_URL: upstream.url, MCPBOX_ACCESS_TOKEN: token, MCPBOX_TIMEOUT_MS: '3000' });
    expect((await call('get_current_user', {}, own)).result.isError).toBeFalsy();
    await own.close();
    expect(upstream.http.requests.some((request) => request.path === '/auth/logout')).toBe(false);
    expect(upstream.tokens.state(token)).toBe('valid');
  });
});
