import { type Credentials, credentialsFromEnv } from './credentials.js';
import { ConfigurationError } from './errors.js';
import { type LogLevel, parseLogLevel } from './log.js';
import type { OutputValidation } from './tools.js';
import type { ApiDefinition } from './types.js';

/** Everything a generated server can be told; each field also has an env variable and flag. */
export interface ServerConfig {
  readonly baseUrl?: string;
  readonly credentials?: Credentials;
  readonly exclude?: readonly string[];
  readonly fetch?: typeof fetch;
  readonly include?: readonly string[];
  readonly logLevel?: LogLevel;
  readonly maxResponseBytes?: number;
  readonly maxTextChars?: number;
  readonly outputValidation?: OutputValidation;
  readonly readOnly?: boolean;
  readonly serverVariables?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

export interface ConfigFlags {
  readonly 'base-url'?: string;
  readonly exclude?: string;
  readonly include?: string;
  readonly 'log-level'?: string;
  readonly 'read-only'?: boolean;
  readonly 'timeout-ms'?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** One place that reads `<PREFIX>_*` variables, so every generated server reads the same ones. */
export function configFromEnv(api: ApiDefinition, env: Env, flags: ConfigFlags = {}): ServerConfig {
  const name = (suffix: string) => `${api.envPrefix}_${suffix}`;
  const read = (suffix: string) => {
    const value = env[name(suffix)];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const baseUrl = flags['base-url'] ?? read('BASE_URL');
  if (baseUrl !== undefined) checkBaseUrl(baseUrl, flags['base-url'] !== undefined ? '--base-url' : name('BASE_URL'));

  const serverVariables: Record<string, string> = {};
  for (const variable of Object.keys(api.serverVariables)) {
    const value = read(variable.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase());
    if (value !== undefined) serverVariables[variable] = value;
  }

  const outputValidation = read('OUTPUT_VALIDATION');
  if (outputValidation !== undefined && !['off', 'strict', 'tolerant'].includes(outputValidation)) {
    throw new ConfigurationError(`${name('OUTPUT_VALIDATION')} must be off, strict or tolerant, not "${outputValidation}"`);
  }
  const list = (flag: string | undefined, suffix: string) =>
    (flag ?? read(suffix))
      ?.split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  const include = list(flags.include, 'TOOLS_INCLUDE');
  const exclude = list(flags.exclude, 'TOOLS_EXCLUDE');
  const timeoutMs = positiveInteger(
    flags['timeout-ms'] ?? read('TIMEOUT_MS'),
    flags['timeout-ms'] !== undefined ? '--timeout-ms' : name('TIMEOUT_MS'),
  );
  const maxResponseBytes = positiveInteger(read('MAX_RESPONSE_BYTES'), name('MAX_RESPONSE_BYTES'));
  const maxTextChars = positiveInteger(read('MAX_TEXT_CHARS'), name('MAX_TEXT_CHARS'));

  return {
    ...(baseUrl !== undefined ? { baseUrl } : {}),
    credentials: credentialsFromEnv(api, env),
    ...(exclude ? { exclude } : {}),
    ...(include ? { include } : {}),
    logLevel: parseLogLevel(flags['log-level'] ?? read('LOG_LEVEL')),
    ...(maxResponseBytes !== undefined ? { maxResponseBytes } : {}),
    ...(maxTextChars !== undefined ? { maxTextChars } : {}),
    ...(outputValidation !== undefined ? { outputValidation: outputValidation as OutputValidation } : {}),
    readOnly: flags['read-only'] === true || isTrue(read('READ_ONLY')),
    serverVariables,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  };
}

function checkBaseUrl(value: string, source: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(`${source} is not a URL: "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigurationError(`${source} must be an http(s) URL, not "${url.protocol}"`);
  if (url.username || url.password) throw new ConfigurationError(`${source} must not carry credentials; use the credential variables`);
}

function positiveInteger(value: string | undefined, source: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new ConfigurationError(`${source} must be a positive integer, not "${value}"`);
  return number;
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}
