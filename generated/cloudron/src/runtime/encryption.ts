// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/cloudron.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { ConfigurationError } from './errors.js';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM for values kept outside the process (Redis): each value gets a fresh IV and
 * is bound to the key it is stored under (additional authenticated data), so a value copied
 * to another key does not decrypt. Key names are HMACs, so they reveal nothing either.
 */
export class SealedBox {
  private readonly encryptionKey: Buffer;
  private readonly namingKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new ConfigurationError('the encryption key must be 32 bytes');
    this.encryptionKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'mcpgen state encryption', 32));
    this.namingKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'mcpgen state key names', 32));
  }

  /** "v1.<iv>.<tag>.<ciphertext>", base64url. */
  seal(plaintext: string, boundTo: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(boundTo, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, ...[iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'))].join('.');
  }

  /** The plaintext, or undefined when the value was sealed with another key, for another name, or altered. */
  open(sealed: string, boundTo: string): string | undefined {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== VERSION || iv === undefined || tag === undefined || ciphertext === undefined) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(boundTo, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }

  /** A key name that does not reveal the (already hashed) identifier it stands for. */
  name(identifier: string): string {
    return createHmac('sha256', this.namingKey).update(identifier).digest('hex');
  }
}

/** 32 bytes as 64 hex digits or base64 (standard or URL-safe); anything else is a ConfigurationError naming `source`. */
export function parseEncryptionKey(text: string, source: string): Buffer {
  const value = text.trim();
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(value)) key = Buffer.from(value, 'hex');
  // Node's base64 decoder takes the URL-safe alphabet as well.
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) key = Buffer.from(value, 'base64');
  if (!key || key.length !== 32) {
    throw new ConfigurationError(
      `${source} must be a 32-byte key, as 64 hex digits or 44 base64 characters (make one with: openssl rand -base64 32)`,
    );
  }
  return key;
}
