import { Ajv2020 } from 'ajv/dist/2020.js';
import * as formatsModule from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonSchema } from './types.js';
import { compileSimple, describeErrors, SchemaValidator } from './validate.js';

const schema: JsonSchema = {
  type: 'object',
  properties: {
    appId: { type: 'string', minLength: 1 },
    state: { type: 'string', enum: ['running', 'stopped'] },
    since: { type: 'string', format: 'date-time' },
    'a/b~c': { type: 'integer' },
    body: {
      type: 'object',
      properties: {
        items: {
          type: 'array',
          items: {
            type: 'object',
            properties: { name: { type: 'string' }, size: { type: 'integer', minimum: 1 } },
            required: ['name'],
            additionalProperties: false,
          },
        },
      },
      required: ['items'],
    },
  },
  required: ['appId'],
  additionalProperties: false,
};

function messages(value: unknown, validator = new SchemaValidator()): string[] {
  return validator.validate('test', schema, value).map((problem) => problem.message);
}

describe('SchemaValidator', () => {
  it('names at most 20 allowed values of a long enum, and how many there are', () => {
    const values = Array.from({ length: 300 }, (_, index) => `category_${index}`);
    const [message] = new SchemaValidator()
      .validate('test', { type: 'object', properties: { category: { enum: values } } }, { category: 'nope' })
      .map((problem) => problem.message);
    expect(message).toContain('"category_19", … 280 more] (all 300 are in the tool\'s inputSchema)');
    expect(message).not.toContain('category_20"');
  });

  it('accepts valid arguments', () => {
    expect(messages({ appId: 'a1', state: 'running', since: '2024-01-02T03:04:05Z', body: { items: [{ name: 'n', size: 2 }] } })).toEqual(
      [],
    );
  });

  it('names a missing required argument', () => {
    expect(new SchemaValidator().validate('test', schema, {})).toEqual([
      { argument: 'appId', message: 'missing required argument "appId"' },
    ]);
  });

  it('names an unknown argument', () => {
    expect(messages({ appId: 'a', x: 1 })).toEqual(['unknown argument "x"']);
  });

  it('names nested paths with indexes: body.items[0].name', () => {
    expect(messages({ appId: 'a', body: { items: [{ name: 'ok' }, { size: 0, extra: true }] } })).toEqual([
      'missing required argument "body.items[1].name"',
      'unknown argument "body.items[1].extra"',
      'argument "body.items[1].size" must be >= 1',
    ]);
    expect(messages({ appId: 'a', body: { items: [{ name: 5 }] } })).toEqual(['argument "body.items[0].name" must be string']);
    expect(messages({ appId: 'a', body: {} })).toEqual(['missing required argument "body.items"']);
  });

  it('lists the allowed values of an enum', () => {
    expect(messages({ appId: 'a', state: 'paused' })).toEqual(['argument "state" must be one of ["running","stopped"]']);
  });

  it('checks formats', () => {
    expect(messages({ appId: 'a', since: 'yesterday' })).toEqual(['argument "since" must match format "date-time"']);
  });

  it('unescapes JSON pointer tokens in argument names', () => {
    expect(messages({ appId: 'a', 'a/b~c': 'x' })).toEqual(['argument "a/b~c" must be integer']);
  });

  it('names the root when the arguments are not an object', () => {
    expect(messages('text')).toEqual(['argument "(root)" must be object']);
  });

  it('reports every problem, at most five, without duplicates', () => {
    const wide: JsonSchema = {
      type: 'object',
      properties: Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((key) => [key, { type: 'string' }])),
    };
    const problems = new SchemaValidator().validate('wide', wide, { a: 1, b: 1, c: 1, d: 1, e: 1, f: 1, g: 1 });
    expect(problems.map((problem) => problem.argument)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('supports 2020-12 schemas with $defs and $ref', () => {
    const refSchema: JsonSchema = { $ref: '#/$defs/App', $defs: { App: { type: 'object', required: ['id'] } } };
    const validator = new SchemaValidator();
    expect(validator.validate('ref', refSchema, { id: 'x' })).toEqual([]);
    expect(validator.validate('ref', refSchema, {})[0]?.message).toBe('missing required argument "id"');
  });

  it('compiles a schema once per key', () => {
    const validator = new SchemaValidator();
    expect(validator.validate('same', { type: 'string' }, 'x')).toEqual([]);
    // The same key keeps the first compiled schema, whatever is passed later.
    expect(validator.validate('same', { type: 'number' }, 'x')).toEqual([]);
    expect(validator.validate('other', { type: 'number' }, 'x')).toHaveLength(1);
  });

  it('is fast after the first compile', () => {
    const validator = new SchemaValidator();
    validator.validate('hot', schema, { appId: 'a' });
    const started = performance.now();
    for (let index = 0; index < 2000; index += 1) validator.validate('hot', schema, { appId: 'a' });
    expect(performance.now() - started).toBeLessThan(500);
  });
});

/** What Ajv alone reports, as the validator did before it had a fast path. */
const referenceAjv = new Ajv2020({ allErrors: true, strict: false, logger: false, validateFormats: true });
(((formatsModule as unknown as { default?: unknown }).default ?? formatsModule) as (ajv: Ajv2020) => Ajv2020)(referenceAjv);

function ajvProblems(schema: JsonSchema, value: unknown) {
  const validate = referenceAjv.compile(schema);
  return validate(value) ? [] : describeErrors(validate.errors ?? []);
}

describe('SchemaValidator without Ajv (simple schemas)', () => {
  const NAMES = ['a', 'b', 'c', '0', '10', 'a/b', 'x~y', 'constructor', 'toString'];
  const TYPES = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'] as const;
  const { schema } = fc.letrec<{ schema: JsonSchema; object: JsonSchema; array: JsonSchema; leaf: JsonSchema }>((tie) => ({
    schema: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('object'), tie('array')),
    leaf: fc.record(
      { type: fc.constantFrom(...TYPES), description: fc.string(), examples: fc.array(fc.integer(), { maxLength: 2 }) },
      { requiredKeys: [] },
    ),
    object: fc.record(
      {
        type: fc.constant('object'),
        properties: fc.dictionary(fc.constantFrom(...NAMES), tie('schema'), { maxKeys: 4 }),
        required: fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: 3 }),
        additionalProperties: fc.boolean(),
        title: fc.string(),
        'x-internal': fc.boolean(),
      },
      { requiredKeys: [] },
    ),
    array: fc.record({ type: fc.constant('array'), items: tie('schema') }, { requiredKeys: [] }),
  }));
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom(null, true, false, 0, 1, -1.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, '', 'x'),
      fc.double(),
      fc.string(),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(fc.constantFrom(...NAMES), tie('value'), { maxKeys: 5 }),
    ),
  }));

  it('takes every schema of the subset', () => {
    fc.assert(fc.property(schema, (generated) => compileSimple(generated) !== undefined));
  });

  it('reports exactly what Ajv reports, in the same order', () => {
    fc.assert(
      fc.property(schema, value, (generated, data) => {
        expect(new SchemaValidator().validate('simple', generated, data)).toEqual(ajvProblems(generated, data));
      }),
      { numRuns: 2000 },
    );
  });

  /** Values shaped like the schema (its properties, items and types), some of them a little off. */
  function shaped(node: JsonSchema): fc.Arbitrary<unknown> {
    const leaf: Record<string, fc.Arbitrary<unknown>> = {
      array: fc.array(value, { maxLength: 2 }),
      boolean: fc.boolean(),
      integer: fc.integer(),
      null: fc.constant(null),
      number: fc.double(),
      object: fc.dictionary(fc.constantFrom(...NAMES), value, { maxKeys: 2 }),
      string: fc.string(),
    };
    const properties = (node.properties ?? {}) as Record<string, JsonSchema>;
    const own =
      node.type === 'object' || node.properties
        ? fc
            .tuple(
              fc.record(Object.fromEntries(Object.entries(properties).map(([name, sub]) => [name, shaped(sub)])), { requiredKeys: [] }),
              fc.dictionary(fc.constantFrom(...NAMES), value, { maxKeys: 2 }),
            )
            .map(([known, extra]) => ({ ...extra, ...known }))
        : node.type === 'array' || node.items
          ? fc.array(node.items ? shaped(node.items as JsonSchema) : value, { maxLength: 4 })
          : typeof node.type === 'string'
            ? (leaf[node.type] ?? value)
            : value;
    return fc.oneof({ weight: 4, arbitrary: own }, { weight: 1, arbitrary: value });
  }

  it('reports what Ajv reports for values shaped like the schema', () => {
    fc.assert(
      fc.property(
        schema.chain((generated) => fc.tuple(fc.constant(generated), shaped(generated))),
        ([generated, data]) => {
          expect(new SchemaValidator().validate('shaped', generated, data)).toEqual(ajvProblems(generated, data));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('leaves every other schema to Ajv', () => {
    const others: JsonSchema[] = [
      { type: 'string', minLength: 1 },
      { type: 'string', format: 'date-time' },
      { type: 'string', enum: ['a'] },
      { type: ['string', 'null'] },
      { type: 'string', nullable: true },
      { $ref: '#/$defs/A', $defs: { A: { type: 'object' } } },
      { type: 'object', additionalProperties: { type: 'string' } },
      { type: 'object', properties: { a: true } },
      { type: 'object', required: ['a', 'a'] },
      { type: 'object', title: 5 },
      { type: 'object', items: { type: 'string' } },
      { type: 'string', properties: {} },
      { type: 'object', properties: { a: { type: 'integer', minimum: 1 } } },
      { anyOf: [{ type: 'string' }] },
      { type: 'array', items: [{ type: 'string' }] },
    ];
    for (const other of others) expect(compileSimple(other), JSON.stringify(other)).toBeUndefined();
  });

  it('validates an argument-free tool the way Ajv does', () => {
    const none: JsonSchema = { type: 'object', properties: {}, additionalProperties: false };
    expect(compileSimple(none)).toBeDefined();
    const validator = new SchemaValidator();
    expect(validator.validate('none', none, {})).toEqual([]);
    expect(validator.validate('none', none, { extra: 1 })).toEqual([{ argument: 'extra', message: 'unknown argument "extra"' }]);
    expect(validator.validate('none', none, [])).toEqual([{ argument: '', message: 'argument "(root)" must be object' }]);
  });
});
