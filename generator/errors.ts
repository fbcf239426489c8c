import { formatIssue, type Issue } from './issues.js';

/** Base of every error the generator raises on purpose; the CLI maps each to an exit code. */
export class McpgenError extends Error {
  readonly issues: readonly Issue[];

  constructor(message: string, issues: readonly Issue[] = [], options?: ErrorOptions) {
    super(message, options);
    // the class's own name (SpecLoadError, ...): the CLI's JSON report gives it as the error's code
    this.name = new.target.name;
    this.issues = issues;
  }

  /**
   * One line per error issue, under the message when there are several; a single issue is the
   * message's own subject, so it is printed once, as the issue.
   */
  describe(): string {
    const lines = this.issues.filter((issue) => issue.severity === 'error').map(formatIssue);
    if (lines.length <= 1) return lines[0] ?? this.message;
    return [this.message, ...lines.map((line) => `  ${line}`)].join('\n');
  }
}

/** The spec could not be read or parsed, or a $ref could not be resolved. */
export class SpecLoadError extends McpgenError {}

/** The spec was read but cannot make a server (unsupported version, no operations, bad x-mcp...). */
export class SpecValidationError extends McpgenError {
  constructor(message: string, issues: readonly Issue[], options?: ErrorOptions) {
    super(message, issues, options);
  }
}

/** Invalid options given to the CLI or the library. */
export class ConfigError extends McpgenError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, [], options);
  }
}

/** Writing or building the output failed. */
export class EmitError extends McpgenError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, [], options);
  }
}

/** `check` found generated output that differs from what the specs produce. */
export class StaleOutputError extends McpgenError {
  constructor(readonly files: readonly string[]) {
    super(`generated output is stale: ${files.length} file(s) differ`);
  }
}

/** `check --max-tools-bytes` found a tools/list answer over the budget (the files may be current). */
export class OverBudgetError extends McpgenError {
  constructor(readonly packages: readonly string[]) {
    super(`tools/list over budget: ${packages.join(', ')}`);
  }
}
