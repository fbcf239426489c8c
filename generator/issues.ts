import { escapeToken } from '../templates/runtime/json-pointer.js';

/** A problem found in a spec, located by file and JSON pointer. */
export interface Issue {
  readonly code: string;
  readonly file: string;
  /** 1-based line in `file`, where known (broken `$ref`s). */
  readonly line?: number;
  readonly message: string;
  /** JSON pointer into `file` ("" for the whole document). */
  readonly pointer: string;
  readonly severity: 'error' | 'warning';
}

export function joinPointer(base: string, ...segments: (string | number)[]): string {
  return base + segments.map((segment) => `/${escapeToken(segment)}`).join('');
}

export function formatIssue(issue: Issue): string {
  const where = `${issue.pointer ? `${issue.file}#${issue.pointer}` : issue.file}${issue.line ? ` (line ${issue.line})` : ''}`;
  return `${issue.severity === 'error' ? 'error' : 'warning'} ${issue.code} at ${where}: ${issue.message}`;
}

/** The message of an error carrying `issues`: a single issue is its own summary, otherwise `several`. */
export function issuesSummary(issues: readonly Issue[], several: string): string {
  const [first] = issues;
  return issues.length === 1 && first ? `${first.file}${first.pointer ? `#${first.pointer}` : ''}: ${first.message}` : several;
}

/** Collects issues while a stage walks the document; the stage throws once at its end. */
export class IssueList {
  readonly items: Issue[] = [];

  constructor(private readonly file: string) {}

  error(code: string, pointer: string, message: string, file = this.file): void {
    this.items.push({ code, file, message, pointer, severity: 'error' });
  }

  warn(code: string, pointer: string, message: string, file = this.file): void {
    this.items.push({ code, file, message, pointer, severity: 'warning' });
  }

  get errors(): Issue[] {
    return this.items.filter((issue) => issue.severity === 'error');
  }

  get warnings(): Issue[] {
    return this.items.filter((issue) => issue.severity === 'warning');
  }
}
