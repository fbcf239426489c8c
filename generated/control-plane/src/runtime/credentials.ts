// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/control-plane.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import { ApiError } from './errors.js';
import { redactor } from './redact.js';
import type { PreparedRequest } from './request.js';
import type { ApiDefinition, OperationDefinition, SecurityRequirement, SecuritySchemeDefinition } from './types.js';

/** Credential values by the env-name suffix of their scheme (e.g. { API_TOKEN: "..." }). */
export type Credentials = Readonly<Record<string, string>>;

export interface TokenRequestOptions {
  /** The upstream rejected the token this caller sent (HTTP 401): get a new one. */
  readonly forceRefresh: boolean;
  /** The rejected token, when known: a refresh is skipped if the current token is already another one. */
  readonly rejectedToken?: string;
}

/** Gives a bearer token for a scheme whose token must be obtained first (token exchange). */
export interface TokenSource {
  token(scheme: string, definition: SecuritySchemeDefinition, credentials: Credentials, options: TokenRequestOptions): Promise<string>;
}

/** Reads `<PREFIX>_<NAME>` for every credential the API's schemes use. */
export function credentialsFromEnv(api: ApiDefinition, env: Readonly<Record<string, string | undefined>>): Credentials {
  const found: Record<string, string> = {};
  for (const scheme of Object.values(api.securitySchemes)) {
    for (const name of scheme.env) {
      const value = env[`${api.envPrefix}_${name}`];
      if (value !== undefined && value !== '') found[name] = value;
    }
  }
  return found;
}

/**
 * The one rule for which credentials are secret (masked in every output, never shown by
 * credentials_info): all of them but the token-exchange fields not marked `secret` (an account
 * e-mail). A basic-auth user name counts as secret: some APIs send their API key there.
 */
export function secretCredentialNames(scheme: SecuritySchemeDefinition): readonly string[] {
  if (scheme.type !== 'tokenExchange') return scheme.env;
  return scheme.tokenExchange?.fields.filter((field) => field.secret).map((field) => field.env) ?? [];
}

export function rememberSecrets(api: ApiDefinition, credentials: Credentials): void {
  for (const scheme of Object.values(api.securitySchemes)) {
    for (const name of secretCredentialNames(scheme)) redactor.add(credentials[name]);
  }
}

export interface AuthContext extends TokenRequestOptions {
  readonly api: ApiDefinition;
  readonly credentials: Credentials;
  /** Says where credentials come from, for the message when they are missing. */
  readonly describeSource: (scheme: SecuritySchemeDefinition, name: string) => string;
  readonly tokens?: TokenSource;
}

/**
 * Applies the first security alternative whose credentials are all present. Resolves true when
 * it used a token obtained from the token source (a login or exchange), which a 401 may renew.
 */
export async function authorize(operation: OperationDefinition, request: PreparedRequest, context: AuthContext): Promise<boolean> {
  if (operation.security.length === 0 || operation.security.some((alternative) => alternative.length === 0)) return false;
  const usable = operation.security.find((alternative) => alternative.every((requirement) => hasCredentials(requirement, context)));
  if (!usable) throw missingCredentials(operation, context);
  let obtained = false;
  for (const requirement of usable) {
    const scheme = context.api.securitySchemes[requirement.scheme];
    if (scheme) await applyScheme(requirement.scheme, scheme, request, context);
    obtained ||= scheme?.type === 'tokenExchange';
  }
  return obtained;
}

function hasCredentials(requirement: SecurityRequirement, context: AuthContext): boolean {
  const scheme = context.api.securitySchemes[requirement.scheme];
  if (!scheme || scheme.type === 'unsupported') return false;
  return scheme.env.every((name) => context.credentials[name] !== undefined);
}

async function applyScheme(key: string, scheme: SecuritySchemeDefinition, request: PreparedRequest, context: AuthContext): Promise<void> {
  const value = (index = 0) => context.credentials[scheme.env[index] ?? ''] ?? '';
  switch (scheme.type) {
    case 'bearer':
    case 'oauth2':
      request.headers.authorization = `Bearer ${value()}`;
      return;
    case 'basic': {
      const encoded = Buffer.from(`${value(0)}:${value(1)}`).toString('base64');
      redactor.add(encoded);
      request.headers.authorization = `Basic ${encoded}`;
      return;
    }
    case 'apiKey': {
      const text = `${scheme.valuePrefix ?? ''}${value()}`;
      const name = scheme.paramName ?? 'api_key';
      if (scheme.in === 'query') setQueryParameter(request.url, name, text);
      else if (scheme.in === 'cookie')
        request.headers.cookie = [request.headers.cookie, `${name}=${encodeURIComponent(text)}`].filter(Boolean).join('; ');
      else request.headers[name.toLowerCase()] = text;
      return;
    }
    case 'tokenExchange': {
      if (!context.tokens) throw new ApiError('configuration', `security scheme "${key}" needs a token source`);
      const token = await context.tokens.token(key, scheme, context.credentials, context);
      redactor.add(token);
      request.headers.authorization = `Bearer ${token}`;
      return;
    }
    default:
      throw new ApiError('auth', `security scheme "${key}" is not supported by this server`);
  }
}

/**
 * Sets one query parameter without re-serialising the others: `searchParams.set` would turn
 * `ids=a%2Cb,c` into `ids=a%2Cb%2Cc`, losing the difference between a delimiter and data.
 */
function setQueryParameter(url: URL, name: string, value: string): void {
  const kept = url.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && new URLSearchParams(pair).keys().next().value !== name);
  url.search = [...kept, `${encodeURIComponent(name)}=${encodeURIComponent(value)}`].join('&');
}

function missingCredentials(operation: OperationDefinition, context: AuthContext): ApiError {
  const options = operation.security.map((alternative) =>
    alternative
      .map((requirement) => {
        const scheme = context.api.securitySchemes[requirement.scheme];
        if (!scheme) return requirement.scheme;
        const missing = scheme.env.filter((name) => context.credentials[name] === undefined);
        return missing.map((name) => context.describeSource(scheme, name)).join(' and ');
      })
      .join(' and '),
  );
  const unique = [...new Set(options.filter(Boolean))];
  return new ApiError(
    'auth',
    `no credentials for ${operation.method} ${operation.path}: ${unique.length > 0 ? `set ${unique.join(', or ')}` : 'this operation needs an unsupported security scheme'}`,
  );
}
