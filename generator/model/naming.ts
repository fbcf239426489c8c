import { createHash } from 'node:crypto';

/** MCP tool names that every major client accepts (the strictest common pattern). */
export const TOOL_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** Property names the Anthropic and OpenAI tool APIs accept in input schemas. */
export const ARGUMENT_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

const MAX_NAME_LENGTH = 64;

/** Splits camelCase, PascalCase, kebab, dotted and spaced words into lower-case words. */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

export function snakeCase(text: string): string {
  return words(text).join('_');
}

export function kebabCase(text: string): string {
  return words(text).join('-');
}

export function upperSnakeCase(text: string): string {
  return snakeCase(text).toUpperCase();
}

export function camelCase(text: string): string {
  const [first = '', ...rest] = words(text);
  return first + rest.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
}

export function pascalCase(text: string): string {
  const camel = camelCase(text);
  return camel.charAt(0).toUpperCase() + camel.slice(1);
}

/** Shortens a name over the limit, keeping it unique with a hash of the whole name. */
export function fitLength(name: string, limit = MAX_NAME_LENGTH): string {
  if (name.length <= limit) return name;
  const digest = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, limit - digest.length - 1).replace(/[_-]+$/, '')}_${digest}`;
}

/** Tool name from an operationId, or from method and path when there is none. */
export function toolNameFor(operationId: string | undefined, method: string, path: string): string {
  const base = operationId ? snakeCase(operationId) : snakeCase(`${method} ${pathWords(path)}`);
  return fitLength(base || snakeCase(`${method} root`));
}

function pathWords(path: string): string {
  return path
    .split('/')
    .filter(Boolean)
    .map((segment) => (segment.startsWith('{') ? `by ${segment.slice(1, -1)}` : segment))
    .join(' ');
}

/** A safe tool-argument name for a parameter or body property name. */
export function argumentNameFor(name: string): string {
  if (ARGUMENT_NAME_PATTERN.test(name)) return name;
  const cleaned = name
    .replace(/\[\]$/, '')
    .replace(/[^A-Za-z0-9_.-]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return fitLength(cleaned || 'value');
}

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if ' +
    'import in instanceof new null return super switch this throw true try typeof var void while with yield let static ' +
    'implements interface package private protected public await arguments eval'
  ).split(' '),
);

/** A valid, non-reserved JavaScript identifier in camelCase. */
export function identifierFor(name: string): string {
  let identifier = camelCase(name) || 'operation';
  if (/^[0-9]/.test(identifier)) identifier = `op${identifier.charAt(0).toUpperCase()}${identifier.slice(1)}`;
  if (RESERVED.has(identifier)) identifier = `${identifier}Operation`;
  return identifier;
}

/**
 * What two names must not share: tool files are named after tools with `_` written `-`, on file
 * systems that may ignore case, so `Get-X` and `get_x` are one name.
 */
export function nameKey(name: string): string {
  return name.toLowerCase().replace(/-/g, '_');
}

/** Names Windows reserves for devices, with or without an extension, in any case. */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;

/**
 * A name made safe as one path segment: bounded in length (the tag it comes from may be long)
 * and never a Windows device name (`con` → `con_`).
 */
export function fileSegment(name: string): string {
  const bounded = fitLength(name);
  return WINDOWS_DEVICE.test(bounded) ? `${bounded}_` : bounded;
}

/** Hands out names, adding `_2`, `_3`... to repeats, in call order (so it is deterministic). */
export class UniqueNames {
  private readonly taken = new Set<string>();

  claim(name: string, separator = '_'): string {
    let candidate = name;
    for (let counter = 2; this.taken.has(nameKey(candidate)); counter += 1) {
      const suffix = `${separator}${counter}`;
      candidate = `${name.slice(0, MAX_NAME_LENGTH - suffix.length)}${suffix}`;
    }
    this.taken.add(nameKey(candidate));
    return candidate;
  }
}
