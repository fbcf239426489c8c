import { type Credentials, credentialsFromEnv } from './credentials.js';
import { ConfigurationError } from './errors.js';
import { LOG_LEVELS, type LogLevel, parseLogLevel } from './log.js';
import { parseRateLimit, type RateLimit } from './rate-limiter.js';
import type { SandboxLimits } from './sandbox.js';
import type { OutputValidation } from './output-check.js';
import type { ApiDefinition } from './types.js';

/** Everything a generated server can be told; each field also has an env variable and flag. */
export const TOOLS_MODES = ['direct', 'dynamic', 'code'] as const;
export type ToolsMode = (typeof TOOLS_MODES)[number];

export interface ServerConfig {
  readonly baseUrl?: string;
  /** Destructive tools ask for confirmation (default true). */
  readonly confirm?: boolean;
  /** Tool-name globs (glob.ts) that never ask for confirmation. */
  readonly confirmSkip?: readonly string[];
  /** Credentials when the caller brings none (stdio: from the environment). */
  readonly credentials?: Credentials;
  /** JSON file of credentials per workspace (APIs with x-mcp credentialsBy). */
  readonly credentialsFile?: string;
  readonly exclude?: readonly string[];
  readonly fetch?: typeof fetch;
  /** Only tools matching one of these globs (glob.ts; on names, or on tags as `tag:<glob>`). */
  readonly include?: readonly string[];
  readonly logLevel?: LogLevel;
  readonly maxResponseBytes?: number;
  readonly maxTextChars?: number;
  readonly outputValidation?: OutputValidation;
  /** Client-side limit per credential; null turns the spec's default off. */
  readonly rateLimit?: RateLimit | null;
  /** Serve only tools whose operation needs nothing but read access. */
  readonly readOnly?: boolean;
  readonly serverVariables?: Readonly<Record<string, string>>;
  /** Longest a `wait: true` call waits for its task (default 120 s). */
  readonly taskTimeoutMs?: number;
  readonly timeoutMs?: number;
  /** `dynamic` serves three meta-tools (search, describe, invoke) instead of every tool; `code` two (search, execute). */
  readonly toolsMode?: ToolsMode;
  /** Code mode's limits per program run (<PREFIX>_CODE_*). */
  readonly codeLimits?: Partial<SandboxLimits>;
}

/** The bin's flags, as node:util's parseArgs takes them; configFromEnv and httpOptionsFromEnv read them. */
export const FLAGS = {
  'base-url': { type: 'string' },
  'code-max-workers': { type: 'string' },
  exclude: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  host: { type: 'string' },
  http: { type: 'string' },
  include: { type: 'string' },
  'list-tools': { type: 'boolean' },
  'log-level': { type: 'string' },
  'read-only': { type: 'boolean' },
  'timeout-ms': { type: 'string' },
  tools: { type: 'string' },
  version: { type: 'boolean' },
} as const;

export type Flags = { readonly [K in keyof typeof FLAGS]?: (typeof FLAGS)[K]['type'] extends 'boolean' ? boolean : string };

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
export function configFromEnv(api: ApiDefinition, env: Env, flags: Flags = {}): ServerConfig {
  const { name, read } = envReader(api.envPrefix, env);
  // A flag wins over its variable; errors name whichever was read.
  const setting = (flag: 'base-url' | 'exclude' | 'include' | 'log-level' | 'timeout-ms' | 'tools', suffix: string) =>
    flags[flag] !== undefined ? { value: flags[flag], source: `--${flag}` } : { value: read(suffix), source: name(suffix) };
  const baseUrl = setting('base-url', 'BASE_URL');
  if (baseUrl.value !== undefined) checkBaseUrl(baseUrl.value, baseUrl.source);

  const serverVariables: Record<string, string> = {};
  for (const variable of Object.keys(api.serverVariables)) {
    const value = read(variable.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase());
    if (value !== undefined) serverVariables[variable] = value;
  }

  const timeout = setting('timeout-ms', 'TIMEOUT_MS');
  const toolsMode = setting('tools', 'TOOLS_MODE');
  const logLevel = setting('log-level', 'LOG_LEVEL');
  const codeLimits = codeLimitsFromEnv(api.envPrefix, env, flags);
  const confirm = read('CONFIRM');
  const rateLimitText = read('RATE_LIMIT');

  return {
    baseUrl: baseUrl.value,
    confirm: confirm === undefined ? undefined : isTrue(confirm, name('CONFIRM')),
    confirmSkip: commaList(read('CONFIRM_SKIP')),
    credentials: credentialsFromEnv(api, env),
    credentialsFile: api.credentialsFileEnv ? read(api.credentialsFileEnv) : undefined,
    exclude: commaList(setting('exclude', 'TOOLS_EXCLUDE').value),
    include: commaList(setting('include', 'TOOLS_INCLUDE').value),
    logLevel: parseLogLevel(oneOf(logLevel.value, LOG_LEVELS, logLevel.source)),
    maxResponseBytes: positiveInteger(read('MAX_RESPONSE_BYTES'), name('MAX_RESPONSE_BYTES')),
    maxTextChars: positiveInteger(read('MAX_TEXT_CHARS'), name('MAX_TEXT_CHARS')),
    outputValidation: oneOf(read('OUTPUT_VALIDATION'), ['off', 'strict', 'tolerant'], name('OUTPUT_VALIDATION')),
    rateLimit: rateLimitText === undefined ? undefined : rateLimitText === 'off' ? null : parseRateLimit(rateLimitText, name('RATE_LIMIT')),
    readOnly: flags['read-only'] === true || isTrue(read('READ_ONLY'), name('READ_ONLY')),
    serverVariables,
    taskTimeoutMs: positiveInteger(read('TASK_TIMEOUT_MS'), name('TASK_TIMEOUT_MS')),
    timeoutMs: positiveInteger(timeout.value, timeout.source),
    toolsMode: oneOf(toolsMode.value, TOOLS_MODES, toolsMode.source),
    codeLimits: Object.keys(codeLimits).length > 0 ? codeLimits : undefined,
  };
}

/**
 * Code mode's limits (`<PREFIX>_CODE_*`, `--code-max-workers`): a package's, or the hub's
 * (`MCPGEN_HUB_CODE_*`); only those set, the rest stay the defaults.
 */
export function codeLimitsFromEnv(envPrefix: string, env: Env, flags: Pick<Flags, 'code-max-workers'> = {}): Partial<SandboxLimits> {
  const code = envReader(`${envPrefix}_CODE`, env);
  const read = (suffix: string) => positiveInteger(code.read(suffix), code.name(suffix));
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

/** A setting that takes one of a few words: "<source> must be a, b or c, not "<value>"". */
export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], source: string): T | undefined {
  if (value === undefined || (allowed as readonly string[]).includes(value)) return value as T | undefined;
  throw new ConfigurationError(`${source} must be ${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}, not "${value}"`);
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
