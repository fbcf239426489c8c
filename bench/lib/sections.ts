/** Sections of bench/RESULTS.md that their own scripts write, kept when the main bench rewrites the file. */
export const CONTEXT_HEADING = '## Context cost: direct, dynamic and code mode (issue 17)';

/** The section under `heading` of an existing RESULTS.md (up to the next `## `), or ''. */
export function sectionOf(markdown: string, heading: string): string {
  const start = markdown.indexOf(heading);
  if (start < 0) return '';
  const next = markdown.indexOf('\n## ', start + heading.length);
  return markdown.slice(start, next < 0 ? undefined : next + 1).trimEnd();
}

/** `markdown` with its section under `heading` replaced by `section` (appended when it has none). */
export function withSection(markdown: string, heading: string, section: string): string {
  if (section === '') return markdown;
  const old = sectionOf(markdown, heading);
  return old ? markdown.replace(old, () => section.trimEnd()) : `${markdown.trimEnd()}\n\n${section.trimEnd()}\n`;
}
