/**
 * The JavaScript of a file that only declares types, without the compiler: src/types.ts is
 * openapi-typescript's output (`export interface paths {…}`, `export type webhooks = …;`), half a
 * megabyte for a large spec, and transpiles to `export {};`.
 *
 * A conservative scan, not a parser. It follows strings, comments and brackets, and accepts only
 * top-level statements of the forms
 *
 *     [export] type Name = … ;          (on one line at top level; brackets may span lines)
 *     [export] interface Name … { … }
 *
 * Whatever is inside a type alias or an interface body is erased by the compiler, whatever it
 * says. Anything else makes it return undefined and the file is transpiled: another statement, a
 * type alias that continues onto another line at top level (automatic semicolon insertion could
 * end it there), a template literal, a `/` that opens no comment (a regular expression), a
 * backslash outside a string, a string that spans lines, unbalanced brackets, or no statement.
 */
export function typeOnlyScript(text: string): string | undefined {
  const length = text.length;
  const closers: number[] = [];
  /** What the next top-level token may be. */
  let state: State = 'statement';
  let exported = false;
  let statements = 0;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    // whitespace other than line breaks
    if (code === 0x20 || code === 0x09 || code === 0x0b || code === 0x0c || code === 0xa0 || code === 0xfeff) {
      i += 1;
      continue;
    }
    if (isLineBreak(code)) {
      if (closers.length === 0) {
        if (state === 'afterInterface') state = 'statement';
        else if (state !== 'statement') return undefined;
      }
      i += 1;
      continue;
    }
    if (code === SLASH) {
      const next = text.charCodeAt(i + 1);
      if (next === SLASH) {
        // a line comment runs up to (not including) the next line break
        i += 2;
        while (i < length && !isLineBreak(text.charCodeAt(i))) i += 1;
        continue;
      }
      if (next === STAR) {
        const end = text.indexOf('*/', i + 2);
        if (end < 0) return undefined;
        // a block comment with a line break in it is a line break (for semicolon insertion)
        if (closers.length === 0 && LINE_BREAK.test(text.slice(i + 2, end))) {
          if (state === 'afterInterface') state = 'statement';
          else if (state !== 'statement') return undefined;
        }
        i = end + 2;
        continue;
      }
      return undefined; // division or a regular expression: not in a type
    }
    if (code === QUOTE || code === DOUBLE_QUOTE) {
      if (closers.length === 0 && state !== 'typeBody') return undefined;
      i += 1;
      for (;;) {
        if (i >= length) return undefined;
        const c = text.charCodeAt(i);
        if (c === code) break;
        if (isLineBreak(c)) return undefined;
        if (c === BACKSLASH) {
          const escaped = text.charCodeAt(i + 1);
          i += escaped === CR && text.charCodeAt(i + 2) === LF ? 3 : 2;
        } else {
          i += 1;
        }
      }
      i += 1;
      continue;
    }
    if (code === BACKTICK || code === BACKSLASH) return undefined;
    if (code === OPEN_BRACE || code === OPEN_PAREN || code === OPEN_BRACKET) {
      if (closers.length === 0) {
        if (state === 'interfaceHead' && code === OPEN_BRACE) state = 'interfaceBody';
        else if (state !== 'typeBody') return undefined;
      }
      closers.push(code === OPEN_BRACE ? CLOSE_BRACE : code === OPEN_PAREN ? CLOSE_PAREN : CLOSE_BRACKET);
      i += 1;
      continue;
    }
    if (code === CLOSE_BRACE || code === CLOSE_PAREN || code === CLOSE_BRACKET) {
      if (closers.pop() !== code) return undefined;
      if (closers.length === 0 && state === 'interfaceBody') state = 'afterInterface';
      i += 1;
      continue;
    }
    if (closers.length > 0) {
      // inside brackets: part of a type alias or an interface body, erased whatever it is
      i += 1;
      continue;
    }
    if (isWordCharacter(code)) {
      const start = i;
      while (i < length && isWordCharacter(text.charCodeAt(i))) i += 1;
      const word = text.slice(start, i);
      switch (state) {
        case 'statement':
        case 'afterExport':
          if (word === 'export' && state === 'statement') {
            state = 'afterExport';
            exported = true;
            break;
          }
          if (word === 'type') state = 'typeName';
          else if (word === 'interface') state = 'interfaceName';
          else return undefined;
          statements += 1;
          break;
        case 'typeName':
        case 'interfaceName':
          if (!isIdentifierStart(code)) return undefined;
          state = state === 'typeName' ? 'typeParameters' : 'interfaceHead';
          break;
        case 'interfaceHead':
        case 'typeBody':
          break;
        default:
          return undefined;
      }
      continue;
    }
    if (code > 0x7f) return undefined; // other whitespace or identifier characters: not worth knowing
    switch (state) {
      case 'typeParameters':
        if (code !== EQUALS && code !== LESS_THAN) return undefined;
        state = 'typeBody';
        break;
      case 'typeBody':
        if (code === SEMICOLON) state = 'statement';
        break;
      case 'interfaceHead':
        if (code !== LESS_THAN && code !== GREATER_THAN && code !== COMMA && code !== DOT) return undefined;
        break;
      default:
        return undefined; // an empty statement (`;` after an interface) included: the compiler keeps those
    }
    i += 1;
  }
  if (closers.length > 0 || (state !== 'statement' && state !== 'afterInterface') || statements === 0) return undefined;
  return exported ? 'export {};\n' : '';
}

type State =
  | 'statement'
  | 'afterExport'
  | 'typeName'
  | 'typeParameters'
  | 'typeBody'
  | 'interfaceName'
  | 'interfaceHead'
  | 'interfaceBody'
  | 'afterInterface';

const LF = 0x0a;
const CR = 0x0d;
const SLASH = 0x2f;
const STAR = 0x2a;
const BACKSLASH = 0x5c;
const QUOTE = 0x27;
const DOUBLE_QUOTE = 0x22;
const BACKTICK = 0x60;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const SEMICOLON = 0x3b;
const EQUALS = 0x3d;
const LESS_THAN = 0x3c;
const GREATER_THAN = 0x3e;
const COMMA = 0x2c;
const DOT = 0x2e;
const LINE_BREAK = /[\n\r\u2028\u2029]/;

function isLineBreak(code: number): boolean {
  return code === LF || code === CR || code === 0x2028 || code === 0x2029;
}

function isWordCharacter(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x5f || code === 0x24
  );
}

function isIdentifierStart(code: number): boolean {
  return isWordCharacter(code) && !(code >= 0x30 && code <= 0x39);
}
