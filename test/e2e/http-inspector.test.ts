import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type HttpServerProcess, startHttpServer } from '../support/http-server.js';
import { builtServer, ROOT } from '../support/mcp-client.js';
import { RecordingUpstream } from '../support/recording-upstream.js';

/**
 * A second, independent MCP client: the MCP Inspector CLI (pinned in devDependencies), run as
 * `npx -- @modelcontextprotocol/inspector --cli ...` without network. (`--` keeps npx from
 * taking the Inspector's `-e` for its own.)
 */
const run = promisify(execFile);
const upstream = new RecordingUpstream();
let bin: string;
let http: HttpServerProcess;

async function inspector(args: string[]): Promise<unknown> {
  const { stdout } = await run('npx', ['--no', '--', '@modelcontextprotocol/inspector', '--cli', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? ROOT, npm_config_update_notifier: 'false' },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  return JSON.parse(stdout);
}

beforeAll(async () => {
  await upstream.start();
  bin = builtServer('cloudron');
  http = await startHttpServer(bin, { CLOUDRON_BASE_URL: `${upstream.url}/api/v1` });
});

afterAll(async () => {
  await http?.stop();
  await upstream.stop();
});

beforeEach(() => {
  upstream.reset();
  upstream.on('GET', '/api/v1/apps', { body: { apps: [{ id: 'app-from-upstream' }] } });
});

describe('MCP Inspector CLI', () => {
  it('over stdio: lists the tools and calls list_apps', async () => {
    const env = ['-e', `CLOUDRON_BASE_URL=${upstream.url}/api/v1`, '-e', 'CLOUDRON_API_TOKEN=inspector-stdio-token'];
    const listed = (await inspector([...env, 'node', bin, '--method', 'tools/list'])) as { tools: { name: string }[] };
    expect(listed.tools).toHaveLength(240);
    expect(listed.tools.map((tool) => tool.name)).toContain('list_apps');
    const called = (await inspector([...env, 'node', bin, '--method', 'tools/call', '--tool-name', 'list_apps'])) as Record<
      string,
      unknown
    >;
    expect(called.isError).toBeFalsy();
    expect(called.structuredContent).toEqual({ apps: [{ id: 'app-from-upstream' }] });
    expect(upstream.last().headers.authorization).toBe('Bearer inspector-stdio-token');
  });

  it("over Streamable HTTP: lists the tools and calls list_apps with the caller's header", async () => {
    const target = [http.url, '--transport', 'http', '--header', 'Authorization: Bearer inspector-http-token'];
    const listed = (await inspector([...target, '--method', 'tools/list'])) as { tools: { name: string }[] };
    expect(listed.tools).toHaveLength(240);
    const called = (await inspector([...target, '--method', 'tools/call', '--tool-name', 'list_apps'])) as Record<string, unknown>;
    expect(called.isError).toBeFalsy();
    expect(called.structuredContent).toEqual({ apps: [{ id: 'app-from-upstream' }] });
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.last().headers.authorization).toBe('Bearer inspector-http-token');
  });
});
