import { describe, expect, it } from 'vitest';
import { unwrapEnvelope } from './envelope.js';

const envelope = { dataPath: '/data', metadataPath: '/metadata' };

describe('unwrapEnvelope', () => {
  it('returns an object payload with the page information beside it', () => {
    expect(unwrapEnvelope(envelope, { status: 'success', data: { id: 'c1' }, metadata: { page: 2 } })).toEqual({
      id: 'c1',
      metadata: { page: 2 },
    });
  });

  it('puts a list under items, keeping the metadata', () => {
    const body = { status: 'success', data: [{ id: 'a' }, { id: 'b' }], metadata: { page: 1, limit: 2, total: 5, pages: 3 } };
    expect(unwrapEnvelope(envelope, body)).toEqual({ items: [{ id: 'a' }, { id: 'b' }], metadata: body.metadata });
  });

  it('puts a scalar under value and drops an absent or null metadata', () => {
    expect(unwrapEnvelope(envelope, { status: 'success', data: 3 })).toEqual({ value: 3 });
    expect(unwrapEnvelope(envelope, { status: 'success', data: 'ok', metadata: null })).toEqual({ value: 'ok' });
  });

  it('a null payload without metadata is no content', () => {
    expect(unwrapEnvelope(envelope, { status: 'success', data: null })).toBeUndefined();
  });

  it('leaves bodies without a payload at dataPath as they are (bare health probes, text, lists)', () => {
    expect(unwrapEnvelope(envelope, { status: 'ok' })).toEqual({ status: 'ok' });
    expect(unwrapEnvelope(envelope, 'plain text')).toBe('plain text');
    expect(unwrapEnvelope(envelope, [1, 2])).toEqual([1, 2]);
    expect(unwrapEnvelope(envelope, undefined)).toBeUndefined();
  });

  it('follows nested pointers', () => {
    expect(unwrapEnvelope({ dataPath: '/result/value' }, { result: { value: { a: 1 } } })).toEqual({ a: 1 });
  });
});
