import { describe, expect, it } from 'vitest';
import { Redactor, redactor, withCallSecrets } from './redact.js';

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

describe('Redactor: weak secrets and encoded forms', () => {
  it('masks a short or dictionary-like secret only as a whole token, never inside other words', () => {
    const redactor = new Redactor();
    for (const secret of ['true', 'http', 'manifest']) redactor.add(secret);
    expect(redactor.redact('https://x/manifests?untrue=1')).toBe('https://x/manifests?untrue=1');
    expect(redactor.redact('token manifest, http.')).toBe('token [REDACTED], [REDACTED].');
  });

  it('masks a strong secret anywhere, and its base64, base64url and hex forms', () => {
    const secret = 'Zx9-q7Lm~p2Rt8Vw?';
    const redactor = new Redactor();
    redactor.add(secret);
    const bytes = Buffer.from(secret);
    for (const form of [
      bytes.toString('base64'),
      bytes.toString('base64url'),
      bytes.toString('hex'),
      bytes.toString('hex').toUpperCase(),
      `prefix${secret}suffix`,
    ]) {
      expect(redactor.redact(`[${form}]`), form).not.toMatch(/Zx9|WnG5|5a78/i);
      expect(redactor.redact(`[${form}]`)).toContain('[REDACTED]');
    }
  });
});

describe('withCallSecrets', () => {
  it("masks a call's own secrets and the environment's, and forgets the call's when it ends", async () => {
    redactor.add('environment-secret-41e8');
    const seen = await withCallSecrets(async () => {
      redactor.add('caller-secret-9f2c71');
      await new Promise((resolve) => setTimeout(resolve, 1));
      return redactor.redact('caller-secret-9f2c71 environment-secret-41e8');
    });
    expect(seen).toBe('[REDACTED] [REDACTED]');
    expect(redactor.redact('caller-secret-9f2c71 environment-secret-41e8')).toBe('caller-secret-9f2c71 [REDACTED]');
  });

  it('keeps interleaved calls apart: neither masks the other caller’s token', async () => {
    const call = (token: string, other: string) =>
      withCallSecrets(async () => {
        redactor.add(token);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return redactor.redact(`${token} ${other}`);
      });
    const [first, second] = await Promise.all([call('manifest', 'true'), call('true', 'manifest')]);
    expect(first).toBe('[REDACTED] true');
    expect(second).toBe('[REDACTED] manifest');
  });

  it('does not grow the process-wide set with callers', async () => {
    const before = redactor.environmentSize;
    for (let index = 0; index < 200; index++) {
      await withCallSecrets(async () => redactor.add(`caller-token-${index}-a8d3f0`));
    }
    expect(redactor.environmentSize).toBe(before);
  });
});
