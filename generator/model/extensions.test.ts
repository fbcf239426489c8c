import { describe, expect, it } from 'vitest';
import { IssueList } from '../issues.js';
import { createAjv, readOperationExtension, readRootExtension, readSecuritySchemeExtension } from './extensions.js';
import { LOCATIONS } from './x-mcp-schema.js';

function rootIssues(extension: unknown) {
  const issues = new IssueList('spec.yaml');
  readRootExtension({ 'x-mcp': extension }, issues);
  return issues.items.map(({ code, message, pointer }) => ({ code, message, pointer }));
}

describe('x-mcp validation (x-mcp-schema.ts through Ajv)', () => {
  it.each(Object.keys(LOCATIONS) as (keyof typeof LOCATIONS)[])('has a %s schema that is valid JSON Schema in strict mode', (location) => {
    // The generator compiles without checking the schema (it costs as much again); this is where it is checked.
    expect(() => createAjv({}).compile(LOCATIONS[location])).not.toThrow();
  });

  it.each([
    [5, 'invalid-extension', '/x-mcp', 'x-mcp must be an object'],
    [{ nmae: 'x' }, 'unknown-extension-key', '/x-mcp/nmae', 'unknown x-mcp key "nmae" (allowed here: name, envPrefix,'],
    [{ envPrefix: 'lower' }, 'invalid-extension', '/x-mcp/envPrefix', 'x-mcp envPrefix must be UPPER_SNAKE_CASE, not "lower"'],
    [{ statusTools: 3 }, 'invalid-extension', '/x-mcp/statusTools', 'x-mcp statusTools must be true or false'],
    [
      { pagination: { style: 'pages' } },
      'invalid-extension',
      '/x-mcp/pagination/style',
      'x-mcp pagination style "pages" must be page, offset or cursor',
    ],
    [{ rateLimit: { requests: 5 } }, 'invalid-extension', '/x-mcp/rateLimit/perSeconds', 'x-mcp rateLimit needs perSeconds'],
    [
      { rateLimit: { requests: -1, perSeconds: 1 } },
      'invalid-extension',
      '/x-mcp/rateLimit/requests',
      'x-mcp rateLimit requests must be a positive number',
    ],
    [{ annotations: { 'GET /b': 3 } }, 'invalid-extension', '/x-mcp/annotations/GET ~1b', 'annotations "GET /b" must be an object'],
    [
      { tasks: { idPath: '/id', pollOperation: 'a', pollParam: 'id', donePath: '/d', doneValues: 3 } },
      'invalid-extension',
      '/x-mcp/tasks/doneValues',
      'x-mcp tasks doneValues must be a list',
    ],
    [
      { serverArguments: [{ variable: 'work-space' }] },
      'invalid-extension',
      '/x-mcp/serverArguments/0/env',
      'x-mcp env must be UPPER_SNAKE_CASE, not "WORK-SPACE"',
    ],
    [{ credentialsFile: {} }, 'invalid-extension', '/x-mcp/credentialsFile/env', 'x-mcp credentialsFile needs env'],
  ])('refuses %j: %s at %s', (extension, code, pointer, message) => {
    const [first] = rootIssues(extension);
    expect(first).toEqual({ code, pointer, message: expect.stringContaining(message) });
  });

  it('reads a valid root with its defaults, in the shapes the model uses', () => {
    const issues = new IssueList('spec.yaml');
    const root = readRootExtension(
      {
        'x-mcp': {
          annotations: { 'GET /a': { readOnlyHint: true } },
          pagination: { pageParam: 'p', style: 'page' },
          credentialsFile: { env: 'FILE' },
        },
      },
      issues,
    );
    expect(issues.items).toEqual([]);
    expect(root).toMatchObject({
      annotations: [{ glob: 'GET /a', hints: { readOnlyHint: true } }],
      credentialsBy: [],
      credentialsFileEnv: 'FILE',
      package: {},
      rateLimitModules: [],
      statusTools: false,
    });
    // Keys in the schema's order, whatever the spec's: generated files print them so.
    expect(Object.keys(root.pagination[0] ?? {})).toEqual(['style', 'pageParam']);
  });

  it('reports every problem of an operation, one per value', () => {
    const issues = new IssueList('spec.yaml');
    const extension = readOperationExtension({ scope: 'admin', keywords: ['ok', ''], pagination: true, confirm: 'yes' }, '/x', issues);
    expect(issues.items.map((issue) => `${issue.pointer}: ${issue.message}`)).toEqual([
      '/x/scope: x-mcp scope "admin" must be read or write',
      '/x/confirm: x-mcp confirm must be true or false',
      '/x/pagination: x-mcp pagination must be an object',
      '/x/keywords/1: x-mcp keywords must be a non-empty string',
    ]);
    // An invalid extension reads as absent, so the rest of the spec is still checked.
    expect(extension).toEqual({ annotations: {}, exclude: false, keywords: [] });
  });

  it('names token exchange fields by their key, and fills in the exchange defaults', () => {
    const issues = new IssueList('spec.yaml');
    readSecuritySchemeExtension({ tokenExchange: { fields: { a: 3, b: { env: 'B', header: 'x y' } } } }, '/s', issues);
    expect(issues.items.map((issue) => `${issue.pointer}: ${issue.message}`)).toEqual([
      '/s/tokenExchange/path: x-mcp tokenExchange needs path',
      '/s/tokenExchange/fields/a: token exchange field "a" must be an object',
      '/s/tokenExchange/fields/b/header: token exchange field "b" header must be an HTTP header name (an RFC 9110 token), not "x y"',
    ]);
    const valid = new IssueList('spec.yaml');
    const scheme = readSecuritySchemeExtension(
      { header: 'X-Key', tokenExchange: { path: '/t', method: 'put', fields: { key: { env: 'KEY' } } } },
      '/s',
      valid,
    );
    expect(valid.items).toEqual([]);
    expect(scheme.header).toBe('x-key');
    expect(scheme.tokenExchange).toEqual({
      contentType: 'application/json',
      fields: [{ env: 'KEY', name: 'key', secret: false }],
      method: 'PUT',
      path: '/t',
      refreshBeforeSeconds: 300,
      tokenPath: '/access_token',
    });
  });
});
