// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/cloudways.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import { ApiError, messageOf } from './errors.js';
import { declaredTooLarge, type RawResponse, sendWithNode, timeoutReason, tooLarge } from './node-http.js';
import { redactor } from './redact.js';
import type { PreparedRequest } from './request.js';
import type { ApiResponse } from './types.js';

export interface HttpOptions {
  /** Sends each attempt with this fetch; without one, over node:http(s) as fetch would send it, at half the cost. */
  readonly fetch?: typeof fetch;
  readonly maxResponseBytes: number;
  /** Whether the request may be sent again (default: its method's RFC 9110 idempotency). */
  readonly idempotent?: boolean;
  /** Retries after the first attempt, for idempotent requests only. */
  readonly retries: number;
  readonly signal?: AbortSignal;
  readonly timeoutMs: number;
  /** What errors call the endpoint before its method and URL, e.g. "the token endpoint" (default nothing). */
  readonly endpoint?: string;
}

const RETRY_STATUSES = new Set([429, 502, 503, 504]);
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);
const MAX_RETRY_WAIT_MS = 10_000;

/**
 * Sends a request and reads its body within one time budget, decoded by its content type.
 * Idempotent requests (by the spec's annotations, else by method) are retried on network errors
 * and 429/502/503/504, honouring Retry-After; others never are, since a lost answer does not
 * mean the action did not happen.
 */
export async function sendRequest(request: PreparedRequest, options: HttpOptions): Promise<ApiResponse> {
  const { bytes, headers, status } = await sendForBytes(request, options);
  const contentType = headers.get('content-type') ?? '';
  return { contentType, data: decodeBody(bytes, contentType, status), headers, status };
}

/**
 * sendRequest's exchange without decoding the body: API calls and token calls alike meet the
 * same retries, time budget, size limit and transport errors (ApiError, secrets masked).
 */
export async function sendForBytes(request: PreparedRequest, options: HttpOptions): Promise<RawResponse> {
  const deadline = Date.now() + options.timeoutMs;
  const retries = (options.idempotent ?? IDEMPOTENT.has(request.method)) ? options.retries : 0;
  for (let attempt = 0; ; attempt += 1) {
    try {
      const response = await attemptOnce(request, options, deadline);
      if (attempt < retries && RETRY_STATUSES.has(response.status)) {
        const wait = retryDelay(response.headers.get('retry-after'), attempt);
        if (wait !== undefined && Date.now() + wait < deadline) {
          await sleep(wait, options.signal);
          continue;
        }
      }
      return response;
    } catch (error) {
      const failure = toApiError(error, request, options);
      const wait = backoff(attempt);
      if (attempt < retries && failure.kind === 'network' && Date.now() + wait < deadline) {
        await sleep(wait, options.signal);
        continue;
      }
      throw failure;
    }
  }
}

function attemptOnce(request: PreparedRequest, options: HttpOptions, deadline: number): Promise<RawResponse> {
  const remaining = Math.max(1, deadline - Date.now());
  if (options.fetch) return viaFetch(options.fetch, request, options, remaining);
  return sendWithNode(request, { limit: options.maxResponseBytes, timeoutMs: remaining, signal: options.signal });
}

async function viaFetch(fetcher: typeof fetch, request: PreparedRequest, options: HttpOptions, timeoutMs: number): Promise<RawResponse> {
  // One controller for both the time budget and the caller's signal: what AbortSignal.timeout and
  // AbortSignal.any would do (same abort reasons), with one signal per call instead of two.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(timeoutReason()), timeoutMs);
  timer.unref();
  const caller = options.signal;
  const onAbort = () => controller.abort(caller?.reason);
  if (caller?.aborted) onAbort();
  else caller?.addEventListener('abort', onAbort, { once: true });
  try {
    const init: RequestInit = { headers: request.headers, method: request.method, redirect: 'manual', signal: controller.signal };
    if (request.body !== undefined) init.body = request.body as RequestInit['body'];
    const response = await fetcher(request.url, init);
    return { bytes: await readBody(response, options.maxResponseBytes), headers: response.headers, status: response.status };
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener('abort', onAbort);
  }
}

/** Reads at most `limit` bytes; a larger body is cancelled, not buffered. */
async function readBody(response: Response, limit: number): Promise<Uint8Array> {
  const refused = declaredTooLarge(response.headers, limit, response.status);
  if (refused) {
    await response.body?.cancel().catch(() => undefined);
    throw refused;
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  // Leaving the loop early (the throw) cancels the stream.
  for await (const chunk of response.body ?? []) {
    total += chunk.byteLength;
    if (total > limit) throw tooLarge(limit, response.status);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function decodeBody(bytes: Uint8Array, contentType: string, status: number): unknown {
  if (bytes.byteLength === 0) return undefined;
  const text = () => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (/json/i.test(contentType)) {
    try {
      return JSON.parse(text());
    } catch {
      // An error status with a mislabelled body (a proxy's "Bad Gateway") is still that status.
      if (status < 200 || status >= 300) return text();
      throw new ApiError(
        'invalid-response',
        `HTTP ${status} body says ${contentType.split(';')[0]} but is not valid JSON: ${snippet(text())}`,
        { status, body: text() },
      );
    }
  }
  if (/^text\/|xml|x-ndjson|javascript|html|yaml|csv/i.test(contentType) || contentType === '') return text();
  return Buffer.from(bytes);
}

/** A short, tag-free excerpt; secrets are masked before the cut, so none is left half-shown. */
export function snippet(text: string, limit = 200): string {
  const plain = redactor
    .redact(text)
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > limit ? `${plain.slice(0, limit)}…` : plain;
}

function toApiError(error: unknown, request: PreparedRequest, options: HttpOptions): ApiError {
  if (error instanceof ApiError) return error;
  const target = `${options.endpoint ? `${options.endpoint} ` : ''}${request.method} ${request.url.origin}${request.url.pathname}`;
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ApiError('timeout', `${target} did not answer within ${options.timeoutMs} ms`, {}, { cause: error });
  }
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = (cause as { code?: string } | undefined)?.code ?? (error as { code?: string } | undefined)?.code;
  const reason =
    code === 'ECONNREFUSED'
      ? 'connection refused'
      : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET'
        ? 'connection reset before the response was complete'
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? 'host name not found'
          : (cause?.message ?? messageOf(error));
  return new ApiError('network', redactor.redact(`${target} failed: ${reason}`), { code }, { cause: error });
}

/**
 * How long to wait before retrying a retryable status: what Retry-After asks, else a backoff.
 * undefined when Retry-After asks for more than MAX_RETRY_WAIT_MS: retrying sooner than the API
 * allows would not honour it, so the status is returned (with its Retry-After) instead.
 */
function retryDelay(retryAfter: string | null, attempt: number): number | undefined {
  const seconds = parseRetryAfter(retryAfter);
  if (seconds === undefined) return backoff(attempt);
  const wait = seconds * 1000;
  return wait > MAX_RETRY_WAIT_MS ? undefined : wait;
}

function backoff(attempt: number): number {
  return Math.min(MAX_RETRY_WAIT_MS, 200 * 2 ** attempt);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, Math.ceil((date - Date.now()) / 1000)) : undefined;
}
