// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/cloudron.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
/**
 * The spec's `pattern`s, run by RE2 (re2js, pure JS): time linear in the input whatever the
 * pattern, so an argument such as `aaaa…!` against `^(a+)+$` cannot stall the event loop the way
 * the native backtracking RegExp does. Ajv takes this as its RegExp engine.
 */
import { createRequire } from 'node:module';
import type * as Re2Module from 're2js';
import type { RE2JS } from 're2js';
import { messageOf } from './errors.js';

let re2: typeof Re2Module | undefined;

/** re2js (its CommonJS build), loaded with the first pattern: ~20 ms a server may never need. */
function engine(): typeof RE2JS {
  re2 ??= createRequire(import.meta.url)('re2js') as typeof Re2Module;
  return re2.RE2JS;
}

/**
 * Longest string a pattern is run on. Linear is not free: a longer argument fails its pattern
 * unchecked rather than hold the one event loop every caller shares.
 */
export const MAX_PATTERN_INPUT = 65_536;

export interface LinearPattern {
  test(text: string): boolean;
  /** Ajv keys its compiled patterns by this. */
  toString(): string;
}

export type PatternSupport = { readonly linear: true } | { readonly linear: false; readonly reason: string };

/**
 * Whether RE2 runs the pattern. Lookaround and backreferences have no linear-time form: such a
 * pattern is not checked by the server (the API still checks it) and `mcpgen lint` names it.
 */
export function patternSupport(source: string): PatternSupport {
  try {
    compile(source, '');
    return { linear: true };
  } catch (error) {
    return { linear: false, reason: messageOf(error) };
  }
}

function compileLinear(source: string, flags: string): LinearPattern {
  const key = `/${source}/${flags}`;
  let compiled: RE2JS;
  try {
    compiled = compile(source, flags);
  } catch {
    return { test: () => true, toString: () => `${key} (unchecked)` };
  }
  return { test: (text) => text.length <= MAX_PATTERN_INPUT && compiled.test(text), toString: () => key };
}
/**
 * Ajv's `code.regExp`: a pattern RE2 cannot run passes every value (see patternSupport). Ajv
 * writes `code` into standalone code; this runtime never generates standalone validators.
 */
export const linearRegExp: { (source: string, flags: string): LinearPattern; code: string } = Object.assign(compileLinear, {
  code: 'linearRegExp',
});

/** JSON Schema patterns are ECMAScript: the escapes RE2 spells differently are translated. */
function compile(source: string, flags: string): RE2JS {
  const translated = source.replace(/\\\\|\\u\{([0-9A-Fa-f]+)\}|\\u([0-9A-Fa-f]{4})/g, (match, braced?: string, four?: string) =>
    braced !== undefined || four !== undefined ? `\\x{${braced ?? four}}` : match,
  );
  const RE2 = engine();
  return RE2.compile(translated, flags.includes('i') ? RE2.CASE_INSENSITIVE : 0);
}
