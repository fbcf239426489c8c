/**
 * fast-check arbitraries for hostile tool arguments: strings that try to leave a URL path
 * segment, change the host, inject headers or pollute prototypes, wrong types, huge and
 * deeply nested values.
 */
import fc from 'fast-check';

/** Strings that have broken URL builders, header writers and JSON handlers elsewhere. */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '.',
  '..',
  '...',
  './',
  '../',
  '../../../../etc/passwd',
  '..\\..\\windows',
  '..;/',
  '%2e',
  '%2e%2e',
  '%2E%2E%2F',
  '..%2F..%2F',
  '%2F',
  '%252F',
  '%00',
  '%',
  '%zz',
  '/',
  '//',
  '//evil.com',
  '//evil.com/x',
  '\\\\evil.com',
  '/\\evil.com',
  'http://evil.com',
  'https://evil.com/api/v1',
  'http:',
  'javascript:alert(1)',
  '@evil.com',
  'user:pass@evil.com',
  'evil.com:443',
  '?',
  '?x=1',
  '#',
  '#fragment',
  'a/b',
  'a?b#c',
  '&admin=true',
  'x=1&y=2',
  '=',
  ';',
  '+',
  '+1 555',
  '\r\nX-Injected: 1',
  'a\r\nb',
  '\r',
  '\n',
  '\t',
  '\u0000',
  '\u007f',
  '\u2028\u2029',
  '\ufeff',
  '\u2024\u2024',
  '．．',
  '．',
  '.．',
  '。。',
  '\uFF0F',
  '\u2215',
  'ﬀ',
  'é',
  'e\u0301',
  '日本語',
  '🦄',
  '\ud800',
  '\udc00x',
  'ab\ud83e',
  '__proto__',
  'constructor',
  'prototype',
  '{appId}',
  '${env:HOME}',
  '{{7*7}}',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e400',
];

/** Object keys aimed at prototype pollution and property shadowing. */
export const NASTY_KEYS: readonly string[] = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  'then',
  '',
  '$ref',
];

const piece = fc.oneof(fc.constantFrom(...NASTY_STRINGS), fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 }));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 3, arbitrary: fc.array(piece, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('')) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z0-9-]{1,20}$/) },
  // Huge: a long run, or a traversal repeated past any sane URL length.
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('A', '../', '%2F', '\u00e9', '🦄', '\r\n'), fc.integer({ min: 1_000, max: 100_000 }))
      .map(([unit, count]) => unit.repeat(count)),
  },
);

export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...NASTY_KEYS) },
  { weight: 1, arbitrary: hostileString.filter((key) => key.length < 40) },
);

/** An array or object nested `depth` times around a value. */
export const deepValue: fc.Arbitrary<unknown> = fc
  .tuple(
    fc.integer({ min: 10, max: 3_000 }),
    fc.boolean(),
    hostileString.filter((text) => text.length < 40),
  )
  .map(([depth, arrays, leaf]) => {
    let value: unknown = leaf;
    for (let level = 0; level < depth; level += 1) value = arrays ? [value] : { a: value };
    return value;
  });

/** Any JSON value, weighted towards the hostile ones. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -0, -1, 2 ** 53, 1e308, -1e308, 0.5)) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.array(hostileString, { maxLength: 4 }) },
  { weight: 2, arbitrary: fc.dictionary(hostileKey, hostileString, { maxKeys: 3 }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: deepValue },
);

type Schema = { readonly [key: string]: unknown };

/** A value for a JSON Schema property: mostly of its type (hostile strings for strings), sometimes anything. */
export function valueFor(schema: Schema): fc.Arbitrary<unknown> {
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : typeof schema.type === 'string' ? [schema.type] : [];
  const typed: fc.Arbitrary<unknown>[] = [];
  if (Array.isArray(schema.enum) && schema.enum.length > 0) typed.push(fc.constantFrom(...(schema.enum as unknown[])));
  for (const type of types) {
    if (type === 'string') typed.push(hostileString);
    else if (type === 'integer') typed.push(fc.oneof(fc.integer(), fc.constantFrom(0, 1, -1, 2 ** 31, 2 ** 53, 0.5)));
    else if (type === 'number') typed.push(fc.oneof(fc.double({ noNaN: true }), fc.integer()));
    else if (type === 'boolean') typed.push(fc.boolean());
    else if (type === 'null') typed.push(fc.constant(null));
    else if (type === 'array') {
      const items = schema.items !== null && typeof schema.items === 'object' ? valueFor(schema.items as Schema) : hostileValue;
      typed.push(fc.array(items, { maxLength: 4 }));
    } else if (type === 'object') typed.push(fc.dictionary(hostileKey, hostileValue, { maxKeys: 4 }));
  }
  if (typed.length === 0) return hostileValue;
  return fc.oneof({ weight: 12, arbitrary: fc.oneof(...typed) }, { weight: 1, arbitrary: hostileValue });
}

/**
 * Argument objects for a tool's input schema: shaped like it (required arguments usually
 * present), free-form, or smuggling arguments through `__proto__`/`constructor`.
 */
export function argumentsFor(inputSchema: Schema): fc.Arbitrary<unknown> {
  const properties = (inputSchema.properties ?? {}) as Record<string, Schema>;
  const required = ((inputSchema.required ?? []) as string[]).filter((name) => name in properties);
  const model = Object.fromEntries(Object.entries(properties).map(([name, schema]) => [name, valueFor(schema)]));
  const shaped = (requiredKeys: string[]) =>
    fc
      .tuple(
        fc.record(model, { requiredKeys }),
        fc.oneof(
          { weight: 8, arbitrary: fc.constant({}) },
          { weight: 1, arbitrary: fc.dictionary(hostileKey, hostileValue, { maxKeys: 2 }) },
        ),
      )
      .map(([args, extra]) => ({ ...args, ...extra }));
  const smuggled = fc.tuple(fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.record(model, { requiredKeys: required })).map(
    // JSON.parse makes an own "__proto__" property, as a client's JSON would.
    ([key, inner]) => JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(inner)}}`) as unknown,
  );
  return fc.oneof(
    { weight: 12, arbitrary: shaped(required) },
    { weight: 3, arbitrary: shaped([]) },
    { weight: 2, arbitrary: fc.dictionary(hostileKey, hostileValue, { maxKeys: 5 }) },
    { weight: 1, arbitrary: smuggled },
    { weight: 1, arbitrary: fc.oneof(fc.array(hostileValue, { maxLength: 3 }), hostileString, fc.constant(null), fc.integer()) },
  );
}
