/**
 * Hostile callers of a generated server over HTTP (the Cloudron package's bin, real SDK client,
 * everything on 127.0.0.1): callers with short, dictionary-word tokens must not blank out words in
 * each other's results or in the logs; foreign Host headers (DNS rebinding) are refused; the
 * environment's credentials need the endpoint token; a destructive call needs more than the
 * model's own `confirm: true`.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectHttp, type HttpServerProcess, runToExit, startHttpServer } from '../support/http-server.js';
import { builtServer, textOf } from '../support/mcp-client.js';
import { RecordingUpstream } from '../support/recording-upstream.js';

const WORDS = 'true http manifest';
const upstream = new RecordingUpstream();
let bin: string;
let server: HttpServerProcess;

beforeAll(async () => {
  await upstream.start();
  bin = builtServer('cloudron');
  server = await startHttpServer(bin, { CLOUDRON_BASE_URL: `${upstream.url}/api/v1`, CLOUDRON_LOG_LEVEL: 'debug' });
});

afterAll(async () => {
  await server?.stop();
  await upstream.stop();
});

beforeEach(() => {
  upstream.reset();
  upstream.on('GET', '/api/v1/apps', (request) => ({
    delayMs: 30,
    body: {
      apps: [{ id: 'a1', manifest: { title: WORDS, website: 'https://example.com/manifest' }, sawAuth: request.headers.authorization }],
    },
  }));
});

/** GET with a chosen Host header (fetch would not send one): the status code. */
function statusFor(url: string, host: string | undefined): Promise<number> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port: target.port, path: '/health', method: 'GET', setHost: false }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    if (host !== undefined) request.setHeader('host', host);
    request.once('error', reject);
    request.end();
  });
}

describe('caller isolation: short and dictionary-word tokens', () => {
  it("no caller's token masks words in another caller's results, even when their calls interleave", async () => {
    const tokens = ['true', 'http', 'manifest'];
    const clients = await Promise.all(tokens.map((token) => connectHttp(server.url, { 'X-Cloudron-Api-Token': token })));
    const rounds = await Promise.all(
      [0, 1, 2].flatMap(() => clients.map(async (client) => textOf(await client.callTool({ name: 'list_apps', arguments: {} })))),
    );
    for (const [index, text] of rounds.entries()) {
      const own = tokens[index % tokens.length] ?? '';
      // The caller's own token is masked where it stands alone (its Authorization echoed back)...
      expect(text).toContain('Bearer [REDACTED]');
      // ...and nobody else's: every other word, and the words inside longer ones, stay.
      for (const word of tokens.filter((token) => token !== own)) expect(text, `caller ${own}`).toContain(word);
      expect(text).toContain('https://example.com/');
    }
    await Promise.all(clients.map((client) => client.close()));
  });

  it('a later caller without those tokens sees every word, and the logs keep them too', async () => {
    const client = await connectHttp(server.url, { 'X-Cloudron-Api-Token': 'a-strong-token-7f3e9c01b2d4' });
    const text = textOf(await client.callTool({ name: 'list_apps', arguments: {} }));
    expect(text).toContain(WORDS);
    expect(text).not.toContain('[REDACTED]http');
    expect(text).toContain('Bearer [REDACTED]');
    await client.close();
    const logs = server.stderr();
    expect(logs).toContain('"message":"http request"');
    expect(logs).not.toContain('[REDACTED]');
  });
});

describe('Host header (DNS rebinding)', () => {
  it('a loopback server answers its loopback names with its port, and refuses any other Host with 403', async () => {
    const port = new URL(server.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`])
      expect(await statusFor(server.url, host), host).toBe(200);
    for (const host of ['evil.example', `evil.example:${port}`, `localhost:${Number(port) + 1}`, `127.0.0.1.nip.io:${port}`]) {
      expect(await statusFor(server.url, host), host).toBe(403);
    }
    expect(server.stderr()).toContain('refused a request for a foreign host');
  });

  it('<PREFIX>_ALLOWED_HOSTS serves a reverse proxy’s name', async () => {
    const proxied = await startHttpServer(bin, { CLOUDRON_BASE_URL: `${upstream.url}/api/v1`, CLOUDRON_ALLOWED_HOSTS: 'mcp.example.com' });
    try {
      expect(await statusFor(proxied.url, 'mcp.example.com')).toBe(200);
      expect(await statusFor(proxied.url, 'evil.example')).toBe(403);
    } finally {
      await proxied.stop();
    }
  });
});

describe('environment credentials over HTTP', () => {
  it('<PREFIX>_HTTP_ENV_CREDENTIALS=1 without <PREFIX>_HTTP_TOKEN refuses to start (exit 2), naming both', async () => {
    const { code, stderr } = await runToExit(bin, { CLOUDRON_API_TOKEN: 'env-token-6a1d', CLOUDRON_HTTP_ENV_CREDENTIALS: '1' }, [
      '--http',
      '0',
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain('CLOUDRON_HTTP_ENV_CREDENTIALS=1 needs CLOUDRON_HTTP_TOKEN');
    expect(stderr).not.toContain('env-token-6a1d');
  });
});

describe('destructive calls over HTTP', () => {
  const deleteVolume = { name: 'delete_volume', arguments: { id: 'vol1', confirm: true } };

  it("refuse the model's own confirm: true, and change nothing", async () => {
    const client = await connectHttp(server.url, { 'X-Cloudron-Api-Token': 'caller-token-1d9e4b7a' });
    const result = await client.callTool(deleteVolume);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('Nothing was changed');
    expect(textOf(result)).toContain('"X-Cloudron-Confirm: delete_volume"');
    expect(textOf(result)).toContain('CLOUDRON_CONFIRM_SKIP=delete_volume');
    expect(upstream.requests).toHaveLength(0);
    await client.close();
  });

  it("run when the caller's client configuration approves them in the X-<Prefix>-Confirm header", async () => {
    upstream.on('DELETE', '/api/v1/volumes/vol1', { status: 204 });
    const approved = await connectHttp(server.url, {
      'X-Cloudron-Api-Token': 'caller-token-1d9e4b7a',
      'X-Cloudron-Confirm': 'get_*, delete_volume',
    });
    expect((await approved.callTool(deleteVolume)).isError).toBeFalsy();
    expect(upstream.requests.map((request) => request.method)).toEqual(['DELETE']);
    // The approval names tools: another destructive one is still refused.
    const other = await approved.callTool({ name: 'uninstall_app', arguments: { id: 'a1', confirm: true } });
    expect(other.isError).toBe(true);
    expect(upstream.requests).toHaveLength(1);
    await approved.close();
  });

  it('run when the operator allows them (<PREFIX>_CONFIRM_SKIP)', async () => {
    upstream.on('DELETE', '/api/v1/volumes/vol1', { status: 204 });
    const operated = await startHttpServer(bin, { CLOUDRON_BASE_URL: `${upstream.url}/api/v1`, CLOUDRON_CONFIRM_SKIP: 'delete_volume' });
    try {
      const client = await connectHttp(operated.url, { 'X-Cloudron-Api-Token': 'caller-token-1d9e4b7a' });
      expect((await client.callTool({ name: 'delete_volume', arguments: { id: 'vol1' } })).isError).toBeFalsy();
      expect(upstream.requests).toHaveLength(1);
      await client.close();
    } finally {
      await operated.stop();
    }
  });
});
