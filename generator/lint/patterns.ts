import { patternSupport } from '../../templates/runtime/linear-pattern.js';
import type { ApiModel, ToolModel } from '../model/types.js';

/**
 * Names the spec's `pattern`s that a backtracking engine may run in exponential time (nested
 * quantifiers such as `^(a+)+$`) and those the server's linear-time engine cannot run at all
 * (lookaround, backreferences): the server leaves the latter unchecked.
 */
export function lintPatterns(model: ApiModel, warn: (tool: ToolModel, code: string, message: string) => void): void {
  for (const tool of model.tools) {
    const schemas: [string, unknown][] = [['inputSchema', tool.inputSchema]];
    if (tool.output?.schema) schemas.push(['outputSchema', tool.output.schema]);
    for (const [root, schema] of schemas) {
      for (const { pattern, where } of patternsIn(schema, root)) {
        const support = patternSupport(pattern);
        if (!support.linear) {
          warn(
            tool,
            'pattern-not-linear',
            `pattern ${JSON.stringify(pattern)} at ${where} needs a backtracking engine (${support.reason}); the server does not check it, so rewrite it without lookaround or backreferences`,
          );
        } else if (hasNestedQuantifier(pattern)) {
          warn(
            tool,
            'pattern-super-linear',
            `pattern ${JSON.stringify(pattern)} at ${where} repeats a repetition: backtracking engines (clients, many APIs) take exponential time on some inputs; the server runs it in linear time, but simplify it`,
          );
        }
      }
    }
  }
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
 * True when a group that itself repeats something is repeated again (`(a+)+`, `([a-z]+\.?)*`): the
 * shape that makes backtracking try exponentially many splits of one input. A group that starts or
 * ends with a punctuation character nothing else in it can match (`(,[A-Z]+)*`, `([a-z0-9-]+\.)+`)
 * splits only one way, and passes.
 */
export function hasNestedQuantifier(pattern: string): boolean {
  const groups: { start: number; repeats: boolean }[] = [];
  let closedGroupRepeats = false;
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    const repeat = repetitionAt(pattern, index);
    if (repeat > 0) {
      if (closedGroupRepeats) return true;
      const open = groups[groups.length - 1];
      if (open) open.repeats = true;
      index += repeat - 1;
    } else if (char === '\\') {
      index += 1;
    } else if (char === '[') {
      index = classEnd(pattern, index);
    } else if (char === '(') {
      groups.push({ start: index + 1, repeats: false });
    } else if (char === ')') {
      const inner = groups.pop();
      const open = groups[groups.length - 1];
      if (inner?.repeats && open) open.repeats = true;
      closedGroupRepeats = inner?.repeats === true && !isDelimited(pattern.slice(inner.start, index));
      continue;
    }
    closedGroupRepeats = false;
  }
  return false;
}

/** A group body whose first or last atom is a punctuation character no other part of it can match. */
function isDelimited(body: string): boolean {
  const content = body.replace(/^\?(:|<[A-Za-z_][A-Za-z0-9_]*>)/, '');
  const first = /^(\\[^A-Za-z0-9]|[^\\[(.A-Za-z0-9_*+?{|^$])(?![*+?{])/.exec(content)?.[0];
  const last = /(?<!\\)(\\[^A-Za-z0-9]|[^\\\])A-Za-z0-9_*+?}|.$])$/.exec(content)?.[0];
  return [first, last].some((literal) => literal !== undefined && !canMatchElsewhere(content, literal.slice(-1)));
}

/** Whether a wildcard, a negated or broad escape, or a character class in `body` may match `char`. */
function canMatchElsewhere(body: string, char: string): boolean {
  if (/\\[WSD]/.test(body) || /(^|[^\\])\./.test(body)) return true;
  for (let index = 0; index < body.length; index++) {
    if (body[index] === '\\') index += 1;
    else if (body[index] === '[') {
      const end = classEnd(body, index);
      const members = body.slice(index + 1, end);
      if (members.startsWith('^') || classHolds(members, char)) return true;
      index = end;
    }
  }
  return false;
}

/** A class's members (between the brackets) hold `char` as itself, not as a range's dash. */
function classHolds(members: string, char: string): boolean {
  for (let index = 0; index < members.length; index++) {
    const member = members[index] === '\\' ? members[++index] : members[index];
    if (member !== char) continue;
    const rangeDash = char === '-' && index > 0 && index < members.length - 1 && members[index - 1] !== '\\';
    if (!rangeDash) return true;
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
