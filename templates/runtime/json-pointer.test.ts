import { describe, expect, it } from 'vitest';
import { escapeToken, pointerTokens, readPointer } from './json-pointer.js';

describe('readPointer', () => {
  const document = { a: { b: [10, { c: 'deep' }] }, 'x/y': 1, 'm~n': 2, zero: 0, nil: null };

  it('reads the whole document for "" and "/"', () => {
    expect(readPointer(document, '')).toBe(document);
    expect(readPointer(document, '/')).toBe(document);
  });

  it('walks objects and arrays', () => {
    expect(readPointer(document, '/a/b/0')).toBe(10);
    expect(readPointer(document, '/a/b/1/c')).toBe('deep');
    expect(readPointer(document, '/zero')).toBe(0);
    expect(readPointer(document, '/nil')).toBeNull();
  });

  it('unescapes ~1 and ~0', () => {
    expect(readPointer(document, '/x~1y')).toBe(1);
    expect(readPointer(document, '/m~0n')).toBe(2);
  });

  it('gives undefined for any missing step', () => {
    expect(readPointer(document, '/a/missing/c')).toBeUndefined();
    expect(readPointer(document, '/zero/x')).toBeUndefined();
    expect(readPointer(document, '/nil/x')).toBeUndefined();
    expect(readPointer(undefined, '/a')).toBeUndefined();
  });

  it('reads own properties only', () => {
    expect(readPointer({}, '/constructor')).toBeUndefined();
    expect(readPointer({ a: {} }, '/a/toString')).toBeUndefined();
  });
});

describe('escapeToken and pointerTokens', () => {
  it('round-trip keys holding "/" and "~"', () => {
    const keys = ['a/b', 'm~n', '~1', '', 3];
    expect(pointerTokens(keys.map((key) => `/${escapeToken(key)}`).join(''))).toEqual(['a/b', 'm~n', '~1', '', '3']);
    expect(pointerTokens('')).toEqual([]);
  });
});
