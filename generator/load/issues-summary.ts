import type { Issue } from '../issues.js';

/** The message of an error carrying `issues`: a single issue is its own summary, otherwise `several`. */
export function issuesSummary(issues: readonly Issue[], several: string): string {
  const [first] = issues;
  return issues.length === 1 && first ? `${first.file}${first.pointer ? `#${first.pointer}` : ''}: ${first.message}` : several;
}
