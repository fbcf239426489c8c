// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/cloudways.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
/**
 * Sends a request over node:http(s) with keep-alive agents, as the global fetch would send it
 * (same default headers, body encodings, content decoding and errors), for about a quarter less
 * CPU per call and 15-30 MB less memory: no WHATWG streams, Request or Response objects
 * (ARCHITECTURE.md, bench/shortcuts.ts). Used when no `fetch` is given.
 */
import { Agent as HttpAgent, type ClientRequest, type IncomingMessage, request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { pipeline, type Readable, Transform } from 'node:stream';
import { constants, createBrotliDecompress, createGunzip, createInflate, createInflateRaw, type ZlibOptions } from 'node:zlib';
import { ApiError } from './errors.js';
import type { PreparedRequest } from './request.js';

export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly bytes: Uint8Array;
}

// Keep-alive, idle sockets closed after 4 s (undici's default) or 1 s before the server's Keep-Alive hint.
const AGENT_OPTIONS = { keepAlive: true, scheduling: 'lifo', timeout: 4000 } as const;
let httpAgent: HttpAgent | undefined;
let httpsAgent: HttpsAgent | undefined;

/** Statuses whose responses have no body, so no content decoding (fetch's "null body status"). */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
const MAX_CONTENT_ENCODINGS = 5;
/** Methods fetch sends `content-length: 0` for when there is no body (undici's "expects payload"). */
const EXPECTS_PAYLOAD = new Set(['PATCH', 'POST', 'PROPFIND', 'PROPPATCH', 'PUT', 'QUERY']);

export interface NodeSendOptions {
  /** Most bytes of (decoded) body read; past it, ApiError('too-large'). */
  readonly limit: number;
  /** Time for the whole exchange, body included; past it, fetch's TimeoutError. */
  readonly timeoutMs: number;
  /** The caller's signal: its abort rejects with its reason, as fetch would. */
  readonly signal?: AbortSignal;
}

/** What AbortSignal.timeout aborts with. */
export function timeoutReason(): DOMException {
  return new DOMException('The operation was aborted due to timeout', 'TimeoutError');
}

/**
 * Sends `request` and reads its body, rejecting as fetch would: with the caller's abort reason,
 * a TimeoutError, or the network error (its `code` the one fetch's error carries as its cause).
 */
export async function sendWithNode(request: PreparedRequest, { limit, timeoutMs, signal }: NodeSendOptions): Promise<RawResponse> {
  if (signal?.aborted) throw signal.reason;
  // Validates and normalises header values exactly as fetch does (and throws its TypeError).
  const given = new Headers(request.headers);
  const method = request.method.toUpperCase();
  let body: Uint8Array | undefined;
  let bodyType: string | null = null;
  if (request.body !== undefined) {
    if (method === 'GET' || method === 'HEAD') throw new TypeError('Request with GET/HEAD method cannot have body.');
    if (typeof request.body === 'string') {
      body = Buffer.from(request.body, 'utf8');
      bodyType = 'text/plain;charset=UTF-8';
    } else if (request.body instanceof FormData) {
      // The same multipart encoding (and boundary form) fetch would send.
      const encoded = new Response(request.body);
      bodyType = encoded.headers.get('content-type');
      body = new Uint8Array(await encoded.arrayBuffer());
    } else {
      body = request.body;
    }
  }
  const https = request.url.protocol === 'https:';
  const headers = outgoingHeaders(given, { https, method, body, bodyType });
  return new Promise<RawResponse>((resolve, reject) => {
    const options = { agent: agentFor(https), headers, method };
    const outgoing: ClientRequest = https ? httpsRequest(request.url, options) : httpRequest(request.url, options);
    let settled = false;
    const finish = (error: unknown, response?: RawResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (error === undefined && response) resolve(response);
      else {
        outgoing.destroy();
        reject(error);
      }
    };
    const onAbort = () => finish(signal?.reason);
    const timer = setTimeout(() => finish(timeoutReason()), timeoutMs);
    timer.unref();
    outgoing.on('error', (error) => finish(asFetchError(error, 'fetch failed')));
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    outgoing.on('response', (response) => readResponse(response, method, limit, finish));
    // DELETE, OPTIONS... without a body carry neither a length nor chunked encoding, as with fetch.
    if (body === undefined && !EXPECTS_PAYLOAD.has(method)) outgoing.useChunkedEncodingByDefault = false;
    outgoing.end(body);
  });
}

/** The size-limit refusal; `size` names the body's declared size when that alone exceeds the limit. */
export function tooLarge(limit: number, status: number, size = ''): ApiError {
  return new ApiError('too-large', `response ${size}exceeds the ${limit}-byte limit`, { status });
}

/** The refusal of a response whose declared content-length already exceeds `limit`, before reading any of it. */
export function declaredTooLarge(headers: Headers, limit: number, status: number): ApiError | undefined {
  const declared = Number(headers.get('content-length') ?? NaN);
  return Number.isFinite(declared) && declared > limit ? tooLarge(limit, status, `of ${declared} bytes `) : undefined;
}

function agentFor(secure: boolean): HttpAgent {
  return secure ? (httpsAgent ??= new HttpsAgent(AGENT_OPTIONS)) : (httpAgent ??= new HttpAgent(AGENT_OPTIONS));
}

/** The headers fetch adds to the caller's (undici's HTTP-network-or-cache fetch, as in Node 20-22). */
function outgoingHeaders(
  given: Headers,
  { https, method, body, bodyType }: { https: boolean; method: string; body: Uint8Array | undefined; bodyType: string | null },
): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of given) {
    // A control character fetch's Headers let through: undici refuses it when sending, so do we, alike.
    if (/[^\t\x20-\x7e\x80-\xff]/.test(value)) {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error(`invalid ${name} header`), { code: 'UND_ERR_INVALID_ARG' }) });
    }
    headers[name] = value;
  }
  if (bodyType !== null && headers['content-type'] === undefined) headers['content-type'] = bodyType;
  headers.accept ??= '*/*';
  headers['accept-language'] ??= '*';
  if (body !== undefined) headers['content-length'] = String(body.byteLength);
  else if (EXPECTS_PAYLOAD.has(method)) headers['content-length'] = '0';
  headers['sec-fetch-mode'] = 'cors';
  headers['user-agent'] ??= 'node';
  if (headers.range !== undefined)
    headers['accept-encoding'] = headers['accept-encoding'] === undefined ? 'identity' : `${String(headers['accept-encoding'])}, identity`;
  headers['accept-encoding'] ??= https ? 'br, gzip, deflate' : 'gzip, deflate';
  // The host comes from the URL, as with fetch.
  delete headers.host;
  // fetch does not reuse a connection after a HEAD.
  if (method === 'HEAD') headers.connection = 'close';
  return headers;
}

function readResponse(
  response: IncomingMessage,
  method: string,
  limit: number,
  finish: (error: unknown, response?: RawResponse) => void,
): void {
  const status = response.statusCode ?? 0;
  const headers = new Headers();
  const raw = response.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) headers.append(raw[index] as string, raw[index + 1] as string);
  const refused = declaredTooLarge(headers, limit, status);
  if (refused) return finish(refused);
  let decoders: Transform[];
  try {
    decoders = method === 'HEAD' || method === 'CONNECT' || NULL_BODY_STATUSES.has(status) ? [] : contentDecoders(headers);
  } catch (error) {
    return finish(new TypeError('fetch failed', { cause: error }));
  }
  const chunks: Buffer[] = [];
  let total = 0;
  const fail = (error: unknown) => finish(asFetchError(error, 'terminated'));
  const tail: Readable = decoders.at(-1) ?? response;
  if (decoders.length > 0) pipeline([response, ...decoders], (error) => error && fail(error));
  else response.on('error', fail);
  tail.on('data', (chunk: Buffer) => {
    total += chunk.byteLength;
    if (total > limit) return finish(tooLarge(limit, status));
    chunks.push(chunk);
  });
  tail.on('end', () => finish(undefined, { bytes: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks), headers, status }));
}

/** What fetch decodes: the codings in reverse, or nothing at all when one of them is unknown. */
function contentDecoders(headers: Headers): Transform[] {
  const encoding = headers.get('content-encoding');
  const codings = encoding ? encoding.toLowerCase().split(',') : [];
  if (codings.length > MAX_CONTENT_ENCODINGS) {
    throw new Error(`too many content-encodings in response: ${codings.length}, maximum allowed is ${MAX_CONTENT_ENCODINGS}`);
  }
  const decoders: Transform[] = [];
  for (let index = codings.length - 1; index >= 0; index--) {
    const coding = (codings[index] as string).trim();
    const sync = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH };
    if (coding === 'x-gzip' || coding === 'gzip') decoders.push(createGunzip(sync));
    else if (coding === 'deflate') decoders.push(inflate(sync));
    else if (coding === 'br') {
      const flush = constants.BROTLI_OPERATION_FLUSH;
      decoders.push(createBrotliDecompress({ flush, finishFlush: flush }));
    } else return [];
  }
  return decoders;
}

/** "deflate" as servers send it: zlib-wrapped or raw, told apart by the first byte (as fetch does). */
function inflate(options: ZlibOptions): Transform {
  let inner: Transform | undefined;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (!inner) {
        if (chunk.length === 0) return callback();
        inner = ((chunk[0] ?? 0) & 15) === 8 ? createInflate(options) : createInflateRaw(options);
        inner.on('data', (data: Buffer) => this.push(data));
        inner.on('end', () => this.push(null));
        inner.on('error', (error) => this.destroy(error));
      }
      inner.write(chunk, callback);
    },
    final(callback) {
      inner?.end();
      inner = undefined;
      callback();
    },
  });
}

/**
 * A connection the server closed before or during the response ("socket hang up", "aborted") is,
 * through fetch, a TypeError caused by undici's SocketError: the same error code reaches ApiError.
 */
function asFetchError(error: unknown, message: string): unknown {
  if (!(error instanceof Error) || (error as { code?: unknown }).code !== 'ECONNRESET') return error;
  if (error.message !== 'socket hang up' && error.message !== 'aborted') return error;
  return new TypeError(message, { cause: Object.assign(new Error('other side closed', { cause: error }), { code: 'UND_ERR_SOCKET' }) });
}
