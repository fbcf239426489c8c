// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/mcpbox.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import { authorize, type Credentials, rememberSecrets, type TokenRequestOptions, type TokenSource } from './credentials.js';
import { errorMessageOf } from './error-detail.js';
import { type ApiError, ConfigurationError, statusError } from './errors.js';
import { AnnouncedLimits } from './announced-limits.js';
import { parseRetryAfter, sendRequest } from './http.js';
import { credentialKey } from './rate-limiter.js';
import { redactor } from './redact.js';
import { prepareRequest } from './request.js';
import type { ApiDefinition, ApiRequest, ApiResponse, OperationDefinition, SecuritySchemeDefinition } from './types.js';

export interface ClientOptions {
  /** Replaces the spec's server URL entirely (scheme, host and base path). */
  readonly baseUrl?: string;
  readonly credentials?: Credentials;
  /** How a missing credential is named in errors; defaults to the environment variable. */
  readonly describeCredential?: (scheme: SecuritySchemeDefinition, name: string) => string;
  /** Sends the API calls; by default node:http(s) sends them as the global fetch would, with less CPU and memory (node-http.ts). */
  readonly fetch?: typeof fetch;
  readonly maxResponseBytes?: number;
  readonly retries?: number;
  /** Values for the server URL's variables (e.g. { domain: "my.example.com" }). */
  readonly serverVariables?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  readonly tokens?: TokenSource;
  /** Runs before each request: rate limits and the like. */
  readonly beforeRequest?: (operation: OperationDefinition, credentials: Credentials) => Promise<void>;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
  /** Per-call server variables, on top of the client's (multi-workspace APIs). */
  readonly serverVariables?: Readonly<Record<string, string>>;
  readonly credentials?: Credentials;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES: number = 10 * 1024 * 1024;

/** The typed client's engine: one `call` that every generated method goes through. */
export class ApiClient {
  /** The limits the API announces in its answers, per caller and module. */
  private readonly announced = new AnnouncedLimits();

  constructor(
    protected readonly api: ApiDefinition,
    protected readonly options: ClientOptions = {},
  ) {
    if (options.credentials) rememberSecrets(api, options.credentials);
  }

  /** Sends an operation and returns its parsed response; a non-2xx status throws ApiError. */
  async call<T = unknown>(
    operation: OperationDefinition,
    request: ApiRequest = {},
    callOptions: CallOptions = {},
  ): Promise<ApiResponse<T>> {
    const credentials = callOptions.credentials ?? this.options.credentials ?? {};
    if (callOptions.credentials) rememberSecrets(this.api, callOptions.credentials);
    const baseUrl = this.baseUrlFor(operation, callOptions.serverVariables);
    await this.options.beforeRequest?.(operation, credentials);
    // A budget the API announced spent is waited out within the call's time, not spent on a refusal.
    const limitKey = `${operation.rateLimitModule ?? ''}:${credentialKey(credentials)}`;
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const waited = await this.announced.whenAllowed(limitKey, timeoutMs, callOptions.signal);
    const budget = { ...callOptions, timeoutMs: Math.max(1, timeoutMs - waited) };

    const sent = await this.send(operation, request, baseUrl, credentials, budget);
    let { response } = sent;
    // A rejected exchanged token may just have expired early: refresh (or log in) once more and retry.
    if (response.status === 401 && sent.obtained) {
      const rejectedToken = sent.authorization?.replace(/^Bearer /, '');
      ({ response } = await this.send(operation, request, baseUrl, credentials, budget, { forceRefresh: true, rejectedToken }));
    }
    this.announced.record(limitKey, response.status, response.headers);
    if (response.status >= 200 && response.status < 300) return response as ApiResponse<T>;
    throw this.failure(operation, response);
  }

  private async send(
    operation: OperationDefinition,
    request: ApiRequest,
    baseUrl: string,
    credentials: Credentials,
    callOptions: CallOptions & { readonly timeoutMs: number },
    refresh: TokenRequestOptions = { forceRefresh: false },
  ): Promise<{ authorization?: string; obtained: boolean; response: ApiResponse }> {
    const prepared = prepareRequest(operation, request, baseUrl);
    prepared.headers.accept ??= 'application/json, */*;q=0.5';
    const obtained = await authorize(operation, prepared, {
      api: this.api,
      credentials,
      describeSource: this.options.describeCredential ?? ((_, name) => `${this.api.envPrefix}_${name}`),
      ...refresh,
      tokens: this.options.tokens,
    });
    const authorization = prepared.headers.authorization;
    const response = await sendRequest(prepared, {
      fetch: this.options.fetch,
      idempotent: operation.idempotent,
      maxResponseBytes: this.options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      retries: this.options.retries ?? 2,
      signal: callOptions.signal,
      timeoutMs: callOptions.timeoutMs,
    });
    return { obtained, response, authorization };
  }

  /** The base URL for operations without a server of their own, with default variables. */
  defaultBaseUrl(): string {
    return this.baseUrlFor({ method: 'GET', operationId: '', params: [], path: '', security: [] });
  }

  baseUrlFor(operation: OperationDefinition, callVariables?: Readonly<Record<string, string>>): string {
    // A configured base URL replaces the spec's, and may use the same {variables}.
    const template = this.options.baseUrl ?? operation.serverUrl ?? this.api.serverUrl;
    // Where the authority ends: a variable before it may only name a host (and port), never add a path.
    const authorityStart = template.indexOf('://') + 3;
    const authorityEnd = authorityStart < 3 ? 0 : template.slice(authorityStart).search(/[/?#]|$/) + authorityStart;
    const url = template.replace(/\{([^}]+)\}/g, (_, name: string, offset: number) => {
      const value = callVariables?.[name] ?? this.options.serverVariables?.[name] ?? this.api.serverVariables[name]?.default ?? '';
      const allowed = this.api.serverVariables[name]?.enum;
      if (allowed && !allowed.includes(value))
        throw new ConfigurationError(`server variable ${name} must be one of ${allowed.join(', ')}, not "${value}"`);
      const inHost = offset < authorityEnd;
      if (!/^[A-Za-z0-9.-]*(:\d+)?$/.test(value) && (inHost || !/^\/?[A-Za-z0-9._~/-]*$/.test(value))) {
        throw new ConfigurationError(`server variable ${name} has characters a URL part cannot take: "${value}"`);
      }
      // In the path, "." and ".." segments would be resolved and lead out of the base path.
      if (!inHost && value.split('/').some((segment) => segment === '.' || segment === '..')) {
        throw new ConfigurationError(`server variable ${name} must not contain "." or ".." path segments: "${value}"`);
      }
      return value;
    });
    if (!/^https?:\/\//i.test(url)) {
      throw new ConfigurationError(`the API's server URL "${url}" is not absolute: set ${this.api.envPrefix}_BASE_URL`);
    }
    if (!URL.canParse(url)) throw new ConfigurationError(`the server URL "${url}" made from its variables is not a valid URL`);
    return url;
  }

  private failure(operation: OperationDefinition, response: ApiResponse): ApiError {
    const status = response.status;
    const { code, message } = errorMessageOf(response.data);
    const text = `HTTP ${status} from ${operation.method} ${operation.path}${message ? `: ${message}` : ''}`;
    const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
    return statusError(text, response.headers, { status, code, apiMessage: message && redactor.redact(message), retryAfterSeconds });
  }
}
