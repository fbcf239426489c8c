import { describe, expect, it } from 'vitest';
import { codeLimitsFromEnv, configFromEnv } from './config.js';
import { ConfigurationError } from './errors.js';
import type { ApiDefinition } from './types.js';

const api: ApiDefinition = {
  credentialsBy: [],
  envPrefix: 'CLOUDRON',
  name: 'cloudron',
  packageName: '@mcpgen/cloudron',
  securitySchemes: {
    bearer_auth: { env: ['API_TOKEN'], type: 'bearer' },
    query_auth: { env: ['API_TOKEN'], in: 'query', paramName: 'access_token', type: 'apiKey' },
    basic: { env: ['USERNAME', 'PASSWORD'], type: 'basic' },
  },
  serverArguments: [],
  statusTools: false,
  serverUrl: 'https://{domain}/api/{api-version}',
  serverVariables: { domain: { default: 'my.example.com' }, 'api-version': { default: 'v1' } },
  title: 'Cloudron API',
  version: '1.0.0',
};

function configurationErrorOf(fn: () => unknown): ConfigurationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError');
}

describe('configFromEnv', () => {
  it('has quiet defaults with an empty environment', () => {
    expect(configFromEnv(api, {})).toEqual({ credentials: {}, logLevel: 'info', readOnly: false, serverVariables: {} });
  });

  it('reads every <PREFIX>_* variable', () => {
    const config = configFromEnv(api, {
      CLOUDRON_BASE_URL: ' http://127.0.0.1:3000/api/v1 ',
      CLOUDRON_DOMAIN: 'cloud.example.org',
      CLOUDRON_API_VERSION: 'v2',
      CLOUDRON_API_TOKEN: 'tok',
      CLOUDRON_USERNAME: 'u',
      CLOUDRON_PASSWORD: 'p',
      CLOUDRON_READ_ONLY: '1',
      CLOUDRON_TOOLS_INCLUDE: 'list_*, get_*,,',
      CLOUDRON_TOOLS_EXCLUDE: 'get_secret',
      CLOUDRON_TIMEOUT_MS: '5000',
      CLOUDRON_MAX_RESPONSE_BYTES: '2048',
      CLOUDRON_MAX_TEXT_CHARS: '500',
      CLOUDRON_OUTPUT_VALIDATION: 'strict',
      CLOUDRON_LOG_LEVEL: 'debug',
      OTHER_API_TOKEN: 'ignored',
    });
    expect(config).toEqual({
      baseUrl: 'http://127.0.0.1:3000/api/v1',
      credentials: { API_TOKEN: 'tok', USERNAME: 'u', PASSWORD: 'p' },
      exclude: ['get_secret'],
      include: ['list_*', 'get_*'],
      logLevel: 'debug',
      maxResponseBytes: 2048,
      maxTextChars: 500,
      outputValidation: 'strict',
      readOnly: true,
      serverVariables: { domain: 'cloud.example.org', 'api-version': 'v2' },
      timeoutMs: 5000,
    });
  });

  it('treats blank variables as unset', () => {
    expect(configFromEnv(api, { CLOUDRON_BASE_URL: '  ', CLOUDRON_TIMEOUT_MS: '', CLOUDRON_API_TOKEN: '', CLOUDRON_DOMAIN: ' ' })).toEqual(
      configFromEnv(api, {}),
    );
  });

  it.each(['1', 'true', 'TRUE', 'yes', 'on'])('READ_ONLY=%s turns read-only on', (value) => {
    expect(configFromEnv(api, { CLOUDRON_READ_ONLY: value }).readOnly).toBe(true);
  });

  it.each(['0', 'false', 'no', 'off'])('READ_ONLY=%s leaves it off', (value) => {
    expect(configFromEnv(api, { CLOUDRON_READ_ONLY: value }).readOnly).toBe(false);
  });

  it.each(['y', 'enabled', 'readonly'])('READ_ONLY=%s is refused rather than silently serving write tools', (value) => {
    expect(configurationErrorOf(() => configFromEnv(api, { CLOUDRON_READ_ONLY: value })).message).toContain('CLOUDRON_READ_ONLY');
  });

  it.each([
    ['CLOUDRON_BASE_URL', 'not a url', 'CLOUDRON_BASE_URL is not a URL: "not a url"'],
    ['CLOUDRON_BASE_URL', 'ftp://host/x', 'CLOUDRON_BASE_URL must be an http(s) URL, not "ftp:"'],
    ['CLOUDRON_BASE_URL', 'https://user:pw@host/x', 'CLOUDRON_BASE_URL must not carry credentials; use the credential variables'],
    ['CLOUDRON_TIMEOUT_MS', 'soon', 'CLOUDRON_TIMEOUT_MS must be a positive integer, not "soon"'],
    ['CLOUDRON_TIMEOUT_MS', '0', 'CLOUDRON_TIMEOUT_MS must be a positive integer, not "0"'],
    ['CLOUDRON_TIMEOUT_MS', '-5', 'CLOUDRON_TIMEOUT_MS must be a positive integer, not "-5"'],
    ['CLOUDRON_TIMEOUT_MS', '1.5', 'CLOUDRON_TIMEOUT_MS must be a positive integer, not "1.5"'],
    ['CLOUDRON_MAX_RESPONSE_BYTES', '10MiB', 'CLOUDRON_MAX_RESPONSE_BYTES must be a positive integer, not "10MiB"'],
    ['CLOUDRON_MAX_TEXT_CHARS', 'lots', 'CLOUDRON_MAX_TEXT_CHARS must be a positive integer, not "lots"'],
    ['CLOUDRON_OUTPUT_VALIDATION', 'loose', 'CLOUDRON_OUTPUT_VALIDATION must be off, strict or tolerant, not "loose"'],
  ])('%s=%j is a configuration error naming the variable', (variable, value, message) => {
    const error = configurationErrorOf(() => configFromEnv(api, { [variable]: value }));
    expect(error.kind).toBe('configuration');
    expect(error.message).toBe(message);
  });

  it('an unknown log level is a configuration error naming the variable', () => {
    expect(configurationErrorOf(() => configFromEnv(api, { CLOUDRON_LOG_LEVEL: 'verbose' })).message).toContain('CLOUDRON_LOG_LEVEL');
    expect(configurationErrorOf(() => configFromEnv(api, {}, { 'log-level': 'loud' })).message).toContain('--log-level');
  });

  it.each(['off', 'strict', 'tolerant'])('OUTPUT_VALIDATION=%s is read', (value) => {
    expect(configFromEnv(api, { CLOUDRON_OUTPUT_VALIDATION: value }).outputValidation).toBe(value);
  });

  it('flags win over the environment', () => {
    const env = {
      CLOUDRON_BASE_URL: 'http://127.0.0.1:1/env',
      CLOUDRON_TOOLS_INCLUDE: 'env_*',
      CLOUDRON_TOOLS_EXCLUDE: 'env_x',
      CLOUDRON_TIMEOUT_MS: '1000',
      CLOUDRON_LOG_LEVEL: 'error',
      CLOUDRON_READ_ONLY: '0',
    };
    const config = configFromEnv(api, env, {
      'base-url': 'http://127.0.0.1:2/flag',
      include: 'flag_*',
      exclude: 'flag_x,flag_y',
      'timeout-ms': '2000',
      'log-level': 'warn',
      'read-only': true,
    });
    expect(config).toMatchObject({
      baseUrl: 'http://127.0.0.1:2/flag',
      include: ['flag_*'],
      exclude: ['flag_x', 'flag_y'],
      timeoutMs: 2000,
      logLevel: 'warn',
      readOnly: true,
    });
  });

  it('a bad flag is named as the flag, not the variable', () => {
    expect(configurationErrorOf(() => configFromEnv(api, { CLOUDRON_TIMEOUT_MS: '5' }, { 'timeout-ms': 'x' })).message).toBe(
      '--timeout-ms must be a positive integer, not "x"',
    );
    expect(configurationErrorOf(() => configFromEnv(api, {}, { 'base-url': 'nope' })).message).toBe('--base-url is not a URL: "nope"');
  });

  it('a good flag hides a bad environment value', () => {
    expect(configFromEnv(api, { CLOUDRON_TIMEOUT_MS: 'bad' }, { 'timeout-ms': '10' }).timeoutMs).toBe(10);
  });

  it('reads code mode’s limits (the worker cap from its flag first), the hub’s under its own prefix', () => {
    const env = {
      CLOUDRON_CODE_TIMEOUT_MS: '1500',
      CLOUDRON_CODE_MEMORY_MB: '16',
      CLOUDRON_CODE_MAX_CALLS: '10',
      CLOUDRON_CODE_MAX_OUTPUT_CHARS: '900',
      CLOUDRON_CODE_MAX_WORKERS: '3',
    };
    expect(configFromEnv(api, env).codeLimits).toEqual({
      timeoutMs: 1500,
      memoryBytes: 16 * 1024 * 1024,
      maxCalls: 10,
      maxOutputChars: 900,
      maxWorkers: 3,
    });
    expect(configFromEnv(api, { CLOUDRON_CODE_MAX_WORKERS: 'x' }, { 'code-max-workers': '2' }).codeLimits).toEqual({ maxWorkers: 2 });
    expect(configFromEnv(api, {}).codeLimits).toBeUndefined();
    expect(configurationErrorOf(() => configFromEnv(api, {}, { 'code-max-workers': '0' })).message).toBe(
      '--code-max-workers must be a positive integer, not "0"',
    );
    expect(configurationErrorOf(() => codeLimitsFromEnv('MCPGEN_HUB', { MCPGEN_HUB_CODE_MAX_WORKERS: '-1' })).message).toBe(
      'MCPGEN_HUB_CODE_MAX_WORKERS must be a positive integer, not "-1"',
    );
    expect(codeLimitsFromEnv('MCPGEN_HUB', { MCPGEN_HUB_CODE_MAX_WORKERS: ' 4 ', CLOUDRON_CODE_MAX_WORKERS: '3' })).toEqual({
      maxWorkers: 4,
    });
  });

  it('reads only the credentials the schemes use, under the prefix', () => {
    expect(configFromEnv(api, { CLOUDRON_API_TOKEN: 't', CLOUDRON_OTHER_SECRET: 'x', API_TOKEN: 'y' }).credentials).toEqual({
      API_TOKEN: 't',
    });
  });
});
