import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectStdio, type StdioSession, textOf } from '../support/mcp-client.js';
import { type PrivateBuild, privateBuild } from '../support/private-build.js';
import { RecordingUpstream, type SeenRequest } from '../support/recording-upstream.js';

/**
 * The generated Alpacon server over stdio against a recording upstream on 127.0.0.1 whose base
 * URL carries the region and workspace (http://127.0.0.1:PORT/{region}/{workspace}), so every
 * request shows which workspace it was sent to and with which token.
 */

const tag = randomBytes(5).toString('hex');
// Planted tokens: each may only ever reach its own workspace, and none may appear in any output.
const DEFAULT_TOKEN = `alpat-default-ap1-myws-${tag}`;
const OTHER_TOKEN = `alpat-file-us1-other-${tag}`;
const SECOND_TOKEN = `alpat-file-ap1-second-${tag}`;
const TOKENS: Record<string, string> = {
  '/ap1/myws': DEFAULT_TOKEN,
  '/us1/other': OTHER_TOKEN,
  '/ap1/second': SECOND_TOKEN,
};

const upstream = new RecordingUpstream();
let build: PrivateBuild;
let tokenFile: string;
const sessions: StdioSession[] = [];
const texts: string[] = [];
let session: StdioSession;

const SERVER_ID = '7f3e9a10-2b4c-4d5e-8f60-718293a4b5c6';
const PAGE = {
  count: 3,
  current: 2,
  next: null,
  previous: 1,
  results: [{ id: 'a1b2c3d4-0000-4000-8000-000000000003', name: 'web-3', is_connected: true }],
};

beforeAll(async () => {
  build = privateBuild('alpacon');
  tokenFile = path.join(build.dir, 'alpacon-tokens.json');
  mkdirSync(build.dir, { recursive: true });
  writeFileSync(tokenFile, JSON.stringify({ us1: { other: OTHER_TOKEN }, ap1: { second: SECOND_TOKEN } }));
  await upstream.start();
  session = await start({ ALPACON_TOKEN: DEFAULT_TOKEN, ALPACON_TOKEN_FILE: tokenFile });
});

afterAll(async () => {
  await Promise.all(sessions.map((item) => item.close()));
  await upstream.stop();
  build?.remove();
});

// Every request of every test, for the check that no token ever reached another workspace.
const everyRequest: SeenRequest[] = [];
afterEach(() => {
  everyRequest.push(...upstream.requests);
});

beforeEach(() => {
  upstream.reset();
  // Every workspace answers list calls; the recorded requests show where each went.
  upstream.on('GET', /^\/[^/]+\/[^/]+\/api\/servers\/servers\/$/, { body: PAGE });
});

async function start(env: Record<string, string>): Promise<StdioSession> {
  const started = await connectStdio(build.bin, {
    ALPACON_BASE_URL: `${upstream.url}/{region}/{workspace}`,
    ALPACON_REGION: 'ap1',
    ALPACON_WORKSPACE: 'myws',
    ALPACON_LOG_LEVEL: 'debug',
    ALPACON_TIMEOUT_MS: '5000',
    ...env,
  });
  sessions.push(started);
  return started;
}

async function call(name: string, args: Record<string, unknown> = {}, on: StdioSession = session) {
  const result = await on.client.callTool({ name, arguments: args });
  const text = textOf(result);
  texts.push(text, JSON.stringify(result.structuredContent ?? {}));
  return { result, text, isError: result.isError === true };
}

/** "/ap1/myws" of a request to /ap1/myws/api/... */
const workspaceOf = (request: SeenRequest) => /^\/[^/]+\/[^/]+/.exec(request.path)?.[0] ?? '';

describe('workspace routing and the token header', () => {
  it('defaults to ALPACON_REGION / ALPACON_WORKSPACE and sends exactly "Authorization: token=<token>"', async () => {
    const { isError, result } = await call('list_servers');
    expect(isError).toBe(false);
    expect(result.structuredContent).toMatchObject({ count: 3, results: [{ name: 'web-3' }] });
    const seen = upstream.last();
    expect(seen).toMatchObject({ method: 'GET', path: '/ap1/myws/api/servers/servers/' });
    expect(seen.headers.authorization).toBe(`token=${DEFAULT_TOKEN}`);
    expect(upstream.requests).toHaveLength(1);
  });

  it('region and workspace arguments route the call, with the token configured for that workspace', async () => {
    await call('list_servers', { region: 'us1', workspace: 'other' });
    await call('list_servers', { workspace: 'second' });
    await call('list_servers', { region: 'ap1', workspace: 'myws' });
    expect(upstream.requests.map((request) => [request.path, request.headers.authorization])).toEqual([
      ['/us1/other/api/servers/servers/', `token=${OTHER_TOKEN}`],
      ['/ap1/second/api/servers/servers/', `token=${SECOND_TOKEN}`],
      ['/ap1/myws/api/servers/servers/', `token=${DEFAULT_TOKEN}`],
    ]);
  });

  it('path parameters and bodies go to the chosen workspace too', async () => {
    upstream.on('POST', '/us1/other/api/servers/notes/', { status: 201, body: { id: 'n1', title: 'hello' } });
    upstream.on('GET', `/us1/other/api/servers/servers/${SERVER_ID}/`, { body: { id: SERVER_ID, name: 'db-1' } });
    const note = await call('create_server_note', { region: 'us1', workspace: 'other', server: SERVER_ID, title: 'hello', content: 'hi' });
    expect(note.isError, note.text).toBe(false);
    const post = upstream.last();
    expect(post.headers.authorization).toBe(`token=${OTHER_TOKEN}`);
    expect(post.headers['content-type']).toBe('application/json');
    expect(JSON.parse(post.body)).toEqual({ server: SERVER_ID, title: 'hello', content: 'hi' });
    const server = await call('get_server', { region: 'us1', workspace: 'other', server_id: SERVER_ID });
    expect(server.isError, server.text).toBe(false);
    expect(upstream.last()).toMatchObject({ path: `/us1/other/api/servers/servers/${SERVER_ID}/` });
  });

  it('credentials_info lists the configured workspaces and where each came from, never a token', async () => {
    const { isError, result, text } = await call('credentials_info');
    expect(isError).toBe(false);
    const info = result.structuredContent as { configured: { source: string; variables: Record<string, string> }[]; credentials: object };
    expect(info.configured.map((entry) => entry.variables)).toEqual([
      { region: 'us1', workspace: 'other' },
      { region: 'ap1', workspace: 'second' },
      { region: 'ap1', workspace: 'myws' },
    ]);
    expect(info.configured.at(-1)?.source).toBe('environment');
    expect(info.credentials).toEqual({ ALPACON_TOKEN: { set: true } });
    for (const token of Object.values(TOKENS)) expect(text).not.toContain(token);
    expect(upstream.requests).toHaveLength(0);
  });

  it('an unknown workspace is a clear isError listing the configured ones, and nothing is sent', async () => {
    const unknown = await call('list_servers', { workspace: 'ghost' });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toContain('no credentials for region/workspace "ap1/ghost"');
    for (const configured of ['ap1/myws', 'us1/other', 'ap1/second']) expect(unknown.text).toContain(configured);
    expect(unknown.text).toContain('ALPACON_TOKEN_FILE');
    expect(upstream.requests).toHaveLength(0);
  });

  it('a token is never sent to a workspace it was not configured for', async () => {
    // Known workspace names in another region are other workspaces.
    for (const args of [
      { region: 'us1', workspace: 'myws' },
      { region: 'eu1', workspace: 'other' },
      { region: 'us1', workspace: 'second' },
    ]) {
      const { isError, text } = await call('list_servers', args);
      expect(isError, JSON.stringify(args)).toBe(true);
      expect(text).toContain(`"${args.region}/${args.workspace}"`);
    }
    // A workspace value that tries to walk to another workspace's path.
    const traversal = await call('list_servers', { workspace: 'ghost/../myws' });
    expect(traversal.isError).toBe(true);
    // A region outside the spec's enum is refused before anything else.
    const region = await call('list_servers', { region: 'xx9', workspace: 'myws' });
    expect(region.isError).toBe(true);
    expect(region.text).toContain('"region"');
    expect(upstream.requests).toHaveLength(0);
  });

  it('ALPACON_TOKEN alone serves only the default workspace', async () => {
    const envOnly = await start({ ALPACON_TOKEN: DEFAULT_TOKEN });
    expect((await call('list_servers', {}, envOnly)).isError).toBe(false);
    const other = await call('list_servers', { region: 'us1', workspace: 'other' }, envOnly);
    expect(other.isError).toBe(true);
    expect(other.text).toMatch(/configured are ap1\/myws\./);
    expect(upstream.requests.map((request) => request.path)).toEqual(['/ap1/myws/api/servers/servers/']);
  });

  it('with only a token file, the defaults pick its entry', async () => {
    const fileOnly = await start({ ALPACON_REGION: 'us1', ALPACON_WORKSPACE: 'other', ALPACON_TOKEN_FILE: tokenFile });
    expect((await call('list_servers', {}, fileOnly)).isError).toBe(false);
    expect(upstream.last().path).toBe('/us1/other/api/servers/servers/');
    expect(upstream.last().headers.authorization).toBe(`token=${OTHER_TOKEN}`);
  });
});

describe('Django-style lists', () => {
  it('page and page_size reach the upstream as query parameters; count/next/results come back', async () => {
    const { isError, result } = await call('list_servers', { page: 2, page_size: 50, workspace: 'second' });
    expect(isError).toBe(false);
    expect(upstream.last()).toMatchObject({
      path: '/ap1/second/api/servers/servers/',
      query: { page: '2', page_size: '50' },
    });
    expect(result.structuredContent).toMatchObject({ count: 3, next: null, results: [{ id: 'a1b2c3d4-0000-4000-8000-000000000003' }] });
  });
});

describe('errors and secrets', () => {
  it('an upstream 401 that echoes the token is reported with the token masked', async () => {
    upstream.on('GET', '/us1/other/api/servers/servers/', {
      status: 401,
      body: { detail: `Invalid token: token=${OTHER_TOKEN}` },
    });
    const { isError, text } = await call('list_servers', { region: 'us1', workspace: 'other' });
    expect(isError).toBe(true);
    expect(text).toContain('HTTP 401');
    expect(text).toContain('Invalid token: token=[REDACTED]');
  });

  it('a broken token file stops the server at start with a message naming ALPACON_TOKEN_FILE', () => {
    const broken = path.join(build.dir, 'broken-tokens.json');
    writeFileSync(broken, `{"ap1": {"myws": "${DEFAULT_TOKEN}"`);
    const run = spawnSync(process.execPath, [build.bin], {
      env: { PATH: process.env.PATH ?? '', ALPACON_TOKEN_FILE: broken, ALPACON_BASE_URL: `${upstream.url}/{region}/{workspace}` },
      input: '',
      encoding: 'utf8',
      timeout: 5000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('ALPACON_TOKEN_FILE');
    expect(run.stderr).toContain(broken);
    expect(run.stderr + run.stdout).not.toContain(DEFAULT_TOKEN);
  });

  it('no token appears in any tool result or server log', () => {
    const outputs = [...texts, ...sessions.map((item) => item.stderr())];
    expect(sessions.some((item) => item.stderr().includes('"level"'))).toBe(true);
    for (const token of Object.values(TOKENS)) {
      for (const output of outputs) expect(output.includes(token), `${token} leaked`).toBe(false);
    }
  });
});

describe('tokens and workspaces', () => {
  it('mixed concurrent calls to three workspaces each carry their own token', async () => {
    const targets = [{}, { region: 'us1', workspace: 'other' }, { workspace: 'second' }];
    const results = await Promise.all(Array.from({ length: 30 }, (_, index) => call('list_servers', targets[index % 3])));
    expect(results.filter((result) => result.isError)).toEqual([]);
    expect(upstream.requests).toHaveLength(30);
    expect(new Set(upstream.requests.map(workspaceOf))).toEqual(new Set(Object.keys(TOKENS)));
  });

  it('over the whole run, every request carried exactly the token of its own workspace', () => {
    expect(everyRequest.length).toBeGreaterThanOrEqual(40);
    for (const request of everyRequest) {
      expect(request.headers.authorization, request.path).toBe(`token=${TOKENS[workspaceOf(request)]}`);
    }
  });
});
