import { patternSupport } from '../../templates/runtime/linear-pattern.js';
import type { Issue } from '../issues.js';
import type { ApiModel } from '../model/types.js';

/**
 * Names the spec's `pattern`s that a backtracking engine may run in exponential time (nested
 * quantifiers such as `^(a+)+$`) and those the server's linear-time engine cannot run at all
 * (lookaround, backreferences): the server leaves the latter unchecked.
 */
export function lintPatterns(model: ApiModel): Issue[] {
  const issues: Issue[] = [];
  for (const tool of model.tools) {
    const schemas: [string, unknown][] = [['inputSchema', tool.inputSchema]];
    if (tool.output?.schema) schemas.push(['outputSchema', tool.output.schema]);
    for (const [root, schema] of schemas) {
      for (const { pattern, where } of patternsIn(schema, root)) {
        const warn = (code: string, message: string) =>
          issues.push({ code, file: model.source.file, message: `${tool.name}: ${message}`, pointer: tool.pointer, severity: 'warning' });
        const support = patternSupport(pattern);
        if (!support.linear) {
          warn(
            'pattern-not-linear',
            `pattern ${JSON.stringify(pattern)} at ${where} needs a backtracking engine (${support.reason}); the server does not check it, so rewrite it without lookaround or backreferences`,
          );
        } else if (hasNestedQuantifier(pattern)) {
          warn(
            'pattern-super-linear',
            `pattern ${JSON.stringify(pattern)} at ${where} repeats a repetition: backtracking engines (clients, many APIs) take exponential time on some inputs; the server runs it in linear time, but simplify it`,
          );
        }
      }
    }
  }
  return issues;
}

/** Every `pattern` and `patternProperties` key in a schema, with where it sits. */
function patternsIn(schema: unknown, where: string): { pattern: string; where: string }[] {
  if (schema === null || typeof schema !== 'object') return [];
  if (Array.isArray(schema)) return schema.flatMap((item, index) => patternsIn(item, `${where}/${index}`));
  const found: { pattern: string; where: string }[] = [];
  for (const [key, value] of Object.entries(schema as Record<string, unknown>)) {
    const at = `${where}/${key}`;
    if (key === 'pattern' && typeof value === 'string') found.push({ pattern: value, where: at });
    if (key === 'patternProperties' && value !== null && typeof value === 'object') {
      for (const name of Object.keys(value)) found.push({ pattern: name, where: `${at}/${name}` });
    }
    if (key !== 'enum' && key !== 'const' && key !== 'default' && key !== 'example' && key !== 'examples')
      found.push(...patternsIn(value, at));
  }
  return found;
}

/**
 * True when a group that itself repeats something is repeated again (`(a+)+`, `(?:\d*,)*`): the
 * shape that makes backtracking try exponentially many splits of one input.
 */
export function hasNestedQuantifier(pattern: string): boolean {
  const groups: boolean[] = [];
  let closedGroupRepeats = false;
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    const repeat = repetitionAt(pattern, index);
    if (repeat > 0) {
      if (closedGroupRepeats) return true;
      if (groups.length > 0) groups[groups.length - 1] = true;
      index += repeat - 1;
    } else if (char === '\\') {
      index += 1;
    } else if (char === '[') {
      index = classEnd(pattern, index);
    } else if (char === '(') {
      groups.push(false);
    } else if (char === ')') {
      const inner = groups.pop() ?? false;
      if (inner && groups.length > 0) groups[groups.length - 1] = true;
      closedGroupRepeats = inner;
      continue;
    }
    closedGroupRepeats = false;
  }
  return false;
}

/** The length of a quantifier at `index` that repeats (`*`, `+`, `{n,}`, `{n,m}` with m > 1), else 0. */
function repetitionAt(pattern: string, index: number): number {
  const char = pattern[index];
  if (char === '*' || char === '+') return 1;
  if (char !== '{') return 0;
  const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(index));
  if (!match) return 0;
  const upper = match[2] === undefined ? Number(match[1]) : match[3] === '' ? Infinity : Number(match[3]);
  return upper > 1 ? match[0].length : 0;
}

/** The index of the `]` closing the class that opens at `start`. */
function classEnd(pattern: string, start: number): number {
  let index = start + 1;
  if (pattern[index] === '^') index += 1;
  if (pattern[index] === ']') index += 1;
  for (; index < pattern.length; index++) {
    if (pattern[index] === '\\') index += 1;
    else if (pattern[index] === ']') return index;
  }
  return pattern.length;
}
