import { describe, expect, it } from 'vitest';
import { uniqueOperationIds } from './unique-operation-ids.js';

const op = (operationId?: string) => ({ ...(operationId === undefined ? {} : { operationId }), responses: {} });

describe('uniqueOperationIds', () => {
  it('suffixes each repeat in path order, past suffixes the spec already uses, and leaves the document as it was', () => {
    const document = {
      openapi: '3.1.0',
      paths: {
        '/a': { get: op('getThing'), post: op('getThing_2'), parameters: [] },
        '/b': { get: op('getThing'), put: op() },
        '/c': { delete: op('getThing'), summary: 'c' },
      },
    };
    const before = structuredClone(document);
    const unique = uniqueOperationIds(document);
    expect(unique).toEqual({
      openapi: '3.1.0',
      paths: {
        '/a': { get: op('getThing'), post: op('getThing_2'), parameters: [] },
        '/b': { get: op('getThing_3'), put: op() },
        '/c': { delete: op('getThing_4'), summary: 'c' },
      },
    });
    expect(document).toEqual(before);
  });

  it('gives back the same operations when every operationId is already unique', () => {
    const document = { paths: { '/a': { get: op('a'), post: op('b') } } };
    expect(uniqueOperationIds(document)).toEqual(document);
    expect(uniqueOperationIds({ openapi: '3.1.0' })).toEqual({ openapi: '3.1.0' });
  });
});
