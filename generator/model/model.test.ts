import { describe, expect, it } from 'vitest';
import { inlineSpec, oneOperation } from '../../test/fixtures/inline-spec.js';
import { SpecValidationError } from '../errors.js';
import { buildModel } from './index.js';
import { TOOL_NAME_PATTERN } from './naming.js';

const firstTool = (spec: Parameters<typeof buildModel>[0]) => {
  const tool = buildModel(spec).model.tools[0];
  if (!tool) throw new Error('no tool built');
  return tool;
};

describe('tool names', () => {
  it.each([
    ['listAppsByUser', 'GET', '/apps', 'list_apps_by_user'],
    [undefined, 'GET', '/products/{id}', 'get_products_by_id'],
    ['find pet by id', 'GET', '/pets/{id}', 'find_pet_by_id'],
    ['repos/get-content', 'GET', '/x', 'repos_get_content'],
    ['créerUtilisateur', 'POST', '/users', 'creer_utilisateur'],
  ])('operationId %s (%s %s) → %s', (operationId, method, path, expected) => {
    const tool = firstTool(oneOperation(method.toLowerCase(), path, operationId ? { operationId } : {}));
    expect(tool.name).toBe(expected);
    expect(tool.name).toMatch(TOOL_NAME_PATTERN);
  });

  it('shortens names over 64 characters with a stable hash', () => {
    const operationId = `get${'VeryLong'.repeat(10)}Thing`;
    const first = firstTool(oneOperation('get', '/x', { operationId })).name;
    expect(first.length).toBeLessThanOrEqual(64);
    expect(firstTool(oneOperation('get', '/x', { operationId })).name).toBe(first);
  });

  it('suffixes duplicate operationIds in document order and warns naming both', () => {
    const { model, warnings } = buildModel(
      inlineSpec({
        paths: {
          '/a': { get: { operationId: 'getThing', responses: { 200: { description: 'ok' } } } },
          '/b': { get: { operationId: 'getThing', responses: { 200: { description: 'ok' } } } },
        },
      }),
    );
    expect(model.tools.map((tool) => tool.name)).toEqual(['get_thing', 'get_thing_2']);
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'duplicate-tool-name', pointer: '/paths/~1b/get' }));
    expect(warnings[0]?.message).toContain('/a');
  });

  it('rejects an x-mcp name that collides with another tool, naming both places', () => {
    const spec = inlineSpec({
      paths: {
        '/a': { get: { operationId: 'listApps', responses: { 200: { description: 'ok' } } } },
        '/b': { get: { operationId: 'other', 'x-mcp': { name: 'list_apps' }, responses: { 200: { description: 'ok' } } } },
      },
    });
    expect(() => buildModel(spec)).toThrow(SpecValidationError);
    try {
      buildModel(spec);
    } catch (error) {
      const issue = (error as SpecValidationError).issues[0];
      expect(issue).toMatchObject({ code: 'tool-name-collision', pointer: '/paths/~1b/get/x-mcp/name', file: 'inline.yaml' });
      expect(issue?.message).toContain('/paths/~1a/get');
    }
  });

  it.each([
    [{ style: 'cursor', cursorParam: 'cursor' }, 'x-mcp pagination style "cursor" needs cursorPath'],
    [{ style: 'cursor', cursorPath: '/next' }, 'x-mcp pagination style "cursor" needs cursorParam'],
    [{ style: 'page', sizeParam: 'per_page' }, 'x-mcp pagination style "page" needs pageParam'],
    [{ style: 'offset' }, 'x-mcp pagination style "offset" needs offsetParam'],
    [{ style: 'cursor', cursorParam: 'cursor', cursorPath: 'next' }, 'cursorPath must be a JSON pointer starting with "/"'],
  ])('refuses the incomplete pagination block %j', (pagination, message) => {
    const spec = inlineSpec({ 'x-mcp': { pagination: [pagination] }, paths: {} });
    let caught: unknown;
    try {
      buildModel(spec);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SpecValidationError);
    const issue = (caught as SpecValidationError).issues.find((candidate) => candidate.message.includes(message));
    expect(issue?.pointer).toMatch(/^\/x-mcp\/pagination\/0/);
  });

  it('rejects unknown x-mcp keys with their pointer', () => {
    const spec = oneOperation('get', '/a', { operationId: 'a', 'x-mcp': { nmae: 'typo' } });
    expect(() => buildModel(spec)).toThrow(/unknown x-mcp key "nmae"/);
  });
});

describe('x-mcp keywords', () => {
  it('joins the path item and operation keywords, each once', () => {
    const spec = inlineSpec({
      paths: {
        '/mailboxes': {
          'x-mcp': { keywords: ['inbox'] },
          post: { operationId: 'addMailbox', 'x-mcp': { keywords: ['email account', 'inbox'] }, responses: { 200: { description: 'ok' } } },
        },
      },
    });
    expect(firstTool(spec).keywords).toEqual(['inbox', 'email account']);
    expect(firstTool(oneOperation('get', '/a', { operationId: 'a' })).keywords).toEqual([]);
  });

  it.each([
    [['ok', ''], '/paths/~1a/get/x-mcp/keywords/1'],
    [['x'.repeat(61)], '/paths/~1a/get/x-mcp/keywords/0'],
    ['inbox', '/paths/~1a/get/x-mcp/keywords'],
  ])('rejects keywords %j at %s', (keywords, pointer) => {
    try {
      buildModel(oneOperation('get', '/a', { operationId: 'a', 'x-mcp': { keywords } }));
      expect.unreachable('keywords accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(SpecValidationError);
      expect((error as SpecValidationError).issues[0]).toMatchObject({ code: 'invalid-extension', pointer });
    }
  });
});

describe('annotations and scope', () => {
  it.each([
    ['get', { readOnlyHint: true, destructiveHint: false, idempotentHint: true }],
    ['post', { readOnlyHint: false, destructiveHint: false, idempotentHint: false }],
    ['put', { readOnlyHint: false, destructiveHint: false, idempotentHint: true }],
    ['delete', { readOnlyHint: false, destructiveHint: true, idempotentHint: true }],
  ])('%s has explicit defaults for all four hints', (method, expected) => {
    const tool = firstTool(oneOperation(method, '/a', { operationId: 'a' }));
    expect(tool.annotations).toEqual({ ...expected, openWorldHint: true });
  });

  it('applies root glob, path item and operation overrides in that order', () => {
    const tool = firstTool(
      inlineSpec({
        'x-mcp': { annotations: { 'POST /apps/*/restart': { idempotentHint: true, destructiveHint: true } } },
        paths: {
          '/apps/{id}/restart': {
            'x-mcp': { annotations: { destructiveHint: false } },
            post: { operationId: 'restart', 'x-mcp': { annotations: { openWorldHint: false } }, responses: { 200: { description: 'ok' } } },
          },
        },
      }),
    );
    expect(tool.annotations).toEqual({ readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false });
  });

  it('derives read scope from declared security scopes, not the method', () => {
    const security = (scope: string) => [{ token: [scope] }];
    const { model } = buildModel(
      inlineSpec({
        'x-mcp': { readScopes: ['read'] },
        components: { securitySchemes: { token: { type: 'http', scheme: 'bearer' } } },
        paths: {
          '/check': { post: { operationId: 'check', security: security('read'), responses: { 200: { description: 'ok' } } } },
          '/backups': { get: { operationId: 'backups', security: security('write'), responses: { 200: { description: 'ok' } } } },
          '/open': { get: { operationId: 'open', responses: { 200: { description: 'ok' } } } },
        },
      }),
    );
    expect(Object.fromEntries(model.tools.map((tool) => [tool.name, tool.scope]))).toEqual({
      check: 'read',
      backups: 'write',
      open: 'read',
    });
  });

  it('asks for confirmation on destructive tools unless told otherwise', () => {
    expect(firstTool(oneOperation('delete', '/a/{id}', { operationId: 'd' })).confirm).toBe(true);
    expect(firstTool(oneOperation('delete', '/a/{id}', { operationId: 'd', 'x-mcp': { confirm: false } })).confirm).toBe(false);
    expect(firstTool(oneOperation('get', '/a', { operationId: 'g' })).confirm).toBe(false);
  });
});

describe('input schema', () => {
  it('flattens path, query and JSON body fields into one object', () => {
    const tool = firstTool(
      oneOperation('post', '/apps/{appId}/configure', {
        operationId: 'configure',
        parameters: [
          { name: 'appId', in: 'path', required: true, schema: { type: 'string' }, description: 'App id.' },
          { name: 'dryRun', in: 'query', schema: { type: 'boolean' } },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['memory'],
                properties: { memory: { type: 'integer', minimum: 0 }, id: { type: 'string', readOnly: true } },
              },
            },
          },
        },
      }),
    );
    expect(tool.inputSchema).toEqual({
      type: 'object',
      properties: {
        appId: { type: 'string', description: 'App id.' },
        dryRun: { type: 'boolean' },
        memory: { type: 'integer', minimum: 0 },
      },
      required: ['appId', 'memory'],
      additionalProperties: false,
    });
    expect(tool.body).toEqual({
      layout: 'flat',
      mediaType: 'application/json',
      properties: [{ argument: 'memory', name: 'memory' }],
      required: true,
    });
    expect(tool.params.map((param) => param.argument)).toEqual([['appId'], ['dryRun']]);
  });

  it('nests the body under `body` when a field collides with a parameter', () => {
    const tool = firstTool(
      oneOperation('put', '/user/{username}', {
        operationId: 'updateUser',
        parameters: [{ name: 'username', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: {
          content: {
            'application/json': { schema: { type: 'object', properties: { username: { type: 'string' }, email: { type: 'string' } } } },
          },
        },
      }),
    );
    expect(Object.keys((tool.inputSchema as { properties: object }).properties)).toEqual(['username', 'body']);
    expect(tool.body).toMatchObject({ argument: 'body', layout: 'nested' });
  });

  it('groups parameters that share a name by location', () => {
    const tool = firstTool(
      oneOperation('get', '/items/{id}', {
        operationId: 'getItem',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'id', in: 'query', schema: { type: 'string' } },
        ],
      }),
    );
    expect(tool.params.map((param) => param.argument)).toEqual([
      ['path', 'id'],
      ['query', 'id'],
    ]);
    expect((tool.inputSchema as { required: string[] }).required).toEqual(['path']);
  });

  it('keeps $refs local in $defs instead of inlining, even when recursive', () => {
    const tool = firstTool(
      inlineSpec({
        components: {
          schemas: { Node: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } } } },
        },
        paths: {
          '/tree': {
            post: {
              operationId: 'plant',
              requestBody: {
                content: {
                  'application/json': { schema: { type: 'object', properties: { root: { $ref: '#/components/schemas/Node' } } } },
                },
              },
              responses: { 200: { description: 'ok' } },
            },
          },
        },
      }),
    );
    expect(tool.inputSchema).toMatchObject({
      properties: { root: { $ref: '#/$defs/Node' } },
      $defs: { Node: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/$defs/Node' } } } } },
    });
  });

  it('converts OpenAPI 3.0 nullable and boolean exclusive bounds to JSON Schema 2020-12', () => {
    const tool = firstTool({
      ...oneOperation('get', '/a', {
        operationId: 'a',
        parameters: [{ name: 'n', in: 'query', schema: { type: 'number', nullable: true, minimum: 1, exclusiveMinimum: true } }],
      }),
      document: {
        openapi: '3.0.3',
        info: { title: 't', version: '1' },
        paths: {
          '/a': {
            get: {
              operationId: 'a',
              parameters: [{ name: 'n', in: 'query', schema: { type: 'number', nullable: true, minimum: 1, exclusiveMinimum: true } }],
              responses: { 200: { description: 'ok' } },
            },
          },
        },
      },
    });
    expect((tool.inputSchema as { properties: Record<string, unknown> }).properties.n).toEqual({
      type: ['number', 'null'],
      exclusiveMinimum: 1,
    });
  });

  it('adds server arguments declared with x-mcp.serverArguments', () => {
    const tool = firstTool(
      inlineSpec({
        servers: [{ url: 'https://{workspace}.example.com', variables: { workspace: { default: 'main' } } }],
        'x-mcp': { serverArguments: [{ variable: 'workspace', env: 'WORKSPACE' }] },
        paths: { '/a': { get: { operationId: 'a', responses: { 200: { description: 'ok' } } } } },
      }),
    );
    expect((tool.inputSchema as { properties: Record<string, unknown> }).properties.workspace).toMatchObject({ type: 'string' });
  });
});

describe('output, pagination and tasks', () => {
  const withResponse = (schema: unknown) =>
    oneOperation('get', '/a', {
      operationId: 'a',
      responses: { 200: { description: 'ok', content: { 'application/json': { schema, example: { x: 1 } } } } },
    });

  it('keeps object responses and wraps arrays and scalars so the top is an object', () => {
    expect(firstTool(withResponse({ type: 'object', properties: { x: { type: 'integer' } } })).output).toMatchObject({
      schema: { type: 'object' },
      example: { x: 1 },
    });
    expect(firstTool(withResponse({ type: 'array', items: { type: 'string' } })).output).toMatchObject({
      wrap: 'items',
      schema: { type: 'object', properties: { items: { type: 'array' } } },
    });
    expect(firstTool(withResponse({ type: 'string' })).output?.wrap).toBe('value');
  });

  it('gives no output schema to a 204 or a schema-less response', () => {
    expect(
      firstTool(oneOperation('delete', '/a', { operationId: 'a', responses: { 204: { description: 'gone' } } })).output,
    ).toBeUndefined();
  });

  it('detects pagination and task starters from the root x-mcp', () => {
    const { model } = buildModel(
      inlineSpec({
        'x-mcp': {
          pagination: [{ style: 'page', pageParam: 'page', sizeParam: 'per_page' }],
          tasks: { idPath: '/taskId', pollOperation: 'getTask', pollParam: 'taskId', donePath: '/active', doneValues: [false] },
        },
        paths: {
          '/users': {
            get: {
              operationId: 'listUsers',
              parameters: [{ name: 'page', in: 'query', schema: { type: 'integer' } }],
              responses: { 200: { description: 'ok' } },
            },
          },
          '/apps/{id}/restart': {
            post: {
              operationId: 'restart',
              parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
              responses: {
                202: {
                  description: 'started',
                  content: { 'application/json': { schema: { type: 'object', properties: { taskId: { type: 'string' } } } } },
                },
              },
            },
          },
          '/apps/{id}': {
            get: {
              operationId: 'getApp',
              parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
              responses: {
                200: {
                  description: 'the app, with the id of its current task',
                  content: { 'application/json': { schema: { type: 'object', properties: { taskId: { type: 'string' } } } } },
                },
              },
            },
          },
          '/tasks/{taskId}': {
            get: {
              operationId: 'getTask',
              parameters: [{ name: 'taskId', in: 'path', required: true, schema: { type: 'string' } }],
              responses: {
                200: {
                  description: 'ok',
                  content: { 'application/json': { schema: { type: 'object', properties: { taskId: { type: 'string' } } } } },
                },
              },
            },
          },
        },
      }),
    );
    const byName = Object.fromEntries(model.tools.map((tool) => [tool.name, tool]));
    expect(byName.list_users?.pagination).toEqual({ style: 'page', pageParam: 'page', sizeParam: 'per_page' });
    expect(byName.restart?.startsTask).toBe(true);
    expect(byName.get_task?.startsTask).toBe(false);
    expect(byName.get_app?.startsTask).toBe(false);
    expect(model.tasks).toMatchObject({ pollTool: 'get_task', idPath: '/taskId' });
  });
});

describe('unusable documents', () => {
  it('fails with one error when every operation is excluded', () => {
    expect(() => buildModel(oneOperation('get', '/a', { operationId: 'a', 'x-mcp': { exclude: true } }))).toThrow(
      /every operation is excluded/,
    );
  });

  it('names an unknown task poll operation with its pointer', () => {
    const spec = oneOperation(
      'get',
      '/a',
      { operationId: 'a' },
      {
        'x-mcp': { tasks: { idPath: '/id', pollOperation: 'nope', pollParam: 'id', donePath: '/done', doneValues: [true] } },
      },
    );
    expect(() => buildModel(spec)).toThrow(/pollOperation "nope"/);
  });
});
