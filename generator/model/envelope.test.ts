import { describe, expect, it } from 'vitest';
import { inlineSpec } from '../../test/fixtures/inline-spec.js';
import { SpecValidationError } from '../errors.js';
import { buildModel } from './index.js';

const page = { type: 'object', properties: { page: { type: 'integer' }, total: { type: 'integer' } } };

function envelopedSpec(envelope: unknown, data: unknown, extra: Record<string, unknown> = {}) {
  return inlineSpec({
    'x-mcp': { envelope },
    paths: {
      '/things': {
        get: {
          operationId: 'listThings',
          responses: {
            200: {
              description: 'ok',
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { status: { type: 'string' }, data, metadata: page, ...extra } },
                },
              },
            },
          },
        },
      },
      '/health': {
        get: {
          operationId: 'getHealth',
          responses: {
            200: {
              description: 'ok',
              content: { 'application/json': { schema: { type: 'object', properties: { status: { type: 'string' } } } } },
            },
          },
        },
      },
    },
  });
}

describe('x-mcp envelope', () => {
  it('describes a list payload under items with the metadata beside it, and no wrapping left to the runtime', () => {
    const data = { type: 'array', items: { type: 'object', properties: { id: { type: 'string' } } } };
    const { model } = buildModel(envelopedSpec({ dataPath: '/data', metadataPath: '/metadata' }, data));
    const [list, health] = model.tools;
    expect(model.envelope).toEqual({ dataPath: '/data', metadataPath: '/metadata' });
    expect(list?.output?.wrap).toBeUndefined();
    expect(list?.output?.schema).toEqual({
      type: 'object',
      properties: {
        items: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' } } } },
        metadata: { type: 'object', properties: { page: { type: 'integer' }, total: { type: 'integer' } } },
      },
    });
    // A body without a payload at dataPath is described as it is.
    expect(health?.output?.schema).toEqual({ type: 'object', properties: { status: { type: 'string' } } });
  });

  it('describes an object payload by its own fields', () => {
    const data = { type: 'object', properties: { name: { type: 'string', description: 'Cluster name shown in the UI.' } } };
    const { model } = buildModel(envelopedSpec({ dataPath: '/data' }, data));
    expect(model.tools[0]?.output?.schema).toEqual({
      type: 'object',
      properties: { name: { type: 'string', description: 'Cluster name shown in the UI.' } },
    });
  });

  it('refuses a dataPath that is not a JSON pointer and an unknown key, saying where', () => {
    const build = () => buildModel(envelopedSpec({ dataPath: 'data', wrapper: true }, { type: 'object' }));
    expect(build).toThrow(SpecValidationError);
    try {
      build();
    } catch (error) {
      const pointers = (error as SpecValidationError).issues.map((issue) => issue.pointer);
      expect(pointers).toEqual(expect.arrayContaining(['/x-mcp/envelope/dataPath', '/x-mcp/envelope/wrapper']));
    }
  });
});
