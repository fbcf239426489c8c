import { CommanderError } from 'commander';
import { McpgenError } from '../errors.js';
import type { Issue } from '../issues.js';
import type { Output } from './output.js';

/**
 * What `--json` collects while a command runs; printed as one document on stdout when the command
 * ends, whether it succeeded or failed, so that CI reads one shape. Keys are documented in README.md.
 */
export interface JsonReport {
  readonly command: 'check' | 'generate' | 'lint';
  readonly specs: Record<string, unknown>[];
}

/** An issue with every key present (`line` null when unknown), so consumers need no existence checks. */
export function issueJson(issue: Issue): Record<string, unknown> {
  return {
    severity: issue.severity,
    code: issue.code,
    file: issue.file,
    line: issue.line ?? null,
    pointer: issue.pointer,
    message: issue.message,
  };
}

/** The errors that stopped a command: a spec's issues, or the error's own message. */
function errorsJson(error: unknown): Record<string, unknown>[] {
  if (error === undefined) return [];
  const issues = error instanceof McpgenError ? error.issues.filter((issue) => issue.severity === 'error') : [];
  if (issues.length > 0) return issues.map(issueJson);
  const code = error instanceof McpgenError ? error.name : error instanceof CommanderError ? 'usage' : 'unexpected';
  const message = error instanceof Error ? error.message : String(error);
  return [{ severity: 'error', code, file: null, line: null, pointer: null, message }];
}

export function printReport(output: Output, report: JsonReport, exitCode: number, error?: unknown): void {
  const document = { command: report.command, ok: exitCode === 0, exitCode, specs: report.specs, errors: errorsJson(error) };
  output.out(`${JSON.stringify(document, null, 2)}\n`);
}

/** The report of a --json run whose arguments were refused before its command started. */
export function reportForRefusedArguments(argv: readonly string[]): JsonReport | undefined {
  const [command] = argv;
  if (!argv.includes('--json') || (command !== 'generate' && command !== 'check' && command !== 'lint')) return undefined;
  return { command, specs: [] };
}
