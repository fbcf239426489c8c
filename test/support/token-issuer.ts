import { randomBytes } from 'node:crypto';

export interface IssuedTokens {
  readonly access_token: string;
  readonly refresh_token: string;
  readonly token_type: string;
  readonly expires_in: number;
}

export type TokenState = 'expired' | 'revoked' | 'unknown' | 'valid';

/**
 * The login side of a mock upstream: username/password logins that issue an access and a
 * refresh token, refreshes that rotate both (the old refresh token is spent), expiry,
 * revocation (logout), and counts of each, so tests can tell how often a server logged in.
 */
export class TokenIssuer {
  logins = 0;
  refreshes = 0;
  refusedRefreshes = 0;
  private readonly access = new Map<string, { expiresAt: number; revoked: boolean }>();
  private readonly refresh = new Map<string, { expiresAt: number; spent: boolean }>();

  constructor(
    private readonly options: {
      readonly username: string;
      readonly password: string;
      readonly accessTtlSeconds: number;
      readonly refreshTtlSeconds: number;
      readonly tokenType?: string;
    },
  ) {}

  login(username: unknown, password: unknown): IssuedTokens | undefined {
    if (username !== this.options.username || password !== this.options.password) return undefined;
    this.logins += 1;
    return this.issue();
  }

  /** New tokens for an unspent, unexpired refresh token; that refresh token is spent. */
  rotate(refreshToken: unknown): IssuedTokens | undefined {
    const entry = typeof refreshToken === 'string' ? this.refresh.get(refreshToken) : undefined;
    if (!entry || entry.spent || entry.expiresAt <= Date.now()) {
      this.refusedRefreshes += 1;
      return undefined;
    }
    entry.spent = true;
    this.refreshes += 1;
    return this.issue();
  }

  /** Logout: the access token (and a refresh token, when given) stop working. */
  revoke(accessToken: string | undefined, refreshToken?: unknown): void {
    const access = accessToken ? this.access.get(accessToken) : undefined;
    if (access) access.revoked = true;
    const refresh = typeof refreshToken === 'string' ? this.refresh.get(refreshToken) : undefined;
    if (refresh) refresh.spent = true;
  }

  state(accessToken: string | undefined): TokenState {
    const entry = accessToken ? this.access.get(accessToken) : undefined;
    if (!entry) return 'unknown';
    if (entry.revoked) return 'revoked';
    return entry.expiresAt <= Date.now() ? 'expired' : 'valid';
  }

  /** Expires every access token now (expiry in the middle of a session). */
  expireAccessTokens(): void {
    for (const entry of this.access.values()) entry.expiresAt = 0;
  }

  /** Spends every refresh token (the API refuses the next refresh). */
  revokeRefreshTokens(): void {
    for (const entry of this.refresh.values()) entry.spent = true;
  }

  private issue(): IssuedTokens {
    const access_token = `at-${randomBytes(12).toString('hex')}`;
    const refresh_token = `rt-${randomBytes(12).toString('hex')}`;
    this.access.set(access_token, { expiresAt: Date.now() + this.options.accessTtlSeconds * 1000, revoked: false });
    this.refresh.set(refresh_token, { expiresAt: Date.now() + this.options.refreshTtlSeconds * 1000, spent: false });
    return { access_token, refresh_token, token_type: this.options.tokenType ?? 'Bearer', expires_in: this.options.accessTtlSeconds };
  }
}

/** The bearer token of an Authorization header, if any. */
export function bearerOf(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value?.match(/^Bearer (.+)$/i);
  return match?.[1];
}
