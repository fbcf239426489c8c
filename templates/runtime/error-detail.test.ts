import { describe, expect, it } from 'vitest';
import { detailsSuffix, errorMessageOf, validationErrorsText } from './error-detail.js';

describe('validationErrorsText', () => {
  it('turns a FastAPI validation list into located messages', () => {
    const detail = [
      { loc: ['body', 'username'], msg: 'String should have at least 3 characters', type: 'string_too_short' },
      { loc: ['query', 'page'], msg: 'Input should be greater than or equal to 1', type: 'greater_than_equal' },
    ];
    expect(validationErrorsText(detail)).toBe(
      'body.username: String should have at least 3 characters; query.page: Input should be greater than or equal to 1',
    );
  });

  it('is undefined for anything but a non-empty list', () => {
    expect(validationErrorsText('Not found')).toBeUndefined();
    expect(validationErrorsText([])).toBeUndefined();
  });
});

describe('detailsSuffix', () => {
  it('shows a non-empty details object, nothing for an empty one', () => {
    expect(detailsSuffix({ retry_after: 30 })).toBe(' (details: {"retry_after":30})');
    expect(detailsSuffix({})).toBe('');
    expect(detailsSuffix(undefined)).toBe('');
  });
});

describe('errorMessageOf reads the error bodies of enveloped and FastAPI APIs', () => {
  it('envelope error: code, message and details', () => {
    const body = { status: 'error', error: { code: 'RATE_LIMIT_EXCEEDED', message: 'Rate limit exceeded.', details: { retry_after: 30 } } };
    expect(errorMessageOf(body)).toEqual({ code: 'RATE_LIMIT_EXCEEDED', message: 'Rate limit exceeded. (details: {"retry_after":30})' });
  });

  it('FastAPI string detail and validation list', () => {
    expect(errorMessageOf({ detail: 'Server not found' })).toEqual({ message: 'Server not found' });
    expect(errorMessageOf({ detail: [{ loc: ['body', 'name'], msg: 'Field required', type: 'missing' }] })).toEqual({
      message: 'body.name: Field required',
    });
  });
});

describe('errorMessageOf', () => {
  it('reads the conventions and ignores bodies without a message', () => {
    expect(errorMessageOf(undefined)).toEqual({});
    expect(errorMessageOf('  ')).toEqual({});
    expect(errorMessageOf(Buffer.from('x'))).toEqual({});
    expect(errorMessageOf({ msg: 'm', code: 42 })).toEqual({ code: '42', message: 'm' });
    expect(errorMessageOf({ error: { type: 'invalid_request', message: 'x' } })).toEqual({ code: 'invalid_request', message: 'x' });
    expect(errorMessageOf({ message: 'y'.repeat(600) }).message).toHaveLength(501);
  });
});
