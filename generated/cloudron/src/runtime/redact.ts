// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/cloudron.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import { AsyncLocalStorage } from 'node:async_hooks';

const MASK = '[REDACTED]';
/** Shorter values are never masked: they would only blank out fragments of ordinary text. */
const MIN_SECRET_LENGTH = 4;
/**
 * Below this estimated strength (length × log2 of the character classes used) a secret is
 * masked only as a whole token: a caller whose token is `manifest` or `http` must not turn
 * `manifests` or `https` into `[REDACTED]`s, and a 40-character random token never needs a boundary.
 */
const STRONG_SECRET_BITS = 64;
/** Characters that continue a token: a weak secret next to one of these is part of another word. */
const TOKEN_CHAR = '[A-Za-z0-9_]';

/**
 * A set of secrets (tokens, keys, passwords) masked in any text that leaves the process:
 * results, errors, logs. Each secret is masked raw and in the forms it travels in: URL-encoded,
 * JSON-escaped, base64, base64url and hex.
 */
export class Redactor {
  private readonly secrets = new Map<string, boolean>();
  private pattern: RegExp | undefined;
  /** Secrets added so far, here and in the parent: the pattern is rebuilt when it changes. */
  private version = 0;
  private compiledAt = -1;

  /** `parent`: a wider set (the environment's) masked too, e.g. the process's for one call's. */
  constructor(private readonly parent?: Redactor) {}

  add(secret: string | undefined): void {
    if (!secret || secret.length < MIN_SECRET_LENGTH || this.secrets.has(secret)) return;
    this.secrets.set(secret, isStrong(secret));
    this.version += 1;
  }

  get size(): number {
    return this.secrets.size;
  }

  redact(text: string): string {
    // A call that added nothing of its own (stdio, a caller without credentials) reuses the parent's pattern.
    if (this.parent && this.secrets.size === 0) return this.parent.redact(text);
    const pattern = this.compiled();
    return pattern ? text.replace(pattern, MASK) : text;
  }

  private compiled(): RegExp | undefined {
    const generation = this.generation();
    if (this.compiledAt !== generation) {
      this.compiledAt = generation;
      const alternatives = [...this.entries()]
        .flatMap(([secret, strong]) => encodedForms(secret).map((form) => ({ form, strong })))
        .sort((a, b) => b.form.length - a.form.length)
        .map(({ form, strong }) => {
          const literal = form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          return strong ? literal : `(?<!${TOKEN_CHAR})${literal}(?!${TOKEN_CHAR})`;
        });
      this.pattern = alternatives.length > 0 ? new RegExp([...new Set(alternatives)].join('|'), 'g') : undefined;
    }
    return this.pattern;
  }

  private generation(): number {
    return this.version + (this.parent?.generation() ?? 0);
  }

  private *entries(): Iterable<[string, boolean]> {
    if (this.parent) yield* this.parent.entries();
    yield* this.secrets;
  }
}

/** Roughly how many bits of guessing the secret's characters stand for. */
function isStrong(secret: string): boolean {
  let pool = 0;
  if (/[a-z]/.test(secret)) pool += 26;
  if (/[A-Z]/.test(secret)) pool += 26;
  if (/[0-9]/.test(secret)) pool += 10;
  if (/[^A-Za-z0-9]/.test(secret)) pool += 33;
  return secret.length * Math.log2(pool) >= STRONG_SECRET_BITS;
}

/** The secret as it appears in URLs, JSON text, basic-auth-like headers and hex dumps. */
function encodedForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const hex = bytes.toString('hex');
  return [
    secret,
    encodeURIComponent(secret),
    JSON.stringify(secret).slice(1, -1),
    // Unpadded, so that the form matches whether or not `=` padding follows.
    bytes.toString('base64').replace(/=+$/, ''),
    bytes.toString('base64url'),
    hex,
    hex.toUpperCase(),
  ];
}

/** The server's own secrets (its environment, credentials file): masked in every output. */
const environment = new Redactor();
/** The secrets of the call under way: its caller's credentials and the tokens obtained for them. */
const callSecrets = new AsyncLocalStorage<Redactor>();

/**
 * Runs one tool call with a secret set of its own: what the call adds (its caller's credentials,
 * tokens exchanged for them) is masked in its own results and logs and dropped when it ends, so
 * no caller's secret touches another caller's output and nothing grows with the number of callers.
 */
export function withCallSecrets<T>(run: () => T): T {
  return callSecrets.run(new Redactor(environment), run);
}

/**
 * The redactor every output goes through. Inside a call it adds to and masks that call's secrets
 * (and the environment's); outside any call (start-up, configuration) it adds to the environment's.
 */
export const redactor = {
  add(secret: string | undefined): void {
    (callSecrets.getStore() ?? environment).add(secret);
  },
  redact(text: string): string {
    return (callSecrets.getStore() ?? environment).redact(text);
  },
  /** How many secrets the process keeps for every call (the environment's); for tests and stats. */
  get environmentSize(): number {
    return environment.size;
  },
};
