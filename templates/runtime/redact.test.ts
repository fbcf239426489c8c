import { describe, expect, it } from 'vitest';
import { Redactor } from './redact.js';

describe('Redactor', () => {
  it('leaves text alone until it knows a secret', () => {
    expect(new Redactor().redact('nothing to hide')).toBe('nothing to hide');
  });

  it('masks every occurrence of a secret and of its URL-encoded form', () => {
    const redactor = new Redactor();
    redactor.add('s3cr3t/+=&token');
    expect(redactor.redact('a s3cr3t/+=&token b s3cr3t/+=&token')).toBe('a [REDACTED] b [REDACTED]');
    expect(redactor.redact(`url?key=${encodeURIComponent('s3cr3t/+=&token')}&x=1`)).toBe('url?key=[REDACTED]&x=1');
  });

  it('masks a secret inside JSON text, where quotes and backslashes are escaped', () => {
    const redactor = new Redactor();
    redactor.add('pa"ss\\word');
    expect(redactor.redact(JSON.stringify({ password: 'pa"ss\\word' }))).toBe('{"password":"[REDACTED]"}');
  });

  it('masks regex metacharacters literally', () => {
    const redactor = new Redactor();
    redactor.add('a.b*c(d)');
    expect(redactor.redact('a.b*c(d) axbbbc(d)')).toBe('[REDACTED] axbbbc(d)');
  });

  it('prefers the longest secret when one contains another', () => {
    const redactor = new Redactor();
    redactor.add('abcd');
    redactor.add('abcdefgh');
    expect(redactor.redact('abcdefgh abcd')).toBe('[REDACTED] [REDACTED]');
  });

  it('ignores empty, undefined and very short values (they would mask ordinary text)', () => {
    const redactor = new Redactor();
    redactor.add(undefined);
    redactor.add('');
    redactor.add('abc');
    expect(redactor.redact('abc')).toBe('abc');
  });

  it('picks up secrets added after the first use', () => {
    const redactor = new Redactor();
    redactor.add('first-secret');
    expect(redactor.redact('second-secret')).toBe('second-secret');
    redactor.add('second-secret');
    redactor.add('second-secret');
    expect(redactor.redact('first-secret second-secret')).toBe('[REDACTED] [REDACTED]');
  });
});
