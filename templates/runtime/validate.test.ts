import { describe, expect, it } from 'vitest';
import type { JsonSchema } from './types.js';
import { SchemaValidator } from './validate.js';

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
