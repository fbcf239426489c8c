import { describe, expect, it } from 'vitest';
import { ApiError, ArgumentError, ConfigurationError, statusError } from './errors.js';
import { redactor } from './redact.js';

describe('errors', () => {
  it('ApiError carries kind and details', () => {
    const error = new ApiError('http', 'HTTP 409', { status: 409, code: 'CONFLICT', retryAfterSeconds: 3 }, { cause: new Error('root') });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ApiError');
    expect(error).toMatchObject({ kind: 'http', message: 'HTTP 409', status: 409, code: 'CONFLICT', retryAfterSeconds: 3 });
    expect((error.cause as Error).message).toBe('root');
    const bare = new ApiError('timeout', 'slow');
    expect([bare.status, bare.code, bare.retryAfterSeconds]).toEqual([undefined, undefined, undefined]);
  });

  it.each([
    [new ApiError('timeout', ''), true],
    [new ApiError('network', ''), true],
    [new ApiError('rate-limited', ''), true],
    [new ApiError('http', '', { status: 408 }), true],
    [new ApiError('http', '', { status: 429 }), true],
    [new ApiError('http', '', { status: 500 }), true],
    [new ApiError('http', '', { status: 503 }), true],
    [new ApiError('http', '', { status: 400 }), false],
    [new ApiError('auth', '', { status: 401 }), false],
    [new ApiError('invalid-response', '', { status: 200 }), false],
    [new ApiError('too-large', ''), false],
    [new ApiError('arguments', ''), false],
    [new ApiError('configuration', ''), false],
  ])('retryable: %s → %s', (error, retryable) => {
    expect(error.retryable).toBe(retryable);
  });

  it('ArgumentError names the argument', () => {
    const error = new ArgumentError('appId', 'must not be empty');
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      name: 'ArgumentError',
      kind: 'arguments',
      argument: 'appId',
      message: 'argument "appId" must not be empty',
    });
  });

  it('ConfigurationError is an ApiError of kind configuration', () => {
    const error = new ConfigurationError('set X');
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ name: 'ConfigurationError', kind: 'configuration', message: 'set X' });
  });
});

describe('statusError', () => {
  const headers = (init: Record<string, string> = {}) => new Headers(init);

  it('gives each error status its kind, with the caller’s own auth statuses', () => {
    expect(statusError('x', headers(), { status: 401 }).kind).toBe('auth');
    expect(statusError('x', headers(), { status: 429, retryAfterSeconds: 5 })).toMatchObject({
      kind: 'rate-limited',
      retryAfterSeconds: 5,
    });
    expect(statusError('x', headers(), { status: 500 })).toMatchObject({ kind: 'http', message: 'x', status: 500 });
    expect(statusError('x', headers(), { status: 422 }).kind).toBe('http');
    expect(statusError('x', headers(), { status: 422 }, new Set([422])).kind).toBe('auth');
  });

  it('says a redirect is not followed and masks secrets in its location', () => {
    redactor.add('redirect-secret-42');
    const error = statusError('HTTP 302', headers({ location: 'https://elsewhere.example/?t=redirect-secret-42' }), { status: 302 });
    expect(error.message).toBe('HTTP 302 (redirect to https://elsewhere.example/?t=[REDACTED] not followed)');
    expect(statusError('HTTP 307', headers(), { status: 307 }).message).toBe('HTTP 307 (redirect to unknown not followed)');
  });
});
