import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockUpstream } from '../../generator/mock/index.js';
import { connectStdio, ROOT, type StdioSession, textOf } from '../support/mcp-client.js';
import { type MockUpstreams, startMockUpstreams } from '../support/mock-upstreams.js';

/**
 * `mcpgen hub` serving the five shipped packages in one process, over stdio with the real SDK
 * client, against the five `mcpgen mock` upstreams: tools prefixed per API, each API's
 * credentials from its own variables, per-API read-only, dynamic mode searching across all APIs.
 */
const APIS = ['alpacon', 'cloudron', 'cloudways', 'control-plane', 'mcpbox'] as const;
const CLI = path.join(ROOT, 'dist', 'generator', 'cli', 'index.js');
const FOLDERS = APIS.map((api) => path.join(ROOT, 'generated', api));
const SECRETS = {
  ALPACON_TOKEN: 'alpacon-secret-token-1',
  CLOUDRON_API_TOKEN: 'cloudron-secret-token-2',
  CLOUDWAYS_EMAIL: 'ops@example.com',
  CLOUDWAYS_API_KEY: 'cloudways-secret-key-3',
  CONTROL_PLANE_USERNAME: 'ops',
  CONTROL_PLANE_PASSWORD: 'control-plane-secret-4',
  MCPBOX_USERNAME: 'admin',
  MCPBOX_PASSWORD: 'mcpbox-secret-5',
};
let mocks: MockUpstreams;
const upstreams = new Map<string, MockUpstream>();
const env: Record<string, string> = { ...SECRETS, MCPGEN_HUB_LOG_LEVEL: 'warn' };
const sessions: StdioSession[] = [];

beforeAll(async () => {
  mocks = await startMockUpstreams(APIS);
  for (const [api, upstream] of mocks.upstreams) upstreams.set(api, upstream);
  Object.assign(env, mocks.baseUrls);
}, 120_000);

afterAll(async () => {
  for (const session of sessions) await session.close();
  await mocks.close();
});

const hub = async (extraEnv: Record<string, string> = {}, args: string[] = []) => {
  const session = await connectStdio(CLI, { ...env, ...extraEnv }, ['hub', ...FOLDERS, ...args]);
  sessions.push(session);
  return session;
};

const listSize = async (session: StdioSession) => {
  const { tools } = await session.client.listTools();
  return { names: tools.map((tool) => tool.name), bytes: Buffer.byteLength(JSON.stringify({ tools })) };
};

describe('mcpgen hub, direct', () => {
  it('serves every API’s tools under its prefix, each API called with its own credentials', async () => {
    const session = await hub();
    const { names, bytes } = await listSize(session);
    for (const name of [
      'alpacon_list_servers',
      'cloudron_list_apps',
      'cloudways_list_servers',
      'control_plane_list_clusters',
      'mcpbox_list_servers',
    ]) {
      expect(names).toContain(name);
    }
    expect(names.every((name) => APIS.some((api) => name.startsWith(`${api.replace('-', '_')}_`)))).toBe(true);
    expect(bytes).toBeGreaterThan(100_000);

    const calls: [string, string][] = [
      ['alpacon', 'alpacon_list_servers'],
      ['cloudron', 'cloudron_list_apps'],
      ['cloudways', 'cloudways_list_servers'],
      ['control-plane', 'control_plane_list_clusters'],
      ['mcpbox', 'mcpbox_list_servers'],
    ];
    for (const [api, name] of calls) {
      const result = await session.client.callTool({ name, arguments: {} });
      const text = textOf(result);
      expect(result.isError, `${name}: ${text}`).toBeFalsy();
      for (const secret of Object.values(SECRETS).filter((value) => value.includes('secret'))) expect(text).not.toContain(secret);
      expect(upstreams.get(api)?.requests.length, api).toBeGreaterThan(0);
    }
    const seen = (api: string) => JSON.stringify(upstreams.get(api)?.requests.map((request) => [request.headers, request.body]));
    expect(seen('cloudron')).toContain(SECRETS.CLOUDRON_API_TOKEN);
    expect(seen('alpacon')).toContain(SECRETS.ALPACON_TOKEN);
    expect(seen('cloudways')).toContain(SECRETS.CLOUDWAYS_API_KEY);
    expect(seen('control-plane')).toContain(SECRETS.CONTROL_PLANE_PASSWORD);
    expect(seen('mcpbox')).toContain(SECRETS.MCPBOX_PASSWORD);
    // No API is sent another's credentials.
    expect(seen('cloudron')).not.toContain(SECRETS.ALPACON_TOKEN);
    expect(seen('mcpbox')).not.toContain(SECRETS.CONTROL_PLANE_PASSWORD);
    expect(seen('control-plane')).not.toContain(SECRETS.MCPBOX_PASSWORD);

    // Stopping the hub logs out of the APIs that logged in and declare a logout.
    await session.close();
    const loggedOut = (api: string, logoutPath: string) =>
      upstreams.get(api)?.requests.some((request) => request.method === 'POST' && request.path === logoutPath);
    for (
      let waited = 0;
      waited < 5000 && !(loggedOut('control-plane', '/api/v1/auth/logout') && loggedOut('mcpbox', '/auth/logout'));
      waited += 50
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(loggedOut('control-plane', '/api/v1/auth/logout')).toBe(true);
    expect(loggedOut('mcpbox', '/auth/logout')).toBe(true);
  });

  it('takes read-only, include and exclude per API from that API’s variables', () => {
    const names = execFileSync(process.execPath, [CLI, 'hub', ...FOLDERS, '--list-tools'], {
      env: { ...process.env, ...env, CLOUDRON_READ_ONLY: '1', MCPBOX_TOOLS_INCLUDE: 'list_*', ALPACON_TOOLS_EXCLUDE: 'tag:*' },
      encoding: 'utf8',
    })
      .trim()
      .split('\n');
    expect(names).toContain('cloudron_list_apps');
    expect(names).not.toContain('cloudron_install_app');
    expect(names).toContain('control_plane_create_cluster');
    expect(names.filter((name) => name.startsWith('mcpbox_')).every((name) => name.startsWith('mcpbox_list_'))).toBe(true);
    expect(
      names.filter((name) => name.startsWith('alpacon_')).every((name) => ['alpacon_ping', 'alpacon_credentials_info'].includes(name)),
    ).toBe(true);
  });
});

describe('mcpgen hub --tools dynamic', () => {
  it('refuses an unknown --tools mode as a usage error naming the modes, as a package server does', () => {
    const run = spawnSync(process.execPath, [CLI, 'hub', ...FOLDERS, '--tools', 'lazy'], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--tools must be direct, dynamic or code, not "lazy"');
  });

  it('serves three meta-tools that search, describe and invoke across all five APIs', async () => {
    const session = await hub({}, ['--tools', 'dynamic']);
    const { names, bytes } = await listSize(session);
    expect(names.slice(0, 3)).toEqual(['search_operations', 'describe_operation', 'invoke_operation']);
    expect(bytes).toBeLessThan(20_000);

    const search = async (query: string) => {
      const result = await session.client.callTool({ name: 'search_operations', arguments: { query, limit: 5 } });
      return ((result.structuredContent as { results: { name: string }[] }).results ?? []).map((hit) => hit.name);
    };
    expect(await search('list kubernetes clusters')).toContain('control_plane_list_clusters');
    expect(await search('restart a cloudron app')).toContain('cloudron_restart_app');

    const described = await session.client.callTool({ name: 'describe_operation', arguments: { name: 'mcpbox_list_servers' } });
    expect((described.structuredContent as { name: string }).name).toBe('mcpbox_list_servers');
    const invoked = await session.client.callTool({
      name: 'invoke_operation',
      arguments: { name: 'control_plane_list_clusters', arguments: {} },
    });
    expect(invoked.isError, textOf(invoked)).toBeFalsy();
    const direct = await session.client.callTool({ name: 'cloudron_list_apps', arguments: {} });
    expect(direct.isError).toBe(true);
    expect(textOf(direct)).toContain('Unknown tool');
  });
});
