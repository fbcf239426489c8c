import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { connectStdio, ROOT, type StdioSession, textOf } from '../support/mcp-client.js';
import { useCloudronSessions } from '../support/cloudron-session.js';

const TOKEN = 'tool-features-token-5c2e';
const { upstream, sessions, bin } = useCloudronSessions();

async function server(env: Record<string, string> = {}, args: string[] = []): Promise<StdioSession> {
  const session = await connectStdio(
    bin(),
    { CLOUDRON_BASE_URL: upstream.url, CLOUDRON_API_TOKEN: TOKEN, CLOUDRON_LOG_LEVEL: 'warn', ...env },
    args,
  );
  sessions.push(session);
  return session;
}

/** A client that declares elicitation and answers every request with `answer`. */
async function elicitingClient(answer: { action: 'accept' | 'decline' | 'cancel'; content?: Record<string, unknown> }) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [bin()],
    env: { PATH: process.env.PATH ?? '', CLOUDRON_BASE_URL: upstream.url, CLOUDRON_API_TOKEN: TOKEN, CLOUDRON_LOG_LEVEL: 'warn' },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'eliciting', version: '0.0.0' }, { capabilities: { elicitation: {} } });
  const asked: string[] = [];
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    asked.push(request.params.message);
    return answer;
  });
  await client.connect(transport);
  sessions.push({ client, pid: null, stderr: () => '', close: () => client.close() });
  return { client, asked };
}

describe('destructive tools need confirmation', () => {
  it('without elicitation: a call without confirm changes nothing and says how to confirm', async () => {
    const { client } = await server();
    const refused = await client.callTool({ name: 'delete_user', arguments: { userId: 'u1' } });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain('call it again with confirm: true');
    expect(upstream.requests).toHaveLength(0);

    upstream.on('DELETE', '/users/u1', { status: 204 });
    const confirmed = await client.callTool({ name: 'delete_user', arguments: { userId: 'u1', confirm: true } });
    expect(confirmed.isError).toBeFalsy();
    expect(upstream.last()).toMatchObject({ method: 'DELETE', path: '/users/u1' });
    const listed = (await client.listTools()).tools.find((tool) => tool.name === 'delete_user');
    expect(listed?.description).toContain('call with confirm: true');
  });

  it('with elicitation: the user is asked, and only an accepted confirmation goes through', async () => {
    upstream.on('DELETE', '/users/u2', { status: 204 });
    const yes = await elicitingClient({ action: 'accept', content: { confirm: true } });
    const done = await yes.client.callTool({ name: 'delete_user', arguments: { userId: 'u2' } });
    expect(done.isError).toBeFalsy();
    expect(yes.asked[0]).toContain('DELETE /users/{userId}');
    expect(upstream.requests).toHaveLength(1);

    const no = await elicitingClient({ action: 'decline' });
    const declined = await no.client.callTool({ name: 'delete_user', arguments: { userId: 'u2' } });
    expect(declined.isError).toBe(true);
    expect(textOf(declined)).toContain('nothing was changed');
    expect(upstream.requests).toHaveLength(1);
  });

  it('can be turned off per server and per tool', async () => {
    upstream.on('DELETE', '/users/u3', { status: 204 });
    upstream.on('DELETE', '/groups/g1', { status: 204 });
    const skipUsers = await server({ CLOUDRON_CONFIRM_SKIP: 'delete_user' });
    expect((await skipUsers.client.callTool({ name: 'delete_user', arguments: { userId: 'u3' } })).isError).toBeFalsy();
    expect((await skipUsers.client.callTool({ name: 'delete_group', arguments: { groupId: 'g1' } })).isError).toBe(true);
    const off = await server({ CLOUDRON_CONFIRM: 'off' });
    expect((await off.client.callTool({ name: 'delete_group', arguments: { groupId: 'g1' } })).isError).toBeFalsy();
  });
});

describe('long-running tasks', () => {
  it('without wait: returns the task id and the tool to follow it with', async () => {
    upstream.on('POST', '/apps/a1/restart', { status: 202, body: { taskId: '295' } });
    const { client } = await server();
    const result = await client.callTool({ name: 'restart_app', arguments: { appId: 'a1' } });
    expect(textOf(result)).toContain('Started task 295: follow it with get_task (taskId: "295"), or pass wait: true');
    expect(upstream.requests).toHaveLength(1);
  });

  it('with wait: polls the task, sends progress notifications in order, and returns the final state', async () => {
    let polls = 0;
    upstream.on('POST', '/apps/a1/restart', { status: 202, body: { taskId: '296' } });
    upstream.on('GET', '/tasks/296', () => {
      polls += 1;
      const running = polls < 3;
      return {
        body: {
          id: '296',
          percent: running ? polls * 30 : 100,
          message: running ? `step ${polls}` : 'Done',
          active: running,
          pending: false,
          success: running ? null : true,
        },
      };
    });
    const { client } = await server({ CLOUDRON_TASK_TIMEOUT_MS: '20000' });
    const progress: { progress: number; total?: number; message?: string }[] = [];
    const result = await client.callTool({ name: 'restart_app', arguments: { appId: 'a1', wait: true } }, undefined, {
      onprogress: (update) => void progress.push(update),
      timeout: 30_000,
    });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toMatch(/Task 296 finished in \d+ s\./);
    expect(result.structuredContent).toMatchObject({ taskId: '296', task: { done: true, success: true, polls: 3 } });
    expect(progress.map((update) => update.progress)).toEqual([30, 60]);
    expect(progress[0]).toMatchObject({ total: 100, message: 'step 1' });
  });

  it('with wait: a failed task is an error with its message, and a queued task is not taken for done', async () => {
    let polls = 0;
    upstream.on('POST', '/apps/a2/restart', { status: 202, body: { taskId: '297' } });
    upstream.on('GET', '/tasks/297', () => {
      polls += 1;
      // Queued: not active, but still pending, so not finished yet.
      if (polls === 1) return { body: { id: '297', active: false, pending: true, percent: 0 } };
      return { body: { id: '297', active: false, pending: false, percent: 100, success: false, error: { message: 'disk full' } } };
    });
    const { client } = await server();
    const result = await client.callTool({ name: 'restart_app', arguments: { appId: 'a2', wait: true } }, undefined, { timeout: 30_000 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('Task 297 failed: disk full');
    expect(polls).toBe(2);
  });
});

describe('pagination', () => {
  it('max_items collects pages until enough items, and says whether more remain', async () => {
    upstream.on('GET', '/users', (request) => {
      const page = Number(request.query.page ?? 1);
      return { body: { users: [{ id: `u${page}a` }, { id: `u${page}b` }] } };
    });
    const { client } = await server();
    const result = await client.callTool({ name: 'get_users', arguments: { per_page: 2, max_items: 5 } });
    expect(result.isError).toBeFalsy();
    expect(upstream.requests.map((request) => request.query.page)).toEqual([undefined, '2', '3']);
    const users = (result.structuredContent as { users: { id: string }[] }).users;
    expect(users.map((user) => user.id)).toEqual(['u1a', 'u1b', 'u2a', 'u2b', 'u3a']);
    expect(result.structuredContent).toMatchObject({ pagination: { pages: 3, items: 5, more: true } });
    expect(textOf(result)).toContain('Collected 5 item(s) from 3 page(s); more remain.');
  });
});

describe('dynamic mode', () => {
  it('lists three meta-tools; search → describe → invoke sends the same request as the direct tool', async () => {
    upstream.on('GET', '/users', { body: { users: [] } });
    const dynamic = await server({}, ['--tools', 'dynamic']);
    const { tools } = await dynamic.client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['search_operations', 'describe_operation', 'invoke_operation']);
    await expect(`${JSON.stringify({ tools }, null, 2)}\n`).toMatchFileSnapshot(
      path.join(ROOT, 'test/snapshots/cloudron-dynamic/tools-list.json'),
    );

    const found = await dynamic.client.callTool({ name: 'search_operations', arguments: { query: 'list users' } });
    const names = (found.structuredContent as { results: { name: string }[] }).results.map((hit) => hit.name);
    expect(names.slice(0, 3)).toContain('get_users');
    const described = await dynamic.client.callTool({ name: 'describe_operation', arguments: { name: 'get_users' } });
    expect(described.structuredContent).toMatchObject({ name: 'get_users', inputSchema: { type: 'object' } });

    await dynamic.client.callTool({ name: 'invoke_operation', arguments: { name: 'get_users', arguments: { page: 2, search: 'ann' } } });
    const viaMeta = upstream.last();
    const direct = await server();
    await direct.client.callTool({ name: 'get_users', arguments: { page: 2, search: 'ann' } });
    const viaTool = upstream.last();
    expect({ ...viaMeta, headers: viaMeta.headers.authorization }).toEqual({ ...viaTool, headers: viaTool.headers.authorization });

    const invalid = await dynamic.client.callTool({ name: 'invoke_operation', arguments: { name: 'get_user', arguments: {} } });
    expect(textOf(invalid)).toContain('missing required argument "userId"');
    const destructive = await dynamic.client.callTool({
      name: 'invoke_operation',
      arguments: { name: 'delete_user', arguments: { userId: 'x' } },
    });
    expect(textOf(destructive)).toContain('needs confirmation');
  });

  it('search_operations finds operations from a whole sentence and answers name, summary and required arguments', async () => {
    const dynamic = await server({}, ['--tools', 'dynamic']);
    const search = async (query: string, limit?: number) => {
      const found = await dynamic.client.callTool({ name: 'search_operations', arguments: { query, ...(limit ? { limit } : {}) } });
      expect(found.isError).toBeFalsy();
      return (found.structuredContent as { results: Record<string, unknown>[]; total: number }).results;
    };
    const sentence = await search('who are all the people with accounts on my cloudron, and which of them are admins?', 5);
    expect(sentence.map((hit) => hit.name)).toContain('get_users');
    expect(sentence.length).toBeLessThanOrEqual(5);
    const [restart] = await search('my nextcloud app seems frozen, can you restart it for me?');
    expect(restart).toEqual({ name: 'restart_app', required: ['appId'], summary: expect.stringMatching(/^\S.{0,119}$/) });
    const [uninstall] = await search('uninstall app');
    expect(uninstall).toMatchObject({ name: 'uninstall_app', destructive: true, required: ['appId'] });
    const mailbox = await search('new inbox');
    expect(mailbox[0]?.name).toBe('add_mailbox');
    expect(await search('the of and')).toEqual([]);
    const tooLong = await dynamic.client.callTool({ name: 'search_operations', arguments: { query: 'x'.repeat(2001) } });
    expect(tooLong.isError).toBe(true);
    expect(textOf(tooLong)).toContain('Invalid arguments for search_operations');
    expect(upstream.requests).toHaveLength(0);
  });

  it('read-only mode applies to invoked operations too', async () => {
    const dynamic = await server({ CLOUDRON_READ_ONLY: '1' }, ['--tools', 'dynamic']);
    const refused = await dynamic.client.callTool({
      name: 'invoke_operation',
      arguments: { name: 'add_user', arguments: { email: 'a@b.c' } },
    });
    expect(refused.isError).toBe(true);
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('outputs, size cap and selection', () => {
  it('tolerant by default: a drifted response is returned without the drifted field; strict mode fails with its pointer', async () => {
    upstream.on('GET', '/cloudron/status', { body: { version: 42, uptime: 'long' } });
    const tolerant = await server();
    const ok = await tolerant.client.callTool({ name: 'get_cloudron_status', arguments: {} });
    expect(ok.isError).toBeFalsy();
    expect(ok.structuredContent).not.toHaveProperty('version');
    expect(textOf(ok)).toContain('{"version":42,"uptime":"long"}');
    const strict = await server({ CLOUDRON_OUTPUT_VALIDATION: 'strict' });
    const failed = await strict.client.callTool({ name: 'get_cloudron_status', arguments: {} });
    expect(failed.isError).toBe(true);
    expect(textOf(failed)).toMatch(/does not match its output schema: \/version: expected string, got integer/);
  });

  it('caps text returned to the model with a notice saying how to get the rest', async () => {
    upstream.on('GET', '/apps', {
      body: { apps: Array.from({ length: 50 }, (_, index) => ({ id: `app-${index}`, fqdn: `app${index}.example.com` })) },
    });
    const { client } = await server({ CLOUDRON_MAX_TEXT_CHARS: '200' });
    const text = textOf(await client.callTool({ name: 'list_apps', arguments: {} }));
    expect(text).toMatch(/\[truncated: showing 200 of \d+ characters\./);
  });

  it('includes and excludes tools by tag and by name glob at run time', async () => {
    const { client } = await server({ CLOUDRON_TOOLS_INCLUDE: 'tag:Users,get_cloudron_*', CLOUDRON_TOOLS_EXCLUDE: 'delete_*' });
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names).toContain('get_users');
    expect(names).toContain('get_cloudron_status');
    expect(names).not.toContain('delete_user');
    expect(names).not.toContain('list_apps');
  });
});
