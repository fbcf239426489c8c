import { describe, expect, it } from 'vitest';
import { ConfigError, EmitError, McpgenError, OverBudgetError, SpecLoadError, SpecValidationError, StaleOutputError } from './errors.js';
import type { Issue } from './issues.js';

const issue = (message: string, severity: Issue['severity'] = 'error'): Issue => ({
  code: 'bad',
  file: 'spec.yaml',
  message,
  pointer: '/paths',
  severity,
});

describe('generator errors', () => {
  it('each is named after its class (the CLI reports the name as the error code) and is an McpgenError', () => {
    const errors = [
      new McpgenError('m'),
      new SpecLoadError('m'),
      new SpecValidationError('m', []),
      new ConfigError('m'),
      new EmitError('m'),
      new StaleOutputError(['a']),
      new OverBudgetError(['p']),
    ];
    expect(errors.map((error) => error.name)).toEqual([
      'McpgenError',
      'SpecLoadError',
      'SpecValidationError',
      'ConfigError',
      'EmitError',
      'StaleOutputError',
      'OverBudgetError',
    ]);
    for (const error of errors) expect(error).toBeInstanceOf(McpgenError);
    expect(new StaleOutputError(['a', 'b']).files).toEqual(['a', 'b']);
    expect(new OverBudgetError(['p']).packages).toEqual(['p']);
  });

  it('describe(): the message alone, the one error issue alone, or the message over every error issue', () => {
    expect(new SpecValidationError('no issues', []).describe()).toBe('no issues');
    expect(new SpecValidationError('one', [issue('a'), issue('w', 'warning')]).describe()).toBe('error bad at spec.yaml#/paths: a');
    expect(new SpecValidationError('two', [issue('a'), issue('b')]).describe()).toBe(
      'two\n  error bad at spec.yaml#/paths: a\n  error bad at spec.yaml#/paths: b',
    );
  });
});
