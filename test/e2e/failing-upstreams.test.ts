/**
 * The built Cloudron server over stdio against an upstream that fails in every way a real
 * one does: each failure is a clear isError within the configured time, the server keeps
 * serving, and its memory stays bounded.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStdio, type StdioSession, textOf } from '../support/mcp-client.js';
import { type PrivateBuild, privateBuild } from '../support/private-build.js';
import { rssKb } from '../support/process-memory.js';

const TIMEOUT_MS = 1_000;
/** Time a failure may take beyond the configured timeout (process and event-loop slack). */
const SLACK_MS = 1_500;
const MAX_RESPONSE_BYTES = 10 * 1024 * 1024; // the default, which the server is left to use
const FIFTY_MB = 50 * 1024 * 1024;

/** An upstream on 127.0.0.1 that misbehaves according to the app id in GET /api/v1/apps/{id}. */
class HostileUpstream {
  port = 0;
  /** Bytes of the 50 MB body written before the client hung up. */
  bigBodyBytesWritten = 0;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async listen(port = 0): Promise<void> {
    this.server = createServer((request, response) => this.handle(request, response));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Stops listening and drops every connection, so the next request is refused. */
  async close(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    response.on('error', () => undefined);
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const json = { 'content-type': 'application/json' };
    switch (path) {
      case '/api/v1/cloudron/status':
        response.writeHead(200, json).end(JSON.stringify({ version: '8.3.0' }));
        return;
      case '/api/v1/apps/timeout':
        return; // never answers
      case '/api/v1/apps/reset': {
        response.writeHead(200, { ...json, 'content-length': '100000' });
        response.write(`{"id":"${'x'.repeat(1000)}`);
        const timer = setTimeout(() => request.socket.resetAndDestroy(), 20);
        this.timers.add(timer);
        return;
      }
      case '/api/v1/apps/html-500':
        response
          .writeHead(500, { 'content-type': 'text/html' })
          .end('<!DOCTYPE html><html><head><title>Oops</title></head><body><h1>Internal Server Error</h1><p>nginx</p></body></html>');
        return;
      case '/api/v1/apps/bad-json':
        response.writeHead(200, json).end('{"id": "app-1", "manifest": {oops');
        return;
      case '/api/v1/apps/declared-50mb':
        // Declares the size up front: refused before a byte of the body is read.
        response.writeHead(200, { ...json, 'content-length': String(FIFTY_MB) });
        response.write('[');
        return;
      case '/api/v1/apps/stream-50mb':
        this.streamFiftyMegabytes(response);
        return;
      case '/api/v1/apps/drip': {
        response.writeHead(200, json);
        response.write('{"id":"');
        const timer = setInterval(() => (response.destroyed ? clearInterval(timer) : response.write('x')), 100);
        this.timers.add(timer);
        response.on('close', () => clearInterval(timer));
        return;
      }
      default:
        response.writeHead(404, json).end(JSON.stringify({ message: `no route for ${path}` }));
    }
  }

  /** 50 MB without a Content-Length, written as fast as the client reads it. */
  private streamFiftyMegabytes(response: ServerResponse): void {
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let written = 0;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('"');
    const pump = () => {
      while (written < FIFTY_MB && !response.destroyed) {
        written += chunk.length;
        this.bigBodyBytesWritten = written;
        if (!response.write(chunk)) {
          response.once('drain', pump);
          return;
        }
      }
      if (!response.destroyed) response.end('"');
    };
    pump();
  }
}

const upstream = new HostileUpstream();
let build: PrivateBuild;
let session: StdioSession;
let pid: number;

beforeAll(async () => {
  build = privateBuild('cloudron');
  await upstream.listen();
  session = await connectStdio(build.bin, {
    CLOUDRON_BASE_URL: `${upstream.url}/api/v1`,
    CLOUDRON_API_TOKEN: 'failing-upstreams-token-91c2',
    CLOUDRON_TIMEOUT_MS: String(TIMEOUT_MS),
  });
  if (!session.pid) throw new Error('the server process has no pid');
  pid = session.pid;
});

afterAll(async () => {
  await session?.close();
  await upstream.close();
  build?.remove();
});

async function timed(name: string, args: Record<string, unknown>) {
  const started = Date.now();
  const result = await session.client.callTool({ name, arguments: args });
  return { elapsed: Date.now() - started, isError: result.isError === true, text: textOf(result) };
}

/** Still serving: a healthy call right after the failure succeeds. */
async function expectServing(): Promise<void> {
  const healthy = await timed('get_cloudron_status', {});
  expect(healthy.isError, healthy.text).toBe(false);
  expect(healthy.text).toContain('8.3.0');
}

const FAILURES: readonly [appId: string, message: RegExp][] = [
  [
    'timeout',
    new RegExp(`GET http://127\\.0\\.0\\.1:\\d+/api/v1/apps/timeout did not answer within ${TIMEOUT_MS} ms.*may succeed if retried`),
  ],
  ['reset', /apps\/reset failed: connection reset before the response was complete.*may succeed if retried/],
  ['html-500', /^HTTP 500 from GET \/apps\/\{appId\}: Oops Internal Server Error nginx This may succeed if retried later\.$/],
  ['bad-json', /^HTTP 200 body says application\/json but is not valid JSON: \{"id": "app-1", "manifest": \{oops/],
  ['declared-50mb', new RegExp(`^response of ${FIFTY_MB} bytes exceeds the ${MAX_RESPONSE_BYTES}-byte limit`)],
  ['stream-50mb', new RegExp(`^response exceeds the ${MAX_RESPONSE_BYTES}-byte limit`)],
  ['drip', new RegExp(`apps/drip did not answer within ${TIMEOUT_MS} ms`)],
];

describe('a failing upstream gets a clear isError within the timeout, and the server keeps serving', () => {
  it.each(FAILURES)('%s', async (appId, message) => {
    const { elapsed, isError, text } = await timed('get_app', { appId });
    expect(isError, text).toBe(true);
    expect(text).toMatch(message);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    await expectServing();
  });

  it('connection refused (the upstream is down), then serving again once it is back', async () => {
    const port = upstream.port;
    await upstream.close();
    const { elapsed, isError, text } = await timed('get_cloudron_status', {});
    expect(isError, text).toBe(true);
    expect(text).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/cloudron\/status failed: connection refused.*may succeed if retried/);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    await upstream.listen(port);
    await expectServing();
  });

  it('reads at most the response limit of a 50 MB body, never the whole of it', async () => {
    upstream.bigBodyBytesWritten = 0;
    const { isError } = await timed('get_app', { appId: 'stream-50mb' });
    expect(isError).toBe(true);
    // What the upstream got out before the client hung up: the limit plus socket buffers.
    expect(upstream.bigBodyBytesWritten).toBeGreaterThan(MAX_RESPONSE_BYTES);
    expect(upstream.bigBodyBytesWritten).toBeLessThan(FIFTY_MB / 2);
  });

  it('keeps its memory bounded over rounds of every failure', async () => {
    // Warm up (JIT, Ajv compilation, connection pools) before the first figure.
    for (let index = 0; index < 5; index += 1) await expectServing();
    const before = rssKb(pid);
    let peak = before;
    const rounds = 3;
    for (let round = 0; round < rounds; round += 1) {
      for (const [appId] of FAILURES) {
        const { isError } = await timed('get_app', { appId });
        expect(isError).toBe(true);
        peak = Math.max(peak, rssKb(pid));
      }
      await expectServing();
    }
    const after = rssKb(pid);
    console.log(
      `server RSS: before ${Math.round(before / 1024)} MB, peak ${Math.round(peak / 1024)} MB, after ${Math.round(after / 1024)} MB ` +
        `(${rounds} rounds of ${FAILURES.length} failures, largest body written ${(upstream.bigBodyBytesWritten / 1024 / 1024).toFixed(1)} MB)`,
    );
    // Generous: one 10 MiB body in flight plus GC slack; 50 MB would show if bodies were buffered whole.
    expect(after - before).toBeLessThan(64 * 1024);
    expect(peak - before).toBeLessThan(96 * 1024);
    expect(session.stderr()).not.toMatch(/Uncaught|unhandled|FATAL|heap out of memory/i);
  }, 60_000);
});
