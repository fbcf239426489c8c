import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { inlineSpec, oneOperation } from '../../test/fixtures/inline-spec.js';
import { isInformativeExample } from './examples.js';
import { buildModel } from './index.js';
import { briefDescription } from './output-schema.js';
import { shareRepeatedSubschemas } from './shared-subschemas.js';
import type { JsonSchema } from './types.js';

const firstTool = (spec: Parameters<typeof buildModel>[0]) => {
  const tool = buildModel(spec).model.tools[0];
  if (!tool) throw new Error('no tool built');
  return tool;
};
const propertiesOf = (schema: JsonSchema | undefined) => (schema as { properties: Record<string, Record<string, unknown>> }).properties;

describe('input examples', () => {
  const query = (name: string, schema: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    propertiesOf(
      firstTool(oneOperation('get', '/a', { operationId: 'a', parameters: [{ name, in: 'query', schema, ...extra }] })).inputSchema,
    )[name];

  it('keeps an example that shows a shape the schema does not state', () => {
    expect(query('userId', { type: 'string' }, { description: 'User id, as returned by get_users.', example: 'uid-3f07b9e7' })).toEqual({
      type: 'string',
      description: 'User id, as returned by get_users.',
      examples: ['uid-3f07b9e7'],
    });
  });

  it('drops an example that repeats an enum, the default, a format or the description', () => {
    expect(query('format', { type: 'string', enum: ['json', 'text'] }, { example: 'json' })).not.toHaveProperty('examples');
    expect(query('unit', { type: 'string', default: 'box' }, { example: 'box' })).not.toHaveProperty('examples');
    expect(query('since', { type: 'string', format: 'date-time' }, { example: '2025-09-25T00:00:00Z' })).not.toHaveProperty('examples');
    expect(
      query('service', { type: 'string' }, { description: 'Service name, e.g. `mail`, `mysql`.', example: 'mysql' }),
    ).not.toHaveProperty('examples');
    expect(query('server', { type: 'string', example: '7a3c1e52-9f0b-4d7e-8a21-5c6d4e3f2b10' }, { description: 'Server UUID.' })).toEqual({
      type: 'string',
      description: 'Server UUID.',
    });
  });

  it('matches the description only on whole tokens', () => {
    expect(isInformativeExample({ description: 'Backup id (starts with `app_`).' }, 'app_9f1c_v1')).toBe(true);
    expect(isInformativeExample({ description: 'A label such as before-upgrade.' }, 'before-upgrade')).toBe(false);
    expect(isInformativeExample({ description: 'Storage provider, e.g. s3-compatible.' }, 's3')).toBe(true);
  });

  it('drops an example equal to the default, whatever the order of its keys', () => {
    const schema = { type: 'object', default: { unit: 'GB', size: 10 } };
    expect(isInformativeExample(schema, { size: 10, unit: 'GB' })).toBe(false);
    expect(isInformativeExample(schema, { size: 20, unit: 'GB' })).toBe(true);
    expect(isInformativeExample({ type: 'integer', default: 10 }, 10)).toBe(false);
  });
});

describe('output descriptions', () => {
  const output = (properties: Record<string, unknown>, description?: string) =>
    firstTool(
      oneOperation('get', '/a', {
        operationId: 'a',
        responses: {
          200: {
            description: 'ok',
            content: { 'application/json': { schema: { type: 'object', ...(description ? { description } : {}), properties } } },
          },
        },
      }),
    ).output?.schema as { description?: string; properties: Record<string, Record<string, unknown>> };

  it('keeps the whole sentences that fit in 80 characters, or the first one cut at a word', () => {
    const schema = output(
      {
        memoryLimit: {
          type: 'integer',
          description: 'Memory limit in bytes (0 means the default). Changing it restarts the app and takes a while.',
        },
        access: { type: ['object', 'null'], description: 'Who may log in to the app. `null` means every user.' },
        note: {
          type: 'string',
          description: 'A rather long sentence that goes on and on about the note, well past the eighty characters we allow here.',
        },
      },
      'An installed app. It has many fields, each described below in some detail for the reader.',
    );
    expect(schema.description).toBe('An installed app.');
    expect(schema.properties.memoryLimit?.description).toBe('Memory limit in bytes (0 means the default).');
    expect(schema.properties.access?.description).toBe('Who may log in to the app. `null` means every user.');
    expect(schema.properties.note?.description).toBe('A rather long sentence that goes on and on about the note, well past the eighty…');
  });

  it('leaves out descriptions that only restate the property name, but not units or kinds', () => {
    const schema = output({
      id: { type: 'string', description: 'Task id.' },
      first_name: { type: 'string', description: 'First name.' },
      server: { type: 'string', description: 'Server id.' },
      size: { type: 'integer', description: 'Size in bytes.' },
      owner: { type: 'string', description: 'Id of the owning user or group.' },
    });
    expect(schema.properties).toEqual({
      id: { type: 'string' },
      first_name: { type: 'string' },
      server: { type: 'string', description: 'Server id.' },
      size: { type: 'integer', description: 'Size in bytes.' },
      owner: { type: 'string', description: 'Id of the owning user or group.' },
    });
  });

  it('does not end a sentence at an abbreviation', () => {
    expect(briefDescription('Service name, e.g. `mail`. Lists more.', 30)).toBe('Service name, e.g. `mail`.');
    expect(briefDescription('<p>Returns the <b>app</b>.</p>\n\nSecond paragraph.')).toBe('Returns the app.');
  });

  it('judges a restatement by all the spec wrote, not only the part kept', () => {
    const schema = output({
      taskId: {
        type: 'string',
        description: 'Id of the started task. Poll it with get_task until it is no longer active, then read its result.',
      },
    });
    expect(schema.properties.taskId?.description).toBe('Id of the started task.');
  });
});

describe('request bodies that admit only {}', () => {
  const withBody = (required: boolean) =>
    firstTool(
      oneOperation('get', '/v1/customers', {
        operationId: 'listCustomers',
        parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer' } }],
        requestBody: {
          required,
          content: {
            'application/x-www-form-urlencoded': { schema: { type: 'object', properties: {}, additionalProperties: false } },
          },
        },
      }),
    );

  it('give an optional body no argument; the operation keeps its media type', () => {
    const tool = withBody(false);
    expect(Object.keys(propertiesOf(tool.inputSchema))).toEqual(['limit']);
    expect(tool.body).toEqual({
      layout: 'flat',
      mediaType: 'application/x-www-form-urlencoded',
      properties: [],
      required: false,
    });
  });

  it('keep a required one as an argument, so the call still sends it', () => {
    const tool = withBody(true);
    expect(Object.keys(propertiesOf(tool.inputSchema))).toEqual(['limit', 'body']);
    expect(tool.body).toMatchObject({ argument: 'body', layout: 'nested', required: true });
  });
});

describe('repeated subschemas', () => {
  const address = {
    type: 'object',
    required: ['city', 'country', 'line1'],
    properties: Object.fromEntries(
      ['city', 'country', 'line1', 'line2', 'postal_code', 'state'].map((name) => [name, { type: 'string', maxLength: 5000 }]),
    ),
  };

  it('keep one copy in $defs and validate exactly as the inline schema did', () => {
    const inline = {
      type: 'object',
      properties: { billing: address, shipping: { type: 'object', properties: { address, name: { type: 'string' } } } },
      additionalProperties: false,
    };
    const shared = shareRepeatedSubschemas(inline);
    expect(shared).toEqual({
      type: 'object',
      properties: {
        billing: { $ref: '#/$defs/billing' },
        shipping: { type: 'object', properties: { address: { $ref: '#/$defs/billing' }, name: { type: 'string' } } },
      },
      additionalProperties: false,
      $defs: { billing: address },
    });
    expect(JSON.stringify(shared).length).toBeLessThan(JSON.stringify(inline).length);
    const ajv = new Ajv2020({ strict: false });
    const [before, after] = [ajv.compile(inline), ajv.compile(shared as object)];
    const good = { city: 'Berlin', country: 'DE', line1: 'Main St 1' };
    for (const value of [
      { billing: good, shipping: { address: good } },
      { billing: { city: 'Berlin' } },
      { shipping: { address: { ...good, line1: 1 } } },
      { other: true },
    ]) {
      expect(after(value)).toBe(before(value));
    }
  });

  it('point repeats at an identical $defs entry instead of adding another', () => {
    const shared = shareRepeatedSubschemas({
      type: 'object',
      properties: { from: { $ref: '#/$defs/Address' }, to: address },
      $defs: { Address: address },
    });
    expect(shared).toEqual({
      type: 'object',
      properties: { from: { $ref: '#/$defs/Address' }, to: { $ref: '#/$defs/Address' } },
      $defs: { Address: address },
    });
  });

  it('leave small repeats inline', () => {
    const small = { type: 'string', enum: ['a', 'b'] };
    const schema = { type: 'object', properties: { x: small, y: small } };
    expect(shareRepeatedSubschemas(schema)).toEqual(schema);
  });

  it('apply to tool inputs built from a spec', () => {
    const tool = firstTool(
      inlineSpec({
        paths: {
          '/orders': {
            post: {
              operationId: 'createOrder',
              requestBody: {
                content: { 'application/json': { schema: { type: 'object', properties: { billing: address, shipping: address } } } },
              },
              responses: { 200: { description: 'ok' } },
            },
          },
        },
      }),
    );
    expect(tool.inputSchema).toMatchObject({
      properties: { billing: { $ref: '#/$defs/billing' }, shipping: { $ref: '#/$defs/billing' } },
      $defs: { billing: address },
    });
  });
});
