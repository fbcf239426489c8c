import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from './errors.js';
import { type HttpOptions, parseRetryAfter, sendRequest, snippet } from './http.js';
import { redactor } from './redact.js';
import type { PreparedRequest } from './request.js';

type Handler = (request: IncomingMessage, response: ServerResponse, count: number) => void;

interface TestServer {
  url: string;
  /** Requests received so far. */
  count: number;
  /** Resolves when the response to the nth request (1-based) closes, finished or not. */
  closed(nth: number): Promise<{ finished: boolean }>;
}

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

async function serve(handler: Handler): Promise<TestServer> {
  const closes: Promise<{ finished: boolean }>[] = [];
  const state: TestServer = {
    url: '',
    count: 0,
    closed: (nth) => closes[nth - 1] ?? Promise.reject(new Error(`no request ${nth}`)),
  };
  const server = createServer((request, response) => {
    state.count += 1;
    closes.push(new Promise((resolve) => response.on('close', () => resolve({ finished: response.writableFinished }))));
    handler(request, response, state.count);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

function request(url: string, method = 'GET', body?: string): PreparedRequest {
  return { headers: {}, method, url: new URL(url), ...(body !== undefined ? { body } : {}) };
}

/** Every sendRequest test runs over both transports: a given fetch, and node:http when none is given. */
const TRANSPORTS: [string, typeof fetch | undefined][] = [
  ['fetch', fetch],
  ['node:http (no fetch given)', undefined],
];
let transport: typeof fetch | undefined = fetch;

function options(overrides: Partial<HttpOptions> = {}): HttpOptions {
  return { ...(transport ? { fetch: transport } : {}), maxResponseBytes: 1024 * 1024, retries: 0, timeoutMs: 2000, ...overrides };
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected the request to fail');
}

/** Writes `chunk` every `everyMs` until the client goes away (or `max` chunks). */
function drip(response: ServerResponse, chunk: string, everyMs: number, max = 10_000): void {
  let sent = 0;
  const timer = setInterval(() => {
    if (response.destroyed || sent >= max) {
      clearInterval(timer);
      if (!response.destroyed) response.end();
      return;
    }
    sent += 1;
    response.write(chunk);
  }, everyMs);
  response.on('close', () => clearInterval(timer));
}

describe.each(TRANSPORTS)('over %s', (_, fetcher) => {
  beforeEach(() => {
    transport = fetcher;
  });
  afterEach(() => {
    transport = fetch;
  });

  describe('sendRequest: successful responses', () => {
    it('parses a JSON body and passes status, headers and content type through', async () => {
      const server = await serve((_, response) => {
        response.writeHead(201, { 'content-type': 'application/json; charset=utf-8', 'x-trace': 't1' }).end('{"id":"a1","n":[1,2]}');
      });
      const response = await sendRequest(request(`${server.url}/apps`, 'POST', '{}'), options());
      expect(response.status).toBe(201);
      expect(response.data).toEqual({ id: 'a1', n: [1, 2] });
      expect(response.contentType).toBe('application/json; charset=utf-8');
      expect(response.headers.get('x-trace')).toBe('t1');
    });

    it('sends the method, headers and body it was given', async () => {
      let seen: { method?: string; url?: string; header?: string | string[]; body?: string } = {};
      const server = await serve((incoming, response) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => {
          seen = { method: incoming.method, url: incoming.url, header: incoming.headers['x-one'], body: Buffer.concat(chunks).toString() };
          response.end();
        });
      });
      const prepared: PreparedRequest = {
        body: '{"a":1}',
        headers: { 'content-type': 'application/json', 'x-one': 'v' },
        method: 'PUT',
        url: new URL(`${server.url}/x?y=1`),
      };
      await sendRequest(prepared, options());
      expect(seen).toEqual({ method: 'PUT', url: '/x?y=1', header: 'v', body: '{"a":1}' });
    });

    it.each([
      ['text/plain', 'plain text'],
      ['text/html; charset=utf-8', '<p>hi</p>'],
      ['application/xml', '<a/>'],
      ['text/csv', 'a,b\n1,2'],
    ])('returns a %s body as text', async (contentType, body) => {
      const server = await serve((_, response) => response.writeHead(200, { 'content-type': contentType }).end(body));
      const response = await sendRequest(request(server.url), options());
      expect(response.data).toBe(body);
    });

    it('returns a body without a content type as text', async () => {
      const server = await serve((_, response) => {
        response.removeHeader('content-type');
        response.end('untyped');
      });
      expect((await sendRequest(request(server.url), options())).data).toBe('untyped');
    });

    it('returns a binary body as bytes', async () => {
      const bytes = Buffer.from([0, 1, 2, 253, 254, 255]);
      const server = await serve((_, response) => response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(bytes));
      const response = await sendRequest(request(server.url), options());
      expect(Buffer.isBuffer(response.data)).toBe(true);
      expect(response.data).toEqual(bytes);
    });

    it('returns undefined data for an empty body (204, or 200 with JSON type and no bytes)', async () => {
      const server = await serve((_, response, count) => {
        if (count === 1) response.writeHead(204).end();
        else response.writeHead(200, { 'content-type': 'application/json' }).end();
      });
      const empty = await sendRequest(request(server.url, 'DELETE'), options());
      expect(empty.status).toBe(204);
      expect(empty.data).toBeUndefined();
      expect((await sendRequest(request(server.url), options())).data).toBeUndefined();
    });

    it('returns a 500 with an HTML body as a response, not an error', async () => {
      const server = await serve((_, response) =>
        response.writeHead(500, { 'content-type': 'text/html' }).end('<html><body><h1>Internal Server Error</h1></body></html>'),
      );
      const response = await sendRequest(request(server.url, 'POST'), options());
      expect(response.status).toBe(500);
      expect(response.data).toContain('Internal Server Error');
    });

    it('returns a 4xx/5xx whose body claims JSON but is not, as text rather than an invalid-response error', async () => {
      const server = await serve((_, response) => response.writeHead(502, { 'content-type': 'application/json' }).end('Bad Gateway'));
      const response = await sendRequest(request(server.url, 'POST'), options());
      expect(response.status).toBe(502);
      expect(response.data).toBe('Bad Gateway');
    });

    it('does not follow redirects', async () => {
      const server = await serve((incoming, response) => {
        if (incoming.url === '/start') response.writeHead(302, { location: '/elsewhere' }).end();
        else response.end('followed');
      });
      const response = await sendRequest(request(`${server.url}/start`), options());
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('/elsewhere');
      expect(server.count).toBe(1);
    });
  });

  describe('sendRequest: failures', () => {
    it('a 2xx body that says JSON but is not valid JSON is an invalid-response error', async () => {
      const server = await serve((_, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"oops": <b>'));
      const error = await failure(sendRequest(request(server.url), options()));
      expect(error.kind).toBe('invalid-response');
      expect(error.status).toBe(200);
      expect(error.message).toContain('HTTP 200 body says application/json but is not valid JSON');
      expect(error.message).toContain('{"oops":');
    });

    it('a body over the limit with a content-length is refused before reading and the stream cancelled', async () => {
      const server = await serve((_, response) => {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(100_000) });
        drip(response, 'x'.repeat(100), 5, 1000);
      });
      const error = await failure(sendRequest(request(server.url), options({ maxResponseBytes: 1000 })));
      expect(error.kind).toBe('too-large');
      expect(error.message).toBe('response of 100000 bytes exceeds the 1000-byte limit');
      expect(error.status).toBe(200);
      expect(await server.closed(1)).toEqual({ finished: false });
    });

    it('a chunked body without a content-length is cut off at the limit and the stream cancelled', async () => {
      const server = await serve((_, response) => {
        response.writeHead(200, { 'content-type': 'application/octet-stream' });
        drip(response, 'y'.repeat(1024), 2, 2000);
      });
      const started = Date.now();
      const error = await failure(sendRequest(request(server.url), options({ maxResponseBytes: 4096 })));
      expect(error.kind).toBe('too-large');
      expect(error.message).toBe('response exceeds the 4096-byte limit');
      expect(await server.closed(1)).toEqual({ finished: false });
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it('a body exactly at the limit is read', async () => {
      const server = await serve((_, response) => response.writeHead(200, { 'content-type': 'text/plain' }).end('z'.repeat(64)));
      expect((await sendRequest(request(server.url), options({ maxResponseBytes: 64 }))).data).toBe('z'.repeat(64));
    });

    it('a server that never answers times out within the budget', async () => {
      const server = await serve(() => undefined);
      const started = Date.now();
      const error = await failure(sendRequest(request(`${server.url}/hang`), options({ timeoutMs: 200, retries: 2 })));
      const elapsed = Date.now() - started;
      expect(error.kind).toBe('timeout');
      expect(error.message).toBe(`GET ${server.url}/hang did not answer within 200 ms`);
      expect(error.retryable).toBe(true);
      expect(elapsed).toBeGreaterThanOrEqual(150);
      expect(elapsed).toBeLessThan(1000);
      expect(server.count).toBe(1);
    });

    it('a body that drips too slowly times out within the budget', async () => {
      const server = await serve((_, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        drip(response, ' ', 40);
      });
      const started = Date.now();
      const error = await failure(sendRequest(request(server.url), options({ timeoutMs: 300 })));
      expect(error.kind).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(1200);
      expect(await server.closed(1)).toEqual({ finished: false });
    });

    it('a caller abort stops the request', async () => {
      const server = await serve(() => undefined);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const started = Date.now();
      await expect(sendRequest(request(server.url), options({ signal: controller.signal, timeoutMs: 5000 }))).rejects.toBeInstanceOf(
        ApiError,
      );
      expect(Date.now() - started).toBeLessThan(1000);
    });

    it('a closed port is a network error saying connection refused', async () => {
      const server = await serve(() => undefined);
      const closedUrl = server.url;
      const last = servers.pop()!;
      await new Promise<void>((resolve) => last.close(() => resolve()));
      const error = await failure(sendRequest(request(`${closedUrl}/x`, 'POST'), options()));
      expect(error.kind).toBe('network');
      expect(error.code).toBe('ECONNREFUSED');
      expect(error.message).toBe(`POST ${closedUrl}/x failed: connection refused`);
      expect(error.retryable).toBe(true);
    });

    it('a connection reset in the middle of the body is a network error', async () => {
      const server = await serve((_, response) => {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        response.write('{"partial":', () => setTimeout(() => response.socket?.destroy(), 20));
      });
      const error = await failure(sendRequest(request(server.url, 'POST'), options()));
      expect(error.kind).toBe('network');
      expect(error.message).toContain('connection reset before the response was complete');
      expect(server.count).toBe(1);
    });
  });

  describe('sendRequest: retries', () => {
    it('retries a GET on 503, waiting as long as Retry-After says', async () => {
      const server = await serve((_, response, count) => {
        if (count === 1) response.writeHead(503, { 'retry-after': '1', 'content-type': 'text/plain' }).end('busy');
        else response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
      const started = Date.now();
      const response = await sendRequest(request(server.url), options({ retries: 2, timeoutMs: 4000 }));
      const elapsed = Date.now() - started;
      expect(response.status).toBe(200);
      expect(response.data).toEqual({ ok: true });
      expect(server.count).toBe(2);
      expect(elapsed).toBeGreaterThanOrEqual(950);
      expect(elapsed).toBeLessThan(3000);
    });

    it('gives up after the configured retries and returns the last response', async () => {
      const server = await serve((_, response) => response.writeHead(503, { 'retry-after': '0' }).end());
      const response = await sendRequest(request(server.url), options({ retries: 2 }));
      expect(response.status).toBe(503);
      expect(server.count).toBe(3);
    });

    it('retries 429, 502 and 504 too, but not 500', async () => {
      for (const status of [429, 502, 504]) {
        const server = await serve((_, response, count) => response.writeHead(count === 1 ? status : 200, { 'retry-after': '0' }).end());
        expect((await sendRequest(request(server.url), options({ retries: 1 }))).status).toBe(200);
        expect(server.count).toBe(2);
      }
      const server = await serve((_, response) => response.writeHead(500).end());
      expect((await sendRequest(request(server.url), options({ retries: 2 }))).status).toBe(500);
      expect(server.count).toBe(1);
    });

    it('does not wait past the time budget: a Retry-After beyond it returns the 503 at once', async () => {
      const server = await serve((_, response) => response.writeHead(503, { 'retry-after': '30' }).end());
      const started = Date.now();
      const response = await sendRequest(request(server.url), options({ retries: 2, timeoutMs: 1000 }));
      expect(response.status).toBe(503);
      expect(server.count).toBe(1);
      expect(Date.now() - started).toBeLessThan(500);
    });

    it('never retries before Retry-After: one asking for longer than the longest wait returns the 429 at once', async () => {
      const server = await serve((_, response) => response.writeHead(429, { 'retry-after': '120' }).end());
      const started = Date.now();
      const response = await sendRequest(request(server.url), options({ retries: 2, timeoutMs: 60_000 }));
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('120');
      expect(server.count).toBe(1);
      expect(Date.now() - started).toBeLessThan(1000);
    });

    it('never retries a POST, on a retryable status or on a network failure', async () => {
      const busy = await serve((_, response) => response.writeHead(503, { 'retry-after': '0' }).end());
      expect((await sendRequest(request(busy.url, 'POST', '{}'), options({ retries: 3 }))).status).toBe(503);
      expect(busy.count).toBe(1);

      const resetting = await serve((incoming) => incoming.socket.destroy());
      expect((await failure(sendRequest(request(resetting.url, 'POST', '{}'), options({ retries: 3 })))).kind).toBe('network');
      expect(resetting.count).toBe(1);
    });

    it('retries a GET after a connection reset', async () => {
      const server = await serve((incoming, response, count) => {
        if (count === 1) incoming.socket.destroy();
        else response.writeHead(200, { 'content-type': 'application/json' }).end('{"second":true}');
      });
      const response = await sendRequest(request(server.url), options({ retries: 1 }));
      expect(response.data).toEqual({ second: true });
      expect(server.count).toBe(2);
    });

    it('does not retry a timeout (the budget is spent) or an invalid response', async () => {
      const server = await serve((_, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('nope'));
      expect((await failure(sendRequest(request(server.url), options({ retries: 2 })))).kind).toBe('invalid-response');
      expect(server.count).toBe(1);
    });
  });
});

describe('helpers', () => {
  it('parseRetryAfter reads seconds and HTTP dates', () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('7')).toBe(7);
    expect(parseRetryAfter('-3')).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    expect(parseRetryAfter(inTenSeconds)).toBeGreaterThanOrEqual(8);
    expect(parseRetryAfter(inTenSeconds)).toBeLessThanOrEqual(10);
    expect(parseRetryAfter(new Date(Date.now() - 60_000).toUTCString())).toBe(0);
  });

  it('snippet strips tags, squeezes whitespace and cuts long text with an ellipsis', () => {
    expect(snippet('<html><head><title>Oops</title></head>\n<body>  <p>Bad   thing</p></body></html>')).toBe('Oops Bad thing');
    expect(snippet('a'.repeat(300))).toBe(`${'a'.repeat(200)}…`);
    expect(snippet('abcdef', 3)).toBe('abc…');
  });

  it('snippet masks a secret before cutting, so a token at the cut is not half-shown', () => {
    const secret = 'snippet-secret-7c1e9a';
    redactor.add(secret);
    const text = snippet(`${'x'.repeat(190)}${secret} tail`);
    expect(text).toBe(`${'x'.repeat(190)}[REDACTED]…`);
    expect(text).not.toContain(secret.slice(0, 8));
  });
});

describe('node:http sends and reads what fetch does', () => {
  interface Seen {
    method?: string;
    url?: string;
    headers: [string, string][];
    body: string;
  }

  /** A server recording each request's method, URL, headers (names lowercased, sorted) and body. */
  async function recorder(): Promise<{ url: string; seen: Seen[] }> {
    const seen: Seen[] = [];
    const server = await serve((incoming, response) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const headers: [string, string][] = [];
        for (let index = 0; index < incoming.rawHeaders.length; index += 2) {
          headers.push([(incoming.rawHeaders[index] as string).toLowerCase(), incoming.rawHeaders[index + 1] as string]);
        }
        headers.sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1));
        seen.push({ method: incoming.method, url: incoming.url, headers, body: Buffer.concat(chunks).toString('latin1') });
        response.end();
      });
    });
    return { url: server.url, seen };
  }

  /** What the upstream received, or how the call failed, for one request over one transport. */
  async function outcome(via: typeof fetch | undefined, make: (url: string) => PreparedRequest): Promise<unknown> {
    const { url, seen } = await recorder();
    try {
      await sendRequest(make(url), { ...(via ? { fetch: via } : {}), maxResponseBytes: 1024, retries: 0, timeoutMs: 2000 });
    } catch (error) {
      const failed = error as ApiError;
      return { kind: failed.kind, message: failed.message.replace(url, 'URL'), code: failed.code };
    }
    // A multipart boundary is random: compare it as a placeholder.
    const boundary = /boundary=(\S+)/.exec(seen[0]?.headers.find(([name]) => name === 'content-type')?.[1] ?? '')?.[1];
    const text = JSON.stringify(seen).replace(/127\.0\.0\.1:\d+/g, 'HOST');
    return JSON.parse(boundary ? text.split(boundary).join('BOUNDARY') : text);
  }

  const form = new FormData();
  form.append('name', 'value');
  form.append('file', new Blob([Uint8Array.from([1, 2, 3])], { type: 'image/png' }), 'a.png');
  const bytes = Uint8Array.from([0, 1, 2, 255]);
  const cases: [string, (url: string) => PreparedRequest][] = [
    [
      'GET with the client headers',
      (url) => ({
        method: 'GET',
        url: new URL(`${url}/a?b=1`),
        headers: { accept: 'application/json, */*;q=0.5', authorization: 'Bearer t' },
      }),
    ],
    ['GET without headers', (url) => ({ method: 'GET', url: new URL(url), headers: {} })],
    [
      'POST with a JSON body',
      (url) => ({ method: 'POST', url: new URL(url), headers: { 'content-type': 'application/json' }, body: '{"a":"é"}' }),
    ],
    ['POST with an untyped text body', (url) => ({ method: 'POST', url: new URL(url), headers: {}, body: 'plain' })],
    [
      'POST with bytes',
      (url) => ({ method: 'POST', url: new URL(url), headers: { 'content-type': 'application/octet-stream' }, body: bytes }),
    ],
    ['PUT with untyped bytes', (url) => ({ method: 'PUT', url: new URL(url), headers: {}, body: bytes })],
    ['POST with multipart form data', (url) => ({ method: 'POST', url: new URL(url), headers: {}, body: form })],
    ['PATCH with a body', (url) => ({ method: 'PATCH', url: new URL(url), headers: { 'content-type': 'application/json' }, body: '{}' })],
    ...['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].map((method): [string, (url: string) => PreparedRequest] => [
      `${method} without a body`,
      (url) => ({ method, url: new URL(url), headers: {} }),
    ]),
    ['headers fetch would trim', (url) => ({ method: 'GET', url: new URL(url), headers: { 'x-spaced': '  v  ', 'x-tab': '\tw' } })],
    [
      'its own user agent, encodings, language and host',
      (url) => ({
        method: 'GET',
        url: new URL(url),
        headers: {
          'user-agent': 'me',
          'accept-encoding': 'br',
          'accept-language': 'fr',
          host: 'elsewhere.example',
          'sec-fetch-mode': 'navigate',
        },
      }),
    ],
    ['a range', (url) => ({ method: 'GET', url: new URL(url), headers: { range: 'bytes=0-1' } })],
    [
      'a range with its own accepted encodings',
      (url) => ({ method: 'GET', url: new URL(url), headers: { range: 'bytes=0-1', 'accept-encoding': 'gzip' } }),
    ],
    ['a header value with a line break', (url) => ({ method: 'GET', url: new URL(url), headers: { 'x-bad': 'a\r\nb: c' } })],
    ['a header value with a control character', (url) => ({ method: 'GET', url: new URL(url), headers: { 'x-ctl': 'a\u0001b' } })],
    ['a header name that is not a token', (url) => ({ method: 'GET', url: new URL(url), headers: { 'bad name': 'v' } })],
    ['a GET with a body', (url) => ({ method: 'GET', url: new URL(url), headers: {}, body: 'x' })],
  ];

  it.each(cases)('%s', async (_, make) => {
    expect(await outcome(undefined, make)).toEqual(await outcome(fetch, make));
  });

  const json = Buffer.from(JSON.stringify({ text: 'compressed '.repeat(20) }));
  const responses: [string, string, (response: ServerResponse) => void][] = [
    [
      'gzip',
      'GET',
      (response) => response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync(json)),
    ],
    [
      'x-gzip, upper case',
      'GET',
      (response) => response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'X-GZIP' }).end(gzipSync(json)),
    ],
    [
      'deflate (zlib)',
      'GET',
      (response) => response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'deflate' }).end(deflateSync(json)),
    ],
    [
      'deflate (raw)',
      'GET',
      (response) =>
        response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'deflate' }).end(deflateRawSync(json)),
    ],
    [
      'br',
      'GET',
      (response) => response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'br' }).end(brotliCompressSync(json)),
    ],
    [
      'gzip then br',
      'GET',
      (response) =>
        response
          .writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip, br' })
          .end(brotliCompressSync(gzipSync(json))),
    ],
    [
      'an unknown coding: bytes as sent',
      'GET',
      (response) =>
        response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-encoding': 'gzip, compress' }).end(gzipSync(json)),
    ],
    [
      'identity',
      'GET',
      (response) => response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'identity' }).end(json),
    ],
    [
      'six codings',
      'GET',
      (response) =>
        response
          .writeHead(200, {
            'content-type': 'application/json',
            'content-encoding': 'identity,identity,identity,identity,identity,identity',
          })
          .end(json),
    ],
    [
      'corrupt gzip',
      'GET',
      (response) => response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end('not gzip at all'),
    ],
    [
      'truncated gzip',
      'GET',
      (response) =>
        response.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' }).end(gzipSync(json).subarray(0, 40)),
    ],
    [
      'a gzip bomb past the limit',
      'GET',
      (response) =>
        response.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(64 * 1024, 'a'))),
    ],
    [
      'HEAD with a gzip coding',
      'HEAD',
      (response) =>
        response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': '20' }).end(),
    ],
    ['204 with a gzip coding', 'DELETE', (response) => response.writeHead(204, { 'content-encoding': 'gzip' }).end()],
    [
      'repeated and multi-value headers',
      'GET',
      (response) =>
        response
          .writeHead(200, [
            ['x-a', '1'],
            ['X-A', '2'],
            ['set-cookie', 'a=1'],
            ['set-cookie', 'b=2'],
            ['content-type', 'text/plain'],
          ])
          .end('ok'),
    ],
    [
      'a redirect with a body',
      'GET',
      (response) => response.writeHead(301, { location: '/x', 'content-type': 'text/html' }).end('<a href="/x">moved</a>'),
    ],
  ];

  responses.push(
    [
      'a gzip body cut by a reset',
      'GET',
      (response) => {
        response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': '1000' });
        response.write(gzipSync(json).subarray(0, 30), () => setTimeout(() => response.socket?.destroy(), 20));
      },
    ],
    [
      'a plain body cut by a reset',
      'GET',
      (response) => {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        response.write('{"partial":', () => setTimeout(() => response.socket?.destroy(), 20));
      },
    ],
    ['a reset before the headers', 'POST', (response) => response.socket?.destroy()],
  );

  it.each(responses)('reads %s the same', async (_, method, respond) => {
    const server = await serve((incoming, response) => {
      incoming.resume();
      respond(response);
    });
    const read = async (via: typeof fetch | undefined) => {
      try {
        const response = await sendRequest(request(server.url, method), {
          ...(via ? { fetch: via } : {}),
          maxResponseBytes: 16 * 1024,
          retries: 0,
          timeoutMs: 2000,
        });
        return {
          status: response.status,
          contentType: response.contentType,
          data: response.data,
          headers: [...response.headers].filter(([name]) => name !== 'date'),
        };
      } catch (error) {
        const failed = error as ApiError;
        return { kind: failed.kind, message: failed.message.replace(server.url, 'URL'), code: failed.code };
      }
    };
    expect(await read(undefined)).toEqual(await read(fetch));
  });
});
