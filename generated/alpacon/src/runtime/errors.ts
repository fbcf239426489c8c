// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/alpacon.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import { redactor } from './redact.js';

/** Why a call failed, as the model should hear it: what happened and whether to retry. */
export type FailureKind =
  | 'http' // the API answered with a 4xx or 5xx status
  | 'timeout'
  | 'network' // connection refused, reset, DNS
  | 'invalid-response' // a body that does not parse as its content type says
  | 'too-large'
  | 'auth' // missing or rejected credentials
  | 'rate-limited'
  | 'arguments'
  | 'configuration';

/** What a failure may say beyond its kind and message: ApiError's optional fields. */
export type FailureDetails = Pick<ApiError, 'apiMessage' | 'body' | 'code' | 'retryAfterSeconds' | 'status'>;

export class ApiError extends Error {
  readonly kind: FailureKind;
  /** The message the API's error body gave, when it gave one. */
  readonly apiMessage?: string;
  /** The body as received, when it could not be read as what it said it was: the model still gets it. */
  readonly body?: string;
  readonly code?: string;
  readonly retryAfterSeconds?: number;
  readonly status?: number;

  constructor(kind: FailureKind, message: string, details: FailureDetails = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ApiError';
    this.kind = kind;
    const { apiMessage, body, code, retryAfterSeconds, status } = details;
    Object.assign(this, { apiMessage, body, code, retryAfterSeconds, status });
  }

  /** Whether the same call may succeed if tried again later. */
  get retryable(): boolean {
    if (this.kind === 'timeout' || this.kind === 'network' || this.kind === 'rate-limited') return true;
    return this.status !== undefined && (this.status === 408 || this.status === 429 || this.status >= 500);
  }
}

const AUTH_STATUSES: ReadonlySet<number> = new Set([401, 403]);

/**
 * The ApiError for an answer with an error status, API call or token endpoint alike: 'auth' when
 * `authStatuses` has it (the credentials were refused), 'rate-limited' on 429, else 'http', a
 * redirect said not followed. Secrets are masked in the message, the redirect's location included.
 */
export function statusError(
  text: string,
  headers: Headers,
  details: FailureDetails & { readonly status: number },
  authStatuses: ReadonlySet<number> = AUTH_STATUSES,
): ApiError {
  const { status } = details;
  const redirect = status >= 300 && status < 400 ? ` (redirect to ${headers.get('location') ?? 'unknown'} not followed)` : '';
  const message = redactor.redact(text + redirect);
  if (authStatuses.has(status)) return new ApiError('auth', message, details);
  return new ApiError(status === 429 ? 'rate-limited' : 'http', message, details);
}

/** A tool argument that cannot be sent (bad path segment, header with a line break...). */
export class ArgumentError extends ApiError {
  readonly argument: string;

  constructor(argument: string, message: string) {
    super('arguments', `argument "${argument}" ${message}`);
    this.name = 'ArgumentError';
    this.argument = argument;
  }
}

export class ConfigurationError extends ApiError {
  constructor(message: string) {
    super('configuration', message);
    this.name = 'ConfigurationError';
  }
}

/** What anything thrown says: an Error's message, or the value as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
