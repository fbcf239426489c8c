import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtServer, connectStdio, type StdioSession, textOf } from '../support/mcp-client.js';
import { type MockUpstreams, startMockUpstreams } from '../support/mock-upstreams.js';

/**
 * Dynamic and code mode in each of the five generated servers on its own (not through the hub):
 * its bin over stdio with the real SDK client, against `mcpgen mock` of its spec. Search finds a
 * list operation from words a user would type, and calling it (invoke_operation, or a program's
 * `api` method) reaches the upstream with the server's credentials.
 */
const CASES = [
  { api: 'alpacon', query: 'show all servers', tool: 'list_servers', env: { ALPACON_TOKEN: 'alpacon-mode-secret' } },
  { api: 'cloudron', query: 'which apps are installed', tool: 'list_apps', env: { CLOUDRON_API_TOKEN: 'cloudron-mode-secret' } },
  {
    api: 'cloudways',
    query: 'list my servers',
    tool: 'list_servers',
    env: { CLOUDWAYS_EMAIL: 'ops@example.com', CLOUDWAYS_API_KEY: 'cloudways-mode-secret' },
  },
  {
    api: 'control-plane',
    query: 'network devices',
    tool: 'list_devices',
    env: { CONTROL_PLANE_USERNAME: 'ops', CONTROL_PLANE_PASSWORD: 'control-plane-mode-secret' },
  },
  {
    api: 'mcpbox',
    query: 'list mcp servers',
    tool: 'list_servers',
    env: { MCPBOX_USERNAME: 'admin', MCPBOX_PASSWORD: 'mcpbox-mode-secret' },
  },
] as const;

let mocks: MockUpstreams;
const sessions: StdioSession[] = [];

beforeAll(async () => {
  mocks = await startMockUpstreams(CASES.map((entry) => entry.api));
}, 120_000);

afterAll(async () => {
  for (const session of sessions) await session.close();
  await mocks.close();
});

async function serve(entry: (typeof CASES)[number], mode: 'dynamic' | 'code'): Promise<StdioSession> {
  const session = await connectStdio(builtServer(entry.api), { ...mocks.baseUrls, ...entry.env }, ['--tools', mode]);
  sessions.push(session);
  return session;
}

/** What the upstream was sent since `from`, and that no secret came back to the model. */
function sentSince(entry: (typeof CASES)[number], from: number, answer: string) {
  for (const secret of Object.values(entry.env)) if (secret.includes('secret')) expect(answer).not.toContain(secret);
  return mocks.upstreams.get(entry.api)?.requests.slice(from) ?? [];
}

describe.each(CASES)('$api on its own', (entry) => {
  it('dynamic mode: three meta-tools; search finds the operation, invoke_operation calls it', async () => {
    const session = await serve(entry, 'dynamic');
    const { tools } = await session.client.listTools();
    expect(tools.map((tool) => tool.name).slice(0, 3)).toEqual(['search_operations', 'describe_operation', 'invoke_operation']);
    const found = await session.client.callTool({ name: 'search_operations', arguments: { query: entry.query } });
    const names = (found.structuredContent as { results: { name: string }[] }).results.map((hit) => hit.name);
    expect(names.slice(0, 5)).toContain(entry.tool);
    const before = mocks.upstreams.get(entry.api)?.requests.length ?? 0;
    const invoked = await session.client.callTool({ name: 'invoke_operation', arguments: { name: entry.tool, arguments: {} } });
    expect(invoked.isError, textOf(invoked)).toBeFalsy();
    expect(sentSince(entry, before, textOf(invoked)).some((request) => request.method === 'GET')).toBe(true);
  });

  it('code mode: two tools in at most 2 KB; search answers the signature, a program calls it', async () => {
    const session = await serve(entry, 'code');
    const { tools } = await session.client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['search_operations', 'execute']);
    expect(Buffer.byteLength(JSON.stringify({ tools }))).toBeLessThanOrEqual(2048);
    const found = await session.client.callTool({ name: 'search_operations', arguments: { query: entry.query } });
    const signatures = (found.structuredContent as { results: { signature: string }[] }).results.map((hit) => hit.signature);
    expect(signatures.slice(0, 5)).toContainEqual(expect.stringMatching(new RegExp(`^${entry.tool}\\(args\\?: `)));
    const before = mocks.upstreams.get(entry.api)?.requests.length ?? 0;
    const code = `async function run(api) {\n  const result: unknown = await api.${entry.tool}({});\n  console.log('called');\n  return typeof result;\n}`;
    const executed = await session.client.callTool({ name: 'execute', arguments: { code } });
    expect(executed.isError, textOf(executed)).toBeFalsy();
    expect(textOf(executed)).toMatch(/^"object"\n[\s\S]*called/);
    expect(sentSince(entry, before, textOf(executed)).some((request) => request.method === 'GET')).toBe(true);
  });
});
