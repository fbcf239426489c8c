/**
 * The writers every spec value passes through on its way into a generated file, one per
 * context it can land in. Spec text is data from anyone: each writer makes sure the value stays
 * data there (it cannot close the comment, string, code span or fence around it, add HTML, or
 * run in a shell), whatever characters it holds.
 */

/** Line terminators as JavaScript, Markdown and shells see them. */
const LINE_BREAKS = /[\r\n\u2028\u2029\u0085]+/g;

/** A single-quoted TypeScript/JavaScript string literal. */
export function tsString(text: string): string {
  const escaped = JSON.stringify(text)
    .slice(1, -1)
    .replace(/\\"/g, '"')
    .replace(/'/g, "\\'")
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `'${escaped}'`;
}

/** Text inside a `/* *\/` block comment, on one line: it cannot close the comment early. */
export function commentText(text: string): string {
  return text.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ').trim();
}

/** Text inside a `//` line comment: no line break, so nothing after it becomes code. */
export function lineCommentText(text: string): string {
  return text.replace(LINE_BREAKS, ' ');
}

/** Text inside an HTML (or Markdown) `<!-- -->` comment, on one line: it cannot close the comment. */
export function htmlCommentText(text: string): string {
  return text
    .replace(LINE_BREAKS, ' ')
    .replace(/-(?=-)/g, '- ')
    .replace(/>/g, '&gt;');
}

/** Inline Markdown text on one line: no HTML, no emphasis, links or table cells of its own. */
export function markdownText(text: string): string {
  return text
    .replace(LINE_BREAKS, ' ')
    .replace(/[\\`*_{}[\]()<>#+!|~]/g, '\\$&')
    .replace(/&/g, '&amp;');
}

/**
 * A Markdown code span holding `text` verbatim: delimited by more backticks than any run in
 * it. `inTable`: its `|` are escaped, which GitHub tables need even inside code spans.
 */
export function markdownCode(text: string, options: { readonly inTable?: boolean } = {}): string {
  let code = text.replace(LINE_BREAKS, ' ');
  if (options.inTable) code = code.replace(/\|/g, '\\|');
  const fence = '`'.repeat(longestBacktickRun(code) + 1);
  const pad = code.startsWith('`') || code.endsWith('`') || code === '' ? ' ' : '';
  return `${fence}${pad}${code}${pad}${fence}`;
}

/** A fenced code block holding `code` verbatim: its fence is longer than any backtick run in it. */
export function markdownFence(code: string, language = ''): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(code) + 1));
  return `${fence}${language}\n${code}\n${fence}`;
}

/**
 * A block of Markdown written by the spec's author (a description, a README appendix): its
 * formatting is kept, but no HTML tag, comment or autolink opens outside code fences (their `<`
 * is written `&lt;`), and a code fence it leaves open is closed, so it cannot swallow what
 * follows it.
 */
export function markdownBlock(text: string): string {
  let open: string | undefined;
  const lines = text.split(/\r?\n/).map((line) => {
    const fence = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== undefined) {
      if (open === undefined) open = fence;
      else if (fence[0] === open[0] && fence.length >= open.length && line.trim() === fence) open = undefined;
      return line;
    }
    return open === undefined ? line.replace(/<(?=[A-Za-z/!?])/g, '&lt;') : line;
  });
  return open === undefined ? lines.join('\n') : [...lines, open].join('\n');
}

/** One shell word: single-quoted, so nothing in it is expanded or run. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** JSON shown in a Markdown code fence: `JSON.stringify`, with no backtick that could close the fence. */
export function jsonForMarkdown(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/`/g, '\\u0060');
}

function longestBacktickRun(text: string): number {
  return Array.from(text.matchAll(/`+/g)).reduce((longest, [run]) => Math.max(longest, run.length), 0);
}
