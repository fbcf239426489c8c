import { describe, expect, it } from 'vitest';
import { ApiError, ArgumentError, ConfigurationError } from './errors.js';

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
