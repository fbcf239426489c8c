import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { connectHttp, startHttpServer } from '../support/http-server.js';
import { connectStdio, type StdioSession, textOf } from '../support/mcp-client.js';
import { useCloudronSessions } from '../support/cloudron-session.js';

/**
 * Code mode end to end: the real SDK client over stdio, a generated server, and a real HTTP
 * upstream on 127.0.0.1 that records what the programs' API calls really sent.
 */
const TOKEN = 'code-mode-token-93f1';
const { upstream, sessions, bin } = useCloudronSessions();

const ENV = (): Record<string, string> => ({ CLOUDRON_BASE_URL: upstream.url, CLOUDRON_API_TOKEN: TOKEN, CLOUDRON_LOG_LEVEL: 'warn' });

async function server(env: Record<string, string> = {}): Promise<StdioSession> {
  const session = await connectStdio(bin(), { ...ENV(), ...env }, ['--tools', 'code']);
  sessions.push(session);
  return session;
}

async function execute(session: StdioSession | { client: Client }, code: string) {
  const result = await session.client.callTool({ name: 'execute', arguments: { code } });
  return { isError: result.isError === true, text: textOf(result) };
}

const USERS = [
  { id: 'u1', email: 'ann@example.com', role: 'admin', twoFactorAuthenticationEnabled: false, groupIds: ['g1'] },
  { id: 'u2', email: 'bob@example.com', role: 'user', twoFactorAuthenticationEnabled: true, groupIds: [] },
  { id: 'u3', email: 'cy@example.com', role: 'owner', twoFactorAuthenticationEnabled: false, groupIds: [] },
];

describe('code mode over stdio', () => {
  it('lists two small tools; search answers TypeScript signatures of the matching api methods', async () => {
    const session = await server();
    const { tools } = await session.client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['search_operations', 'execute']);
    expect(Buffer.byteLength(JSON.stringify({ tools }))).toBeLessThanOrEqual(2048);
    const found = await session.client.callTool({ name: 'search_operations', arguments: { query: 'list users' } });
    const results = (found.structuredContent as { results: { signature: string; summary: string }[] }).results;
    expect(results.length).toBeLessThanOrEqual(5);
    expect(results.map((hit) => hit.signature)).toContainEqual(
      expect.stringMatching(/^get_users\(args\?: \{ page\?: number;.*\}\): Promise<\{ users\?: /),
    );
    expect(upstream.requests).toHaveLength(0);
  });

  it('runs a TypeScript program whose API calls carry the credentials it never sees, and returns its JSON and console output', async () => {
    upstream.on('GET', '/users', { body: { users: USERS } });
    const session = await server();
    const outcome = await execute(
      session,
      `interface User { email: string; role: string; twoFactorAuthenticationEnabled: boolean }
       async function run(api: any): Promise<string[]> {
         const { users } = (await api.get_users({ per_page: 50 })) as { users: User[] };
         console.log('users:', users.length);
         return users.filter((user) => user.role !== 'user' && !user.twoFactorAuthenticationEnabled).map((user) => user.email);
       }`,
    );
    expect(outcome).toEqual({ isError: false, text: '["ann@example.com","cy@example.com"]\nconsole:\nusers: 3\n' });
    expect(upstream.last()).toMatchObject({ method: 'GET', path: '/users', query: { per_page: '50' } });
    expect(upstream.last().headers.authorization).toBe(`Bearer ${TOKEN}`);
    const snooping = await execute(
      session,
      'async function run() { return JSON.stringify(globalThis).includes("code-mode-token") || Object.keys(globalThis).join(); }',
    );
    expect(snooping.text).not.toContain(TOKEN);
  });

  it('invalid arguments throw into the program naming the operation and argument; nothing is sent', async () => {
    const session = await server();
    const outcome = await execute(
      session,
      'async function run(api) { try { await api.get_user({}); } catch (error) { return error.message; } }',
    );
    expect(outcome.isError).toBe(false);
    expect(outcome.text).toMatch(/get_user.*missing required argument \\"userId\\"/);
    const uncaught = await execute(session, 'async function run(api) { await api.get_user({ userId: 42 }); }');
    expect(uncaught).toMatchObject({
      isError: true,
      text: expect.stringContaining('The program threw: Error: Invalid arguments for get_user'),
    });
    expect(upstream.requests).toHaveLength(0);
  });

  it('destructive calls: refused without confirmation, asked one by one where the client elicits', async () => {
    upstream.on('DELETE', /^\/users\/u\d$/, { status: 204 });
    const session = await server();
    const refused = await execute(session, "async function run(api) { return await api.delete_user({ userId: 'u1' }); }");
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain('needs confirmation');
    expect(upstream.requests).toHaveLength(0);

    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [bin(), '--tools', 'code'],
      env: { PATH: process.env.PATH ?? '', ...ENV() },
    });
    const client = new Client({ name: 'eliciting', version: '0.0.0' }, { capabilities: { elicitation: {} } });
    const asked: string[] = [];
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      asked.push(request.params.message);
      return asked.length === 1 ? { action: 'accept', content: { confirm: true } } : { action: 'decline' };
    });
    await client.connect(transport);
    sessions.push({ client, pid: null, stderr: () => '', close: () => client.close() });
    const both = await execute(
      { client },
      `async function run(api) {
         const outcomes = [];
         for (const userId of ['u1', 'u2']) {
           try { await api.delete_user({ userId }); outcomes.push(userId + ' deleted'); } catch (error) { outcomes.push(userId + ': ' + error.message); }
         }
         return outcomes;
       }`,
    );
    expect(asked).toHaveLength(2);
    expect(both.text).toContain('u1 deleted');
    expect(both.text).toContain('u2: Not confirmed');
    expect(upstream.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['DELETE /users/u1']);
  });

  it('read-only mode and exclusions leave methods out of api', async () => {
    const session = await server({ CLOUDRON_READ_ONLY: '1', CLOUDRON_TOOLS_EXCLUDE: 'get_user' });
    const outcome = await execute(
      session,
      'async function run(api) { return [typeof api.add_user, typeof api.get_user, typeof api.get_users]; }',
    );
    expect(outcome.text).toBe('["undefined","undefined","function"]');
  });

  it('memory bombs end with an error within the limit while the same server keeps answering other calls', async () => {
    upstream.on('GET', '/users', { body: { users: USERS } });
    const session = await server({ CLOUDRON_CODE_TIMEOUT_MS: '1500' });
    // a warm-up run: the bomb's time below is the program's, not the first worker's start
    expect(await execute(session, 'async function run() { return 1; }')).toEqual({ isError: false, text: '1' });
    const bombs = [
      "async function run() { let s = ''; for (let n = 0; ; n++) s += 'x'.repeat(1e6) + n; }",
      'async function run() { const all = []; for (;;) { const a = new Array(1e5); for (let i = 0; i < a.length; i++) a[i] = { i }; all.push(a); } }',
    ];
    for (const code of bombs) {
      const order: string[] = [];
      const started = Date.now();
      const bomb = execute(session, code).then((outcome) => {
        order.push('bomb');
        return { ...outcome, ms: Date.now() - started };
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const others = Promise.all([
        session.client.listTools(),
        session.client.callTool({ name: 'search_operations', arguments: { query: 'list users' } }),
        execute(session, 'async function run(api) { return (await api.get_users({})).users.length; }'),
      ]).then((answers) => {
        order.push('others');
        return answers;
      });
      const [tools, found, counted] = await others;
      expect(tools.tools).toHaveLength(2);
      expect(found.isError).toBeFalsy();
      expect(counted).toEqual({ isError: false, text: '3' });
      const outcome = await bomb;
      expect(order, code).toEqual(['others', 'bomb']);
      expect(outcome.isError, code).toBe(true);
      expect(outcome.text, code).toMatch(/memory|time limit|ran longer than 1500 ms/i);
      expect(outcome.ms, code).toBeLessThan(1500 + 750);
    }
  });

  it('hostile programs end with an error within the limits, and the next program is served', async () => {
    upstream.on('GET', '/users', { body: { users: [] } });
    const session = await server({ CLOUDRON_CODE_TIMEOUT_MS: '1500', CLOUDRON_CODE_MAX_CALLS: '10', CLOUDRON_CODE_MEMORY_MB: '16' });
    const hostile: [string, RegExp][] = [
      ['async function run() { for (;;) {} }', /time limit/],
      ["async function run() { let s = 'x'; const a = []; for (;;) a.push(s += s); }", /memory|too long/i],
      ['async function run() { const f = () => f() + 1; return f(); }', /stack overflow/i],
      ['async function run() { return new Promise(() => {}); }', /never finished/],
      ['async function run(api) { for (let i = 0; i < 1000; i++) await api.get_users({}).catch(() => 0); }', /more than 10 API calls/],
      ["async function run() { return 'x'.repeat(200000); }", /more than the 50000 allowed/],
      ["async function run() { return await import('node:fs'); }", /The program threw/],
      ['async function run(', /does not parse \(line 1/],
    ];
    for (const [code, error] of hostile) {
      const outcome = await execute(session, code);
      expect(outcome.isError, code).toBe(true);
      expect(outcome.text, code).toMatch(error);
      expect(await execute(session, 'async function run(api) { return (await api.get_users({})).users.length; }')).toEqual({
        isError: false,
        text: '0',
      });
    }
    expect(upstream.requests.every((request) => request.path === '/users')).toBe(true);
    expect(upstream.requests.length).toBe(hostile.length + 10);
  });
});

describe('code mode over HTTP', () => {
  it('runs at most --code-max-workers programs at once; the others wait their turn and all are served', async () => {
    let inFlight = 0;
    let most = 0;
    upstream.on('GET', '/users', async () => {
      most = Math.max(most, (inFlight += 1));
      await new Promise((resolve) => setTimeout(resolve, 300));
      inFlight -= 1;
      return { body: { users: USERS } };
    });
    const http = await startHttpServer(bin(), { CLOUDRON_BASE_URL: upstream.url, CLOUDRON_LOG_LEVEL: 'info' }, [
      '--tools',
      'code',
      '--code-max-workers',
      '2',
    ]);
    try {
      const clients = await Promise.all(
        Array.from({ length: 6 }, (_, index) => connectHttp(http.url, { Authorization: `Bearer caller-${index}` })),
      );
      sessions.push(...clients.map((client) => ({ client, pid: null, stderr: () => '', close: () => client.close() })));
      const outcomes = await Promise.all(
        clients.map((client) =>
          execute({ client }, 'async function run(api) { console.log("start"); return (await api.get_users({})).users.length; }'),
        ),
      );
      expect(outcomes).toEqual(Array.from({ length: 6 }, () => ({ isError: false, text: '3\nconsole:\nstart\n' })));
      expect(most).toBe(2);
      // each program's call carried its own caller's credentials
      expect(new Set(upstream.requests.map((request) => request.headers.authorization)).size).toBe(6);
    } finally {
      await http.stop();
    }
  });
});
