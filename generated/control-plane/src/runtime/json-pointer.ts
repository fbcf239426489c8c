// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/control-plane.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
/** RFC 6901: `~` → `~0`, `/` → `~1` in one reference token. */
export function escapeToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The unescaped reference tokens of a pointer; none for "" (the whole value). */
export function pointerTokens(pointer: string): string[] {
  return pointer === '' ? [] : pointer.split('/').slice(1).map(unescapeToken);
}

/** Follows reference tokens through own properties; undefined when any step is missing. */
export function readTokens(value: unknown, tokens: readonly string[]): unknown {
  let current = value;
  for (const token of tokens) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, token)) return undefined;
    current = (current as Record<string, unknown>)[token];
  }
  return current;
}

/** Reads the value at an RFC 6901 JSON pointer ("" or "/" for the whole value); undefined when any step is missing. */
export function readPointer(value: unknown, pointer: string): unknown {
  return pointer === '/' ? value : readTokens(value, pointerTokens(pointer));
}
