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

export interface FailureDetails {
  /** The message the API's error body gave, when it gave one. */
  readonly apiMessage?: string;
  /** The body as received, when it could not be read as what it said it was: the model still gets it. */
  readonly body?: string;
  readonly code?: string;
  readonly retryAfterSeconds?: number;
  readonly status?: number;
}

export class ApiError extends Error {
  readonly kind: FailureKind;
  readonly status?: number;
  readonly code?: string;
  readonly apiMessage?: string;
  readonly body?: string;
  readonly retryAfterSeconds?: number;

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
