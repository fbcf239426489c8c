import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.js';
import { redactor } from './redact.js';
import { capText, errorResult, successResult, textError } from './results.js';
import type { ApiResponse } from './types.js';

function response(data: unknown, contentType = 'application/json', status = 200): ApiResponse {
  return { contentType, data, headers: new Headers(), status };
}

const structured = { maxTextChars: 10_000, structured: true } as const;

describe('successResult', () => {
  it('gives an object body as text and structured content', () => {
    const result = successResult(response({ id: 'a1', tags: ['x'] }), structured);
    expect(result).toEqual({ content: [{ type: 'text', text: '{"id":"a1","tags":["x"]}' }], structuredContent: { id: 'a1', tags: ['x'] } });
    expect(result.isError).toBeUndefined();
  });

  it('gives no structured content when the tool has no output schema', () => {
    expect(successResult(response({ id: 'a1' }), { maxTextChars: 100, structured: false }).structuredContent).toBeUndefined();
  });

  it('wraps an array in "items" and a scalar in "value"', () => {
    expect(successResult(response([1, 2]), { ...structured, wrap: 'items' }).structuredContent).toEqual({ items: [1, 2] });
    expect(successResult(response('ok'), { ...structured, wrap: 'value' }).structuredContent).toEqual({ value: 'ok' });
    expect(successResult(response(42), { ...structured, wrap: 'value' }).structuredContent).toEqual({ value: 42 });
    expect(successResult(response(null), { ...structured, wrap: 'value' }).structuredContent).toEqual({ value: null });
  });

  it('gives no structured content for an unwrapped array or scalar', () => {
    const result = successResult(response([1, 2]), structured);
    expect(result.structuredContent).toBeUndefined();
    expect(result.content).toEqual([{ type: 'text', text: '[1,2]' }]);
    expect(successResult(response(null), structured).structuredContent).toBeUndefined();
  });

  it('returns text bodies as they are', () => {
    expect(successResult(response('line 1\nline 2', 'text/plain'), structured)).toEqual({
      content: [{ type: 'text', text: 'line 1\nline 2' }],
    });
  });

  it('says so when there is no content', () => {
    expect(successResult(response(undefined, '', 204), structured)).toEqual({
      content: [{ type: 'text', text: 'Done: HTTP 204, no content.' }],
    });
  });

  it('caps long text with a truncation notice', () => {
    const result = successResult(response('x'.repeat(50), 'text/plain'), { maxTextChars: 20, structured: false });
    const text = (result.content[0] as { text: string }).text;
    expect(text.startsWith(`${'x'.repeat(20)}\n[truncated: showing 20 of 50 characters.`)).toBe(true);
    expect(text).toContain('paging arguments');
  });

  it('keeps structured content whole when the text is capped', () => {
    const data = { items: Array.from({ length: 50 }, (_, index) => index) };
    const result = successResult(response(data), { maxTextChars: 30, structured: true });
    expect((result.content[0] as { text: string }).text).toContain('[truncated: showing 30 of');
    expect(result.structuredContent).toEqual(data);
  });

  it('inlines a small image', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    expect(successResult(response(png, 'image/png; charset=binary'), structured)).toEqual({
      content: [{ type: 'image', data: png.toString('base64'), mimeType: 'image/png' }],
    });
  });

  it('summarises other binary bodies and images over 1 MiB', () => {
    expect(successResult(response(Buffer.alloc(10), 'application/pdf'), structured)).toEqual({
      content: [{ type: 'text', text: 'Binary response: 10 bytes of application/pdf (not shown).' }],
    });
    expect(successResult(response(Buffer.alloc(1024 * 1024 + 1), 'image/jpeg'), structured).content[0]).toEqual({
      type: 'text',
      text: 'Binary response: 1048577 bytes of image/jpeg (not shown).',
    });
    expect((successResult(response(Buffer.alloc(3), ''), structured).content[0] as { text: string }).text).toContain(
      'application/octet-stream',
    );
  });

  it('redacts known secrets in text and structured content', () => {
    redactor.add('results-secret-1');
    const result = successResult(response({ token: 'results-secret-1' }), structured);
    expect(result.structuredContent).toEqual({ token: '[REDACTED]' });
    expect(JSON.stringify(result.content)).not.toContain('results-secret-1');
    expect(successResult(response('t=results-secret-1', 'text/plain'), structured).content[0]).toEqual({
      type: 'text',
      text: 't=[REDACTED]',
    });
  });
});

describe('capText', () => {
  it('leaves text at or under the limit alone', () => {
    expect(capText('abc', 3)).toBe('abc');
  });
});

describe('errorResult', () => {
  const text = (error: ApiError) => (errorResult(error).content[0] as { text: string }).text;

  it('is an error result with the message, and the same facts as fields', () => {
    expect(errorResult(new ApiError('auth', 'HTTP 401 from GET /x', { status: 401 }))).toEqual({
      content: [{ type: 'text', text: 'HTTP 401 from GET /x' }],
      isError: true,
      structuredContent: { error: { kind: 'auth', status: 401, message: 'HTTP 401 from GET /x', retryable: false } },
    });
  });

  it("gives the API's own code and message, whether to retry and when", () => {
    const error = new ApiError('rate-limited', 'HTTP 429 from GET /x: slow down', {
      status: 429,
      code: 'too_many',
      apiMessage: 'slow down',
      retryAfterSeconds: 7,
    });
    expect(errorResult(error).structuredContent).toEqual({
      error: { kind: 'rate-limited', status: 429, code: 'too_many', message: 'slow down', retryable: true, retryAfterSeconds: 7 },
    });
  });

  it('masks secrets in the fields as in the text', () => {
    redactor.add('results-secret-3');
    const error = new ApiError('http', 'HTTP 400: results-secret-3', { status: 400, apiMessage: 'bad results-secret-3' });
    expect(JSON.stringify(errorResult(error))).not.toContain('results-secret-3');
  });

  it('says when to retry after a rate limit', () => {
    expect(text(new ApiError('rate-limited', 'HTTP 429', { status: 429, retryAfterSeconds: 12 }))).toBe('HTTP 429 Retry after 12 s.');
  });

  it('says a retry may help for timeouts, network failures and 5xx', () => {
    for (const error of [
      new ApiError('timeout', 'slow'),
      new ApiError('network', 'down'),
      new ApiError('http', 'HTTP 503', { status: 503 }),
    ]) {
      expect(text(error)).toBe(`${error.message} This may succeed if retried later.`);
    }
  });

  it('says a retry will not help for other 4xx', () => {
    expect(text(new ApiError('http', 'HTTP 404', { status: 404 }))).toBe('HTTP 404 Retrying the same call will not help.');
    expect(text(new ApiError('http', 'HTTP 408', { status: 408 }))).toBe('HTTP 408 This may succeed if retried later.');
  });

  it('adds nothing for argument or configuration errors', () => {
    expect(text(new ApiError('arguments', 'bad'))).toBe('bad');
    expect(text(new ApiError('configuration', 'unset'))).toBe('unset');
  });

  it('redacts secrets', () => {
    redactor.add('results-secret-2');
    expect(text(new ApiError('http', 'echo results-secret-2', { status: 400 }))).toBe(
      'echo [REDACTED] Retrying the same call will not help.',
    );
    expect(textError('leak results-secret-2')).toEqual({ content: [{ type: 'text', text: 'leak [REDACTED]' }], isError: true });
  });
});
