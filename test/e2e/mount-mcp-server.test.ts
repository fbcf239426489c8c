import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectStdio, ROOT, textOf } from '../support/mcp-client.js';
import { type PrivateBuild, privateBuild } from '../support/private-build.js';
import { RecordingUpstream } from '../support/recording-upstream.js';

/**
 * Library use as integrators write it (test/support/mount-two.mjs): the SDK's McpServer with its
 * own tool and the Cloudron and Cloudways packages mounted by `registerTools`, before and after
 * the own tool, configured only by CLOUDRON_* / CLOUDWAYS_* variables, over stdio and over
 * Streamable HTTP, called with the real SDK client against an upstream on 127.0.0.1.
 */

const SCRIPT = path.join(ROOT, 'test', 'support', 'mount-two.mjs');
const upstream = new RecordingUpstream();
let cloudron: PrivateBuild;
let cloudways: PrivateBuild;

beforeAll(async () => {
  cloudron = privateBuild('cloudron');
  cloudways = privateBuild('cloudways');
  await upstream.start();
}, 120_000);

afterAll(async () => {
  await upstream.stop();
  cloudron?.remove();
  cloudways?.remove();
});

beforeEach(() => {
  upstream.reset();
  upstream.on('GET', '/cr/api/v1/apps', { body: { apps: [] } });
  upstream.on('POST', '/cw/api/v1/oauth/access_token', { body: { access_token: 'cw-token-e2e', token_type: 'Bearer', expires_in: 3600 } });
  upstream.on('GET', '/cw/api/v1/server', { body: { status: true, servers: [{ id: '50482', label: 'web-1', apps: [] }] } });
});

const env = () => ({
  CLOUDRON_BASE_URL: `${upstream.url}/cr/api/v1`,
  CLOUDRON_API_TOKEN: 'cr-token-e2e',
  CLOUDWAYS_BASE_URL: `${upstream.url}/cw/api/v1`,
  CLOUDWAYS_EMAIL: 'owner@example.com',
  CLOUDWAYS_API_KEY: 'cw-key-e2e',
  CLOUDRON_LOG_LEVEL: 'silent',
  CLOUDWAYS_LOG_LEVEL: 'silent',
});
const entries = () => [path.join(cloudron.dir, 'dist', 'index.js'), path.join(cloudways.dir, 'dist', 'index.js')];

/** Lists and calls the three kinds of tools; what every order and transport must give. */
async function exercise(client: Client): Promise<void> {
  const names = (await client.listTools()).tools.map((tool) => tool.name);
  // include/filter apply to the operations; Cloudways adds its status tools (credentials, ping, token and rate-limit status).
  expect([...names].sort()).toEqual([
    'cloudron_get_cloudron_status',
    'cloudron_list_apps',
    'cloudways_credentials_info',
    'cloudways_list_servers',
    'cloudways_ping',
    'cloudways_rate_limit_status',
    'cloudways_token_status',
    'own_echo',
  ]);
  expect(textOf(await client.callTool({ name: 'own_echo', arguments: { word: 'hello' } }))).toBe('echo hello');
  const apps = await client.callTool({ name: 'cloudron_list_apps', arguments: {} });
  expect(apps.isError ?? false).toBe(false);
  expect(apps.structuredContent).toMatchObject({ apps: [] });
  const servers = await client.callTool({ name: 'cloudways_list_servers', arguments: {} });
  expect(servers.isError ?? false).toBe(false);
  expect(servers.structuredContent).toMatchObject({ servers: [{ id: '50482' }] });
  const seen = upstream.requests.map((request) => `${request.method} ${request.path} ${request.headers.authorization ?? ''}`);
  expect(seen).toEqual([
    'GET /cr/api/v1/apps Bearer cr-token-e2e',
    'POST /cw/api/v1/oauth/access_token ',
    'GET /cw/api/v1/server Bearer cw-token-e2e',
  ]);
}

describe('McpServer mounting two generated packages and an own tool', () => {
  for (const order of ['own-first', 'own-last'] as const) {
    it(`over stdio, own tool registered ${order === 'own-first' ? 'before' : 'after'} the packages`, async () => {
      const session = await connectStdio(SCRIPT, env(), [...entries(), order, 'stdio']);
      try {
        await exercise(session.client);
      } finally {
        await session.close();
      }
    });
  }

  it('over Streamable HTTP', async () => {
    const child = spawn(process.execPath, [SCRIPT, ...entries(), 'own-last', 'http'], {
      env: { PATH: process.env.PATH ?? '', ...env() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const port = await listeningPort(child);
      const client = new Client({ name: 'mcpgen-test', version: '0.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)));
      try {
        await exercise(client);
      } finally {
        await client.close();
      }
    } finally {
      child.kill('SIGTERM');
    }
  });
});

function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = /listening on (\d+)/.exec(stdout);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`mount-two.mjs exited with ${code}: ${stderr}`)));
  });
}
