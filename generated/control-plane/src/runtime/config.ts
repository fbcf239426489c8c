// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/control-plane.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import { type Credentials, credentialsFromEnv } from './credentials.js';
import { ConfigurationError } from './errors.js';
import { type LogLevel, parseLogLevel } from './log.js';

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'];
import { parseRateLimit, type RateLimit } from './rate-limiter.js';
import type { SandboxLimits } from './sandbox.js';
import type { OutputValidation } from './output-check.js';
import type { ApiDefinition } from './types.js';

/** Everything a generated server can be told; each field also has an env variable and flag. */
export interface ServerConfig {
  readonly baseUrl?: string;
  /** Destructive tools ask for confirmation (default true). */
  readonly confirm?: boolean;
  /** Tool-name globs that never ask for confirmation. */
  readonly confirmSkip?: readonly string[];
  readonly credentials?: Credentials;
  /** JSON file of credentials per workspace (APIs with x-mcp credentialsBy). */
  readonly credentialsFile?: string;
  readonly exclude?: readonly string[];
  readonly fetch?: typeof fetch;
  readonly include?: readonly string[];
  readonly logLevel?: LogLevel;
  readonly maxResponseBytes?: number;
  readonly maxTextChars?: number;
  readonly outputValidation?: OutputValidation;
  /** Client-side limit per credential; null turns the spec's default off. */
  readonly rateLimit?: RateLimit | null;
  readonly readOnly?: boolean;
  readonly serverVariables?: Readonly<Record<string, string>>;
  /** Longest a `wait: true` call waits for its task. */
  readonly taskTimeoutMs?: number;
  readonly timeoutMs?: number;
  /** `dynamic` serves three meta-tools (search, describe, invoke) instead of every tool; `code` two (search, execute). */
  readonly toolsMode?: 'code' | 'direct' | 'dynamic';
  /** Code mode's limits per program run (<PREFIX>_CODE_*). */
  readonly codeLimits?: Partial<SandboxLimits>;
}

export interface ConfigFlags {
  readonly 'base-url'?: string;
  readonly 'code-max-workers'?: string;
  readonly exclude?: string;
  readonly include?: string;
  readonly 'log-level'?: string;
  readonly 'read-only'?: boolean;
  readonly 'timeout-ms'?: string;
  readonly tools?: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** `name('X')` is `<PREFIX>_X`; `read('X')` its value, trimmed, with an empty one as unset. */
export function envReader(envPrefix: string, env: Env): { name(suffix: string): string; read(suffix: string): string | undefined } {
  const name = (suffix: string) => `${envPrefix}_${suffix}`;
  return { name, read: (suffix: string) => env[name(suffix)]?.trim() || undefined };
}

/** A comma-separated setting's items, trimmed, empty ones dropped. */
export function commaList(text: string | undefined): string[] | undefined {
  return text
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** One place that reads `<PREFIX>_*` variables, so every generated server reads the same ones. */
export function configFromEnv(api: ApiDefinition, env: Env, flags: ConfigFlags = {}): ServerConfig {
  const { name, read } = envReader(api.envPrefix, env);
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
  const include = commaList(flags.include ?? read('TOOLS_INCLUDE'));
  const exclude = commaList(flags.exclude ?? read('TOOLS_EXCLUDE'));
  const timeoutMs = positiveInteger(
    flags['timeout-ms'] ?? read('TIMEOUT_MS'),
    flags['timeout-ms'] !== undefined ? '--timeout-ms' : name('TIMEOUT_MS'),
  );
  const maxResponseBytes = positiveInteger(read('MAX_RESPONSE_BYTES'), name('MAX_RESPONSE_BYTES'));
  const maxTextChars = positiveInteger(read('MAX_TEXT_CHARS'), name('MAX_TEXT_CHARS'));
  const taskTimeoutMs = positiveInteger(read('TASK_TIMEOUT_MS'), name('TASK_TIMEOUT_MS'));
  const toolsMode = flags.tools ?? read('TOOLS_MODE');
  if (toolsMode !== undefined && toolsMode !== 'direct' && toolsMode !== 'dynamic' && toolsMode !== 'code') {
    throw new ConfigurationError(
      `${flags.tools !== undefined ? '--tools' : name('TOOLS_MODE')} must be direct, dynamic or code, not "${toolsMode}"`,
    );
  }
  const codeLimits = codeLimitsFromEnv(api.envPrefix, env, flags);
  const confirm = read('CONFIRM');
  const confirmSkip = commaList(read('CONFIRM_SKIP'));
  const rateLimitText = read('RATE_LIMIT');
  const rateLimit =
    rateLimitText === undefined ? undefined : rateLimitText === 'off' ? null : parseRateLimit(rateLimitText, name('RATE_LIMIT'));
  const credentialsFile = api.credentialsFileEnv ? read(api.credentialsFileEnv) : undefined;
  const logLevel = flags['log-level'] ?? read('LOG_LEVEL');
  if (logLevel !== undefined && !LOG_LEVELS.includes(logLevel)) {
    const source = flags['log-level'] !== undefined ? '--log-level' : name('LOG_LEVEL');
    throw new ConfigurationError(`${source} must be one of ${LOG_LEVELS.join(', ')}, not "${logLevel}"`);
  }

  return {
    baseUrl,
    confirm: confirm === undefined ? undefined : isTrue(confirm, name('CONFIRM')),
    confirmSkip,
    credentials: credentialsFromEnv(api, env),
    credentialsFile,
    exclude,
    include,
    logLevel: parseLogLevel(logLevel),
    maxResponseBytes,
    maxTextChars,
    outputValidation: outputValidation as OutputValidation | undefined,
    rateLimit,
    readOnly: flags['read-only'] === true || isTrue(read('READ_ONLY'), name('READ_ONLY')),
    serverVariables,
    taskTimeoutMs,
    timeoutMs,
    toolsMode,
    codeLimits: Object.keys(codeLimits).length > 0 ? codeLimits : undefined,
  };
}

/**
 * Code mode's limits (`<PREFIX>_CODE_*`, `--code-max-workers`): a package's, or the hub's
 * (`MCPGEN_HUB_CODE_*`); only those set, the rest stay the defaults.
 */
export function codeLimitsFromEnv(envPrefix: string, env: Env, flags: Pick<ConfigFlags, 'code-max-workers'> = {}): Partial<SandboxLimits> {
  const name = (suffix: string) => `${envPrefix}_CODE_${suffix}`;
  const read = (suffix: string) => positiveInteger(env[name(suffix)]?.trim() || undefined, name(suffix));
  const memoryMb = read('MEMORY_MB');
  const workersFlag = flags['code-max-workers'];
  const limits: Partial<SandboxLimits> = {
    memoryBytes: memoryMb === undefined ? undefined : memoryMb * 1024 * 1024,
    timeoutMs: read('TIMEOUT_MS'),
    maxCalls: read('MAX_CALLS'),
    maxOutputChars: read('MAX_OUTPUT_CHARS'),
    maxWorkers: workersFlag !== undefined ? positiveInteger(workersFlag, '--code-max-workers') : read('MAX_WORKERS'),
  };
  // Spread over the sandbox's defaults: only the limits that are set.
  return Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined));
}

function checkBaseUrl(value: string, source: string): void {
  let url: URL;
  try {
    // {variables} are filled per call; check the URL with placeholders in their place.
    url = new URL(value.replace(/\{[^}]+\}/g, 'x'));
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

/** An on/off setting; an unrecognised value is refused: a typo must not silently serve write tools. */
export function isTrue(value: string | undefined, source: string): boolean {
  if (value === undefined) return false;
  const lower = value.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(lower)) return true;
  if (['0', 'false', 'no', 'off'].includes(lower)) return false;
  throw new ConfigurationError(`${source} must be 1, true, yes, on, 0, false, no or off, not "${value}"`);
}
