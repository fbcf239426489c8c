import { describe, expect, it } from 'vitest';
import { requestFromArguments } from './arguments.js';
import type { ArgumentMapping } from './types.js';

describe('requestFromArguments', () => {
  it('maps flat arguments to their parameter groups, each from the argument of its name unless told another', () => {
    const mapping: ArgumentMapping = {
      params: [
        { in: 'path', name: 'appId' },
        { in: 'query', name: 'page' },
        { argument: ['requestId'], in: 'header', name: 'X-Request-Id' },
        { in: 'cookie', name: 'session' },
      ],
    };
    expect(requestFromArguments(mapping, { appId: 'a1', page: 2, requestId: 'r', session: 's' })).toEqual({
      path: { appId: 'a1' },
      query: { page: 2 },
      header: { 'X-Request-Id': 'r' },
      cookie: { session: 's' },
    });
  });

  it('leaves out groups with no values and arguments not given', () => {
    const mapping: ArgumentMapping = {
      params: [
        { in: 'path', name: 'appId' },
        { in: 'query', name: 'page' },
      ],
    };
    expect(requestFromArguments(mapping, { appId: 'a1' })).toEqual({ path: { appId: 'a1' } });
    expect(requestFromArguments(mapping, {})).toEqual({});
  });

  it('keeps falsy values that were given', () => {
    const mapping: ArgumentMapping = {
      params: [
        { in: 'query', name: 'all' },
        { in: 'query', name: 'n' },
      ],
    };
    expect(requestFromArguments(mapping, { all: false, n: 0 })).toEqual({ query: { all: false, n: 0 } });
  });

  it('reads grouped arguments (["query","id"]) when names collide', () => {
    const mapping: ArgumentMapping = {
      params: [
        { argument: ['path', 'id'], in: 'path', name: 'id' },
        { argument: ['query', 'id'], in: 'query', name: 'id' },
      ],
    };
    expect(requestFromArguments(mapping, { path: { id: 'p1' }, query: { id: 'q1' } })).toEqual({ path: { id: 'p1' }, query: { id: 'q1' } });
    expect(requestFromArguments(mapping, { path: { id: 'p1' } })).toEqual({ path: { id: 'p1' } });
    expect(requestFromArguments(mapping, { path: 'not an object' })).toEqual({});
  });

  it('passes a nested body argument through whole', () => {
    const mapping: ArgumentMapping = {
      body: { argument: 'body', layout: 'nested' },
      params: [{ in: 'path', name: 'appId' }],
    };
    const body = { items: [{ name: 'x' }], options: { force: true } };
    expect(requestFromArguments(mapping, { appId: 'a', body })).toEqual({ path: { appId: 'a' }, body });
    expect(requestFromArguments(mapping, { appId: 'a' })).toEqual({ path: { appId: 'a' } });
    expect(requestFromArguments(mapping, { body: 'raw text' })).toEqual({ body: 'raw text' });
  });

  it('gathers a flat body from top-level arguments, renaming where needed', () => {
    const mapping: ArgumentMapping = {
      body: { layout: 'flat', properties: ['name', { argument: 'body_id', name: 'id' }, 'enabled'] },
      params: [{ in: 'path', name: 'id' }],
    };
    expect(requestFromArguments(mapping, { id: 'p', name: 'n', body_id: 'b', enabled: false, unrelated: 1 })).toEqual({
      path: { id: 'p' },
      body: { name: 'n', id: 'b', enabled: false },
    });
  });

  it('sends no flat body when none of its fields are given', () => {
    const mapping: ArgumentMapping = { body: { layout: 'flat', properties: ['name'] } };
    expect(requestFromArguments(mapping, {})).toEqual({});
  });

  it('makes an empty request for a tool with no mapping', () => {
    expect(requestFromArguments(undefined, { anything: 1 })).toEqual({});
    expect(requestFromArguments({}, { anything: 1 })).toEqual({});
  });
});
