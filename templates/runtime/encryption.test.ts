import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseEncryptionKey, SealedBox } from './encryption.js';
import { ConfigurationError } from './errors.js';

describe('SealedBox (AES-256-GCM)', () => {
  const box = new SealedBox(randomBytes(32));

  it('round-trips, with a fresh IV each time and no plaintext in the output', () => {
    const a = box.seal('{"token":"secret-token-value"}', 'name-1');
    const b = box.seal('{"token":"secret-token-value"}', 'name-1');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(a).not.toContain('secret');
    expect(box.open(a, 'name-1')).toBe('{"token":"secret-token-value"}');
  });

  it('refuses a value moved to another name, altered, or sealed with another key', () => {
    const sealed = box.seal('value', 'name-1');
    expect(box.open(sealed, 'name-2')).toBeUndefined();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('other').toString('base64url');
    expect(box.open(parts.join('.'), 'name-1')).toBeUndefined();
    expect(new SealedBox(randomBytes(32)).open(sealed, 'name-1')).toBeUndefined();
    expect(box.open('not sealed', 'name-1')).toBeUndefined();
  });

  it('names are keyed HMACs: stable per key, different across keys', () => {
    expect(box.name('id')).toBe(box.name('id'));
    expect(box.name('id')).toMatch(/^[0-9a-f]{64}$/);
    expect(new SealedBox(randomBytes(32)).name('id')).not.toBe(box.name('id'));
  });

  it('a key of the wrong size is refused', () => {
    expect(() => new SealedBox(randomBytes(16))).toThrow(ConfigurationError);
  });
});

describe('parseEncryptionKey', () => {
  const key = randomBytes(32);

  it('takes 64 hex digits, base64 and base64url', () => {
    expect(parseEncryptionKey(key.toString('hex'), 'K')).toEqual(key);
    expect(parseEncryptionKey(key.toString('base64'), 'K')).toEqual(key);
    expect(parseEncryptionKey(` ${key.toString('base64url')} `, 'K')).toEqual(key);
  });

  it('refuses anything else, naming the variable and how to make a key', () => {
    for (const text of ['', 'short', randomBytes(16).toString('hex'), randomBytes(33).toString('base64'), 'z'.repeat(64)]) {
      expect(() => parseEncryptionKey(text, 'CLOUDWAYS_REDIS_KEY')).toThrow(
        'CLOUDWAYS_REDIS_KEY must be a 32-byte key, as 64 hex digits or 44 base64 characters (make one with: openssl rand -base64 32)',
      );
    }
  });
});
