import { describe, expect, it } from 'vitest';
import { describeMismatches, fitToSchema, pointerPattern } from './output-fit.js';
import type { JsonSchema } from './types.js';
import { SchemaValidator } from './validate.js';

const validator = new SchemaValidator();
const checkWith = (schema: JsonSchema) => (value: unknown) => validator.errors(JSON.stringify(schema), schema, value);

/** A schema as the generator writes them: typed properties, nothing required. */
const app: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    state: { type: 'string', enum: ['running', 'stopped'] },
    tags: { type: 'array', items: { type: 'string' } },
    owner: { type: ['null', 'object'] },
    // anyOf sends validation to Ajv rather than the simple validator.
    size: { anyOf: [{ type: 'integer' }, { type: 'string' }] },
  },
};

describe('fitToSchema', () => {
  it('leaves a conforming object as it is, with no mismatch', () => {
    const body = { id: 'a', state: 'running', tags: ['x'], owner: null, size: 3, extra: true };
    expect(fitToSchema(body, checkWith(app))).toEqual({ structured: body, mismatches: [] });
  });

  it('leaves out each property of another type or value, and says what was expected', () => {
    const fitted = fitToSchema({ id: 7, state: 'paused', tags: ['x', 2], owner: 'me', size: true, name: 'n' }, checkWith(app));
    expect(fitted.structured).toEqual({ name: 'n' });
    expect(fitted.mismatches).toEqual([
      { pointer: '/id', kind: 'type', expected: 'string', actual: 'integer' },
      { pointer: '/state', kind: 'enum', expected: 'one of ["running","stopped"]', actual: '"paused"' },
      { pointer: '/tags/1', kind: 'type', expected: 'string', actual: 'integer' },
      { pointer: '/owner', kind: 'type', expected: 'null or object', actual: 'string' },
      { pointer: '/size', kind: 'type', expected: 'integer', actual: 'boolean' },
      { pointer: '/size', kind: 'anyOf', expected: 'must match a schema in anyOf', actual: 'boolean' },
    ]);
  });

  it.each([
    [null, 'null'],
    [[{ id: 'a' }], 'array'],
    ['text', 'string'],
    [1.5, 'number'],
    [undefined, 'undefined'],
  ])('a body that is not an object (%j) becomes {} with one root mismatch', (body, actual) => {
    expect(fitToSchema(body, checkWith(app))).toEqual({
      structured: {},
      mismatches: [{ pointer: '', kind: 'type', expected: 'object', actual }],
    });
  });

  it('names what came instead when the caller says so', () => {
    expect(fitToSchema(undefined, checkWith(app), 'an empty body').mismatches[0]?.actual).toBe('an empty body');
  });

  it('gives nothing when even {} does not conform (a required property), and reports only the real drift', () => {
    const strict: JsonSchema = { type: 'object', required: ['id'], properties: { id: { type: 'string' } } };
    expect(fitToSchema({ id: 1 }, checkWith(strict))).toEqual({
      mismatches: [{ pointer: '/id', kind: 'type', expected: 'string', actual: 'integer' }],
    });
  });

  it('removes a nested object that misses a required property, and a closed object’s extra property', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: {
        owner: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
        meta: { type: 'object', properties: { a: { type: 'integer' } }, additionalProperties: false },
      },
    };
    const fitted = fitToSchema({ owner: { name: 'x' }, meta: { a: 1, 'b/c': 2 } }, checkWith(schema));
    expect(fitted.structured).toEqual({ meta: { a: 1 } });
    expect(fitted.mismatches).toEqual([
      { pointer: '/owner/id', kind: 'missing', expected: 'a value', actual: 'nothing' },
      { pointer: '/meta/b~1c', kind: 'unexpected', expected: 'no such property', actual: 'integer' },
    ]);
  });

  it('ends on a deeply nested drift, whatever the depth', () => {
    let schema: JsonSchema = { type: 'string' };
    let body: unknown = 5;
    for (let depth = 0; depth < 60; depth += 1) {
      schema = { type: 'object', properties: { next: schema } };
      body = { next: body };
    }
    const fitted = fitToSchema(body, checkWith(schema));
    expect(fitted.mismatches).toHaveLength(1);
    expect(fitted.structured).toBeDefined();
  });
});

describe('pointerPattern and describeMismatches', () => {
  it('writes array indices as *', () => {
    expect(pointerPattern('/items/12/tags/0')).toBe('/items/*/tags/*');
    expect(pointerPattern('/a12/b')).toBe('/a12/b');
  });

  it('says at most five mismatches, then how many more', () => {
    const many = Array.from({ length: 7 }, (_, index) => ({ pointer: `/p${index}`, kind: 'type', expected: 'string', actual: 'null' }));
    expect(describeMismatches(many)).toBe(
      '/p0: expected string, got null; /p1: expected string, got null; /p2: expected string, got null; /p3: expected string, got null; /p4: expected string, got null; and 2 more',
    );
  });
});
