// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/mcpbox.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import { createHash } from 'node:crypto';
import { type Credentials, secretCredentialNames, type TokenRequestOptions, type TokenSource } from './credentials.js';
import { errorMessageOf } from './error-detail.js';
import { ApiError, ConfigurationError, messageOf, statusError } from './errors.js';
import { type HttpOptions, parseRetryAfter, sendForBytes } from './http.js';
import { readPointer } from './json-pointer.js';
import { ExpiringMap } from './expiring-map.js';
import { KeyedLock } from './keyed-lock.js';
import { jsonTypeOf } from './output-fit.js';
import { redactor } from './redact.js';
import { encodeBody, joinUrl, type PreparedRequest } from './request.js';
import type { SecuritySchemeDefinition, TokenExchangeDefinition } from './types.js';

/** A token obtained from a token endpoint, as a store keeps it. Times are ms since the epoch (the manager's clock). */
export interface StoredToken {
  readonly token: string;
  /** When the exchange that produced it finished. */
  readonly issuedAt: number;
  /** When the token stops working (counted from the start of its exchange); absent when the endpoint gave no lifetime. */
  readonly expiresAt?: number;
  /** From when a fresh token is fetched before use (expiresAt minus the refresh margin). */
  readonly refreshAt?: number;
  /** True when a forced refresh (after an upstream rejected the previous token) produced it. */
  readonly forced: boolean;
  /** The refresh token that came with it (x-mcp tokenExchange.refresh), spent for the next one. */
  readonly refreshToken?: string;
}

/**
 * Where tokens live between calls. The in-memory default serves one process; a shared store
 * (Redis...) lets several processes use one token per credential. `withLock` must exclude
 * other holders of the same key for as long as `fn` runs (a distributed lock for a shared store).
 */
export interface TokenStore {
  get(key: string): Promise<StoredToken | undefined>;
  /** ttlSeconds: how long the entry is worth keeping; undefined = until replaced. */
  set(key: string, value: StoredToken, ttlSeconds: number | undefined): Promise<void>;
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

/** The default TokenStore: a map with expiry, and a per-key lock. */
export class MemoryTokenStore implements TokenStore {
  private readonly entries: ExpiringMap<StoredToken>;
  private readonly locks = new KeyedLock();

  constructor(options: { readonly now?: () => number } = {}) {
    this.entries = new ExpiringMap(options.now ?? Date.now);
  }

  async get(key: string): Promise<StoredToken | undefined> {
    return this.entries.get(key);
  }

  async set(key: string, value: StoredToken, ttlSeconds: number | undefined): Promise<void> {
    this.entries.set(key, value, ttlSeconds === undefined ? undefined : ttlSeconds * 1000);
  }

  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.locks.run(key, fn);
  }
}

export interface TokenManagerOptions {
  /** The API base URL the exchange path is appended to (e.g. https://api.cloudways.com/api/v1). */
  readonly baseUrl: (scheme: string) => string;
  /** Prefix of the credential variables, to name them in errors (CLOUDWAYS → CLOUDWAYS_API_KEY). */
  readonly envPrefix: string;
  readonly fetch?: typeof fetch;
  /** Time limit of one exchange, body included (default 30000). */
  readonly timeoutMs?: number;
  /** Clock in ms since the epoch (default Date.now). */
  readonly now?: () => number;
  /** Default: a MemoryTokenStore on the same clock. */
  readonly store?: TokenStore;
  /**
   * A token obtained by a forced refresh is handed to further forced refreshes that do not say
   * which token was rejected for this long, rather than exchanged again: they are late 401s for
   * the token it replaced (default 10000).
   */
  readonly forcedRefreshGraceMs?: number;
  /** Schemes status() reports even before their first use (e.g. the API's securitySchemes). */
  readonly schemes?: Readonly<Record<string, SecuritySchemeDefinition>>;
}

/** What a "token status" tool may show: never the token itself. */
export interface TokenStatus {
  readonly hasToken: boolean;
  /** ISO 8601; null when there is no token or the endpoint gave no lifetime. */
  readonly expiresAt: string | null;
  /** ISO 8601 time of the last successful exchange; null before the first. */
  readonly lastRefreshAt: string | null;
  /** Requests this process sent to the token endpoint for these credentials (failed ones included). */
  readonly exchanges: number;
  /** Why the last exchange failed (secrets masked); null when it succeeded. */
  readonly lastError: string | null;
}

export const DEFAULT_TOKEN_TIMEOUT_MS = 30_000;
export const DEFAULT_FORCED_REFRESH_GRACE_MS = 10_000;
/** A shutdown waits this long at most for the API to accept the logouts. */
export const DEFAULT_LOGOUT_TIMEOUT_MS = 2_000;
const MAX_TOKEN_RESPONSE_BYTES = 1024 * 1024;
const BAD_CREDENTIAL_STATUSES: ReadonlySet<number> = new Set([400, 401, 403, 422]);
/**
 * How long an entry holding a refresh token is kept after its access token expired: refresh
 * tokens outlive access tokens (days, not minutes) and APIs rarely say for how long. A refresh
 * token kept too long is refused, and the manager logs in again.
 */
const REFRESH_TOKEN_KEEP_SECONDS = 30 * 86_400;

/** One request to a token endpoint: a login (the credential fields), a refresh or a logout (the refresh token). */
interface TokenRequest {
  readonly contentType: string;
  readonly method: string;
  readonly path: string;
  readonly values: readonly [string, string][];
}

/** What every step of one exchange needs: the store key, the scheme and the credentials it is for. */
interface TokenJob {
  readonly credentials: Credentials;
  readonly definition: SecuritySchemeDefinition;
  readonly exchange: TokenExchangeDefinition;
  readonly forced: boolean;
  readonly key: string;
  readonly scheme: string;
}

interface KeyStats {
  exchanges: number;
  lastRefreshAt: number | undefined;
  lastError: string | undefined;
}

/**
 * Exchanges credentials for short-lived bearer tokens (`x-mcp.tokenExchange`) and caches them
 * per scheme and credentials: one exchange at a time per key (concurrent callers share it),
 * refreshed before expiry, re-exchanged at most once per rejected token.
 */
export class TokenManager implements TokenSource {
  private readonly options: TokenManagerOptions;
  private readonly store: TokenStore;
  private readonly now: () => number;
  private readonly inflight = new Map<string, Promise<StoredToken>>();
  private readonly stats = new Map<string, KeyStats>();
  /** The token exchanges status() reports, by scheme. */
  private readonly exchanges = new Map<string, TokenExchangeDefinition>();
  /** The keys this process obtained tokens for, with what is needed to log them out. */
  private readonly obtained = new Map<string, { readonly scheme: string; readonly exchange: TokenExchangeDefinition }>();

  constructor(options: TokenManagerOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.store = options.store ?? new MemoryTokenStore({ now: this.now });
    for (const [name, scheme] of Object.entries(options.schemes ?? {})) {
      if (scheme.tokenExchange) this.exchanges.set(name, scheme.tokenExchange);
    }
  }

  async token(
    scheme: string,
    definition: SecuritySchemeDefinition,
    credentials: Credentials,
    options: TokenRequestOptions = { forceRefresh: false },
  ): Promise<string> {
    const exchange = definition.tokenExchange;
    if (!exchange) throw new ConfigurationError(`security scheme "${scheme}" has no tokenExchange`);
    this.exchanges.set(scheme, exchange);
    const key = this.keyFor(scheme, exchange, credentials);
    const cached = await this.store.get(key);
    const now = this.now();
    if (!options.forceRefresh && cached && isFresh(cached, now)) return cached.token;

    // A still-valid token stays usable should its proactive refresh fail.
    const fallback = !options.forceRefresh && cached && !isExpired(cached, now) ? cached : undefined;
    // From here to registering the flight there is no await: concurrent callers see it.
    const running = this.inflight.get(key);
    // A token that still works is used while its successor is fetched: no call waits on a refresh.
    if (running) return fallback ? fallback.token : (await running).token;
    if (options.forceRefresh && cached && !this.mustReexchange(cached, options, now)) return cached.token;

    const job: TokenJob = { credentials, definition, exchange, forced: options.forceRefresh, key, scheme };
    const flight = this.exchangeLocked(job, cached?.token);
    this.inflight.set(key, flight);
    // Registered first, so it runs before any caller resumes: a failure is never handed to later callers.
    const forget = () => {
      if (this.inflight.get(key) === flight) this.inflight.delete(key);
    };
    flight.then(forget, forget);
    return fallback ? fallback.token : (await flight).token;
  }

  /**
   * Logs out every token this process obtained and still holds, where the API declares a logout
   * (x-mcp tokenExchange.logout), so that none outlives the server: all at once, each within
   * `timeoutMs`, failures ignored (the token expires anyway). Returns how many the API accepted.
   */
  async logout(timeoutMs: number = DEFAULT_LOGOUT_TIMEOUT_MS): Promise<number> {
    await this.idle();
    const accepted = await Promise.allSettled(
      [...this.obtained].map(async ([key, { exchange, scheme }]) => {
        const logout = exchange.logout;
        const stored = logout ? await this.store.get(key) : undefined;
        if (!logout || !stored || isExpired(stored, this.now())) return false;
        const values: [string, string][] = logout.field && stored.refreshToken ? [[logout.field, stored.refreshToken]] : [];
        const request = this.prepare(scheme, { ...logout, contentType: 'application/json', values });
        request.headers.authorization = `Bearer ${stored.token}`;
        // Whatever the answer, the token is not to be used again.
        this.obtained.delete(key);
        await this.store.set(key, { expiresAt: this.now(), forced: false, issuedAt: stored.issuedAt, token: stored.token }, 1);
        const { status } = await sendForBytes(request, { endpoint: 'the logout endpoint', ...this.sendOptions(timeoutMs) });
        return status >= 200 && status < 300;
      }),
    );
    return accepted.filter((result) => result.status === 'fulfilled' && result.value).length;
  }

  /** Resolves once every exchange and refresh under way has settled (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.inflight.values()]);
  }

  /** Per tokenExchange scheme (those given as `schemes` and those used so far): the state of the token for these credentials. */
  async status(credentials: Credentials): Promise<Record<string, TokenStatus>> {
    const result: Record<string, TokenStatus> = {};
    for (const [name, exchange] of [...this.exchanges].sort(([a], [b]) => a.localeCompare(b))) {
      const key = exchange.fields.every((field) => credentials[field.env] !== undefined)
        ? this.keyFor(name, exchange, credentials)
        : undefined;
      const stored = key === undefined ? undefined : await this.store.get(key);
      const stats = key === undefined ? undefined : this.stats.get(key);
      const valid = stored !== undefined && !isExpired(stored, this.now());
      const lastRefreshAt = stored?.issuedAt ?? stats?.lastRefreshAt;
      result[name] = {
        exchanges: stats?.exchanges ?? 0,
        expiresAt: valid && stored.expiresAt !== undefined ? new Date(stored.expiresAt).toISOString() : null,
        hasToken: valid,
        lastError: stats?.lastError ?? null,
        lastRefreshAt: lastRefreshAt === undefined ? null : new Date(lastRefreshAt).toISOString(),
      };
    }
    return result;
  }

  /** The store key: scheme and a sha256 of the credential values, never the values themselves. */
  keyFor(scheme: string, exchange: TokenExchangeDefinition, credentials: Credentials): string {
    const missing = exchange.fields.filter((field) => credentials[field.env] === undefined);
    if (missing.length > 0) {
      throw new ApiError('auth', `no credentials for token exchange "${scheme}": set ${this.variables(missing).join(' and ')}`);
    }
    const hash = createHash('sha256').update(JSON.stringify(exchange.fields.map((field) => [field.name, credentials[field.env]])));
    return `${this.options.envPrefix}:${scheme}:${hash.digest('hex')}`;
  }

  private mustReexchange(cached: StoredToken, options: TokenRequestOptions, now: number): boolean {
    if (isExpired(cached, now)) return true;
    if (options.rejectedToken !== undefined) return cached.token === options.rejectedToken;
    const grace = this.options.forcedRefreshGraceMs ?? DEFAULT_FORCED_REFRESH_GRACE_MS;
    return !(cached.forced && now - cached.issuedAt < grace);
  }

  private async exchangeLocked(job: TokenJob, replacing: string | undefined): Promise<StoredToken> {
    const { key } = job;
    return this.store.withLock(key, async () => {
      // Another process (shared store) may have refreshed while this one waited for the lock.
      const current = await this.store.get(key);
      if (current && current.token !== replacing && isFresh(current, this.now())) return current;
      const stats = this.stats.get(key) ?? { exchanges: 0, lastError: undefined, lastRefreshAt: undefined };
      this.stats.set(key, stats);
      stats.exchanges += 1;
      try {
        const token = await this.obtain(job, current);
        const lifetime = token.expiresAt === undefined ? undefined : Math.max(1, Math.ceil((token.expiresAt - this.now()) / 1000));
        const ttl = lifetime !== undefined && token.refreshToken !== undefined ? lifetime + REFRESH_TOKEN_KEEP_SECONDS : lifetime;
        await this.store.set(key, token, ttl);
        stats.lastRefreshAt = token.issuedAt;
        this.obtained.set(key, { exchange: job.exchange, scheme: job.scheme });
        stats.lastError = undefined;
        return token;
      } catch (error) {
        stats.lastError = redactor.redact(messageOf(error));
        throw error;
      }
    });
  }

  /**
   * The next token: spent from the previous one's refresh token when the API has refreshes,
   * else (or when the refresh token is refused: expired, revoked, rotated) a login with the
   * credentials. Cloudways-style exchanges, without refresh tokens, always log in.
   */
  private async obtain(job: TokenJob, previous: StoredToken | undefined): Promise<StoredToken> {
    const { credentials, exchange } = job;
    const refresh = exchange.refresh;
    if (refresh && previous?.refreshToken) {
      const request: TokenRequest = { ...refresh, contentType: 'application/json', values: [[refresh.field, previous.refreshToken]] };
      try {
        return await this.request(job, request, previous.refreshToken);
      } catch (error) {
        if (!(error instanceof ApiError && error.kind === 'auth')) throw error;
      }
    }
    for (const name of secretCredentialNames(job.definition)) redactor.add(credentials[name]);
    const login: TokenRequest = { ...exchange, values: exchange.fields.map((field) => [field.name, credentials[field.env] ?? '']) };
    return this.request(job, login, undefined);
  }

  private async request(job: TokenJob, tokenRequest: TokenRequest, spentRefreshToken: string | undefined): Promise<StoredToken> {
    const { exchange, forced } = job;
    const started = this.now();
    const request = this.prepare(job.scheme, tokenRequest);
    const target = `${request.method} ${request.url.origin}${request.url.pathname}`;
    const response = await sendForBytes(request, {
      endpoint: 'the token endpoint',
      ...this.sendOptions(this.options.timeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS),
    });
    const { status } = response;
    const text = Buffer.from(response.bytes).toString('utf8');
    const data = parsedJson(text);
    if (status < 200 || status >= 300) {
      const { message } = errorMessageOf(data ?? text);
      const http = `HTTP ${status}${message ? `: ${message}` : ''}`;
      const refused = spentRefreshToken === undefined ? this.variables(exchange.fields).join(' / ') : 'the refresh token';
      const what = BAD_CREDENTIAL_STATUSES.has(status)
        ? `${refused} rejected by the token endpoint`
        : `the token endpoint ${target} failed`;
      const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
      throw statusError(`${what} (${http})`, response.headers, { retryAfterSeconds, status }, BAD_CREDENTIAL_STATUSES);
    }

    if (data === undefined) {
      // The body is not quoted: a misconfigured endpoint may still have put a token in it.
      throw new ApiError(
        'invalid-response',
        `the token endpoint ${target} answered HTTP ${status} with ${response.headers.get('content-type')?.split(';')[0] || 'no content type'} (${Buffer.byteLength(text)} bytes) that is not JSON`,
        { status },
      );
    }
    const rawToken = readPointer(data, exchange.tokenPath);
    const token = typeof rawToken === 'number' ? String(rawToken) : rawToken;
    if (typeof token !== 'string' || token === '') {
      const keys = data !== null && typeof data === 'object' && !Array.isArray(data) ? Object.keys(data).slice(0, 20) : [];
      throw new ApiError(
        'invalid-response',
        `the token endpoint ${target} answered without a token at ${exchange.tokenPath}` +
          (keys.length > 0 ? ` (its fields: ${keys.join(', ')})` : ` (its body is JSON ${jsonTypeOf(data)})`),
        { status },
      );
    }
    redactor.add(token);
    // An API that does not rotate refresh tokens answers a refresh without a new one: keep the spent one.
    const newRefreshToken = exchange.refresh ? readPointer(data, exchange.refresh.tokenPath) : undefined;
    const refreshToken = typeof newRefreshToken === 'string' && newRefreshToken !== '' ? newRefreshToken : spentRefreshToken;
    redactor.add(refreshToken);
    const kept = refreshToken === undefined ? {} : { refreshToken };

    const issuedAt = this.now();
    const lifetime = exchange.expiresInPath === undefined ? undefined : seconds(readPointer(data, exchange.expiresInPath));
    if (lifetime === undefined) return { forced, issuedAt, token, ...kept };
    const expiresAt = started + lifetime * 1000;
    // A margin larger than half the lifetime would refresh on every call.
    const margin = Math.min(exchange.refreshBeforeSeconds * 1000, (lifetime * 1000) / 2);
    return { expiresAt, forced, issuedAt, refreshAt: expiresAt - margin, token, ...kept };
  }

  /** A request to the token, refresh or logout endpoint; its values go in the query (GET) or a body of its content type. */
  private prepare(scheme: string, { contentType, method, path, values }: TokenRequest): PreparedRequest {
    const request: PreparedRequest = {
      headers: { accept: 'application/json' },
      method: (method || 'POST').toUpperCase(),
      url: joinUrl(this.options.baseUrl(scheme), `/${path.replace(/^\/+/, '')}`),
    };
    if (values.length === 0) return request;
    if (request.method === 'GET' || request.method === 'HEAD') {
      for (const [name, value] of values) request.url.searchParams.append(name, value);
    } else if (/json|^application\/x-www-form-urlencoded|^multipart\/form-data/i.test(contentType)) {
      // Encoded as an operation's body of that type; the header keeps the exchange's own parameters (charset).
      const encoded = encodeBody(contentType, Object.fromEntries(values));
      request.body = encoded.body;
      if (encoded.contentType !== undefined) request.headers['content-type'] = contentType;
    } else {
      throw new ConfigurationError(
        `token exchange "${scheme}" sends ${contentType}: use application/json, application/x-www-form-urlencoded or multipart/form-data`,
      );
    }
    return request;
  }

  /** One try within the time limit: a token call is never sent twice (its answer may have spent a refresh token). */
  private sendOptions(timeoutMs: number): HttpOptions {
    return { fetch: this.options.fetch, maxResponseBytes: MAX_TOKEN_RESPONSE_BYTES, retries: 0, timeoutMs };
  }

  /** The variables these fields are read from (CLOUDWAYS_EMAIL...), each once. */
  private variables(fields: TokenExchangeDefinition['fields']): string[] {
    return [...new Set(fields.map((field) => `${this.options.envPrefix}_${field.env}`))];
  }
}

function isFresh(token: StoredToken, now: number): boolean {
  return token.refreshAt === undefined ? !isExpired(token, now) : now < token.refreshAt;
}

function isExpired(token: StoredToken, now: number): boolean {
  return token.expiresAt !== undefined && now >= token.expiresAt;
}

/** The JSON a body holds, or undefined when it is not JSON. */
function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function seconds(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(number) && number > 0 ? number : undefined;
}
