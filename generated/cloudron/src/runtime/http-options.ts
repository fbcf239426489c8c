// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/cloudron.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
/**
 * The settings of HTTP mode, read from flags and the environment. Apart from http-server.ts, which
 * needs the MCP SDK, so that a stdio server can tell it is one without loading the SDK.
 */
import { credentialHeaders, displayHeader } from './caller-credentials.js';
import { commaList, type Env, envReader, isTrue } from './config.js';
import { ConfigurationError } from './errors.js';
import type { ApiDefinition } from './types.js';

export interface HttpOptions {
  readonly port: number;
  /** Default 127.0.0.1. */
  readonly host: string;
  /** When set, every /mcp request must carry `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** Browser origins allowed besides local ones (http(s)://localhost, 127.0.0.1, [::1]). */
  readonly allowedOrigins: readonly string[];
  /**
   * `Host` values served besides the loopback names with the bound port (lower case, `name` or
   * `name:port`): a reverse proxy's public name. When bound to a loopback address, any other Host
   * is refused (DNS rebinding); elsewhere only these are served once any is set.
   */
  readonly allowedHosts: readonly string[];
  /** Use the environment's credentials for callers that send none (default false). */
  readonly envCredentials: boolean;
  /** How long shutdown waits for calls in flight (default 25000 ms). */
  readonly shutdownMs: number;
  /** Largest request body (default 4 MiB). */
  readonly maxBodyBytes: number;
}

export interface HttpFlags {
  readonly host?: string;
  readonly http?: string;
}

export const DEFAULT_HTTP_HOST = '127.0.0.1';
export const DEFAULT_SHUTDOWN_MS = 25_000;
export const DEFAULT_MAX_BODY_BYTES: number = 4 * 1024 * 1024;

/** The HTTP settings, or undefined when the server is to speak stdio (no --http, no <PREFIX>_HTTP_PORT). */
export function httpOptionsFromEnv(api: Pick<ApiDefinition, 'envPrefix'>, env: Env, flags: HttpFlags = {}): HttpOptions | undefined {
  const { name, read } = envReader(api.envPrefix, env);
  const portText = flags.http ?? read('HTTP_PORT');
  const host = flags.host ?? read('HTTP_HOST');
  if (portText === undefined) {
    if (flags.host !== undefined) throw new ConfigurationError('--host needs --http <port>');
    return undefined;
  }
  const portSource = flags.http !== undefined ? '--http' : name('HTTP_PORT');
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535)
    throw new ConfigurationError(`${portSource} must be a port number (0-65535), not "${portText}"`);
  const allowedOrigins = (commaList(read('ALLOWED_ORIGINS')) ?? []).map((origin) => {
    if (!URL.canParse(origin) || new URL(origin).origin !== origin.replace(/\/$/, '')) {
      throw new ConfigurationError(`${name('ALLOWED_ORIGINS')}: "${origin}" is not an origin like https://app.example.com`);
    }
    return new URL(origin).origin;
  });
  const shutdownText = read('HTTP_SHUTDOWN_MS');
  const shutdownMs = shutdownText === undefined ? DEFAULT_SHUTDOWN_MS : Number(shutdownText);
  if (!Number.isInteger(shutdownMs) || shutdownMs < 0) {
    throw new ConfigurationError(`${name('HTTP_SHUTDOWN_MS')} must be a whole number of milliseconds, not "${shutdownText}"`);
  }
  const allowedHosts = (commaList(read('ALLOWED_HOSTS')?.toLowerCase()) ?? []).map((entry) => {
    if (!/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/.test(entry)) {
      throw new ConfigurationError(
        `${name('ALLOWED_HOSTS')}: "${entry}" is not a host name, optionally with :port (e.g. mcp.example.com:443)`,
      );
    }
    return entry;
  });
  const token = read('HTTP_TOKEN');
  const envCredentials = isTrue(read('HTTP_ENV_CREDENTIALS'), name('HTTP_ENV_CREDENTIALS'));
  // Without an endpoint token, anything that can reach the port (a local process, a page a browser
  // was tricked into) would act with the operator's own credentials.
  if (envCredentials && !token) {
    throw new ConfigurationError(
      `${name('HTTP_ENV_CREDENTIALS')}=1 needs ${name('HTTP_TOKEN')}: set a token callers must send to use the environment's credentials`,
    );
  }
  return {
    allowedHosts,
    allowedOrigins,
    envCredentials,
    host: host ?? DEFAULT_HTTP_HOST,
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    port,
    shutdownMs,
    token,
  };
}

/** For --help and READMEs: the headers a caller sends. */
export function credentialHeaderNames(api: ApiDefinition, endpointToken: boolean): string[] {
  return credentialHeaders(api, { reserved: endpointToken ? ['authorization'] : [] }).map((spec) =>
    displayHeader(spec.header ?? spec.alias),
  );
}
