import { describe, expect, it } from 'vitest';
import { api, reboot, status } from '../../test/support/runtime-fixtures.js';
import { ApiClient } from './client.js';
import { operationSignature, programResult } from './code-mode.js';
import type { LocalTool } from './status-tools.js';
import { ToolRuntime } from './tools.js';
import { methodSignature } from './type-signature.js';

describe('signatures', () => {
  it('render arguments and result from the JSON schemas, local $refs inlined, enums as literal unions', () => {
    const input = {
      type: 'object',
      properties: {
        appId: { $ref: '#/$defs/AppId' },
        'dry-run': { type: 'boolean' },
        tags: { type: 'array', items: { type: ['string', 'null'] } },
      },
      required: ['appId'],
      $defs: { AppId: { type: 'string' } },
    };
    const output = {
      type: 'object',
      properties: { state: { enum: ['running', 'stopped'] }, extra: { type: 'object', additionalProperties: { type: 'integer' } } },
    };
    expect(methodSignature('get_app', input, output, true)).toBe(
      'get_app(args: { appId: string; "dry-run"?: boolean; tags?: (string | null)[] }): Promise<{ state?: "running" | "stopped"; extra?: { [key: string]: number } }>',
    );
    expect(operationSignature(status)).toBe('get_cloudron_status(args?: {}): Promise<{ version: string }>');
    expect(operationSignature(reboot)).toBe('reboot(args?: {}): Promise<unknown>');
  });

  it('stay short: deep or wide schemas are summarised', () => {
    let deep: Record<string, unknown> = { type: 'string' };
    for (let level = 0; level < 10; level += 1) deep = { type: 'object', properties: { inner: deep } };
    expect(methodSignature('deep', deep, undefined, false)).toBe(
      'deep(args?: { inner?: { inner?: { inner?: object } } }): Promise<unknown>',
    );
    const wide = {
      type: 'object',
      properties: Object.fromEntries(
        Array.from({ length: 100 }, (_, index) => [`field${index}`, { type: 'object', properties: { a: { type: 'string' } } }]),
      ),
    };
    expect(methodSignature('wide', wide, undefined, false).length).toBeGreaterThan(700); // depth 1 is the floor
    expect(methodSignature('wide', wide, undefined, false)).toContain('field0?: object');
  });
});

describe('ToolRuntime in code mode', () => {
  const ping: LocalTool = {
    annotations: { destructiveHint: false, idempotentHint: true, openWorldHint: false, readOnlyHint: true },
    description: 'Answers pong.',
    inputSchema: { type: 'object', properties: {} },
    name: 'ping',
    run: async () => ({ pong: true }),
    title: 'Ping',
  };
  const runtime = new ToolRuntime(api, [status, reboot], {
    client: new ApiClient(api, { baseUrl: 'http://127.0.0.1:9' }),
    localTools: [ping],
    toolsMode: 'code',
    prefix: 'cr_',
    codeLimits: { timeoutMs: 5000 },
  });

  it('lists two tools, the server’s own tools as api methods', async () => {
    expect(runtime.list().map((tool) => tool.name)).toEqual(['cr_search_operations', 'cr_execute']);
    expect(runtime.list()[1]?.description).toContain('Server status: api.ping().');
    const result = await runtime.call('cr_execute', { code: 'async function run(api) { return [await api.ping(), Object.keys(api)]; }' });
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(result.content[0]?.type === 'text' ? result.content[0].text : '')).toEqual([
      { pong: true },
      ['get_cloudron_status', 'reboot', 'ping'],
    ]);
  });

  it('search takes several queries in one call: each query’s best first, each operation once', async () => {
    const search = async (args: Record<string, unknown>) => {
      const result = await runtime.call('cr_search_operations', args);
      if (result.isError) return result.content[0]?.type === 'text' ? result.content[0].text : '';
      return (result.structuredContent as { results: { signature: string }[] }).results.map((hit) => hit.signature.split('(')[0]);
    };
    expect(await search({ queries: ['reboot the server', 'cloudron status'], limit: 1 })).toEqual(['reboot', 'get_cloudron_status']);
    expect(await search({ queries: ['cloudron status', 'reboot the server'], limit: 1 })).toEqual(['get_cloudron_status', 'reboot']);
    const both = (await search({ query: 'status', queries: ['status', 'reboot'] })) as string[];
    expect(both).toHaveLength(new Set(both).size);
    expect(both).toEqual(expect.arrayContaining(['get_cloudron_status', 'reboot']));
    expect(await search({})).toBe('cr_search_operations needs a query (a few words) or queries (several).');
    expect(await search({ queries: Array.from({ length: 11 }, () => 'x') })).toMatch(/^Invalid arguments for cr_search_operations/);
  });

  it('a program calling a guessed name that is no method is told the closest methods’ signatures', async () => {
    const result = await runtime.call('cr_execute', { code: 'async function run(api) { return api.get_cloudron_state(); }' });
    expect(result.isError).toBe(true);
    expect(result.content[0]).toMatchObject({
      text: expect.stringContaining(
        'api has no method "get_cloudron_state"; the closest: get_cloudron_status(args?: {}): Promise<{ version: string }>',
      ),
    });
  });

  it('refuses unknown tools and bad arguments with the tool names to use', async () => {
    expect((await runtime.call('cr_invoke_operation', {})).content[0]).toMatchObject({
      text: expect.stringContaining('cr_search_operations and cr_execute'),
    });
    expect((await runtime.call('cr_execute', { code: '' })).isError).toBe(true);
  });

  it('an api call resolves to the structured content, else the JSON text, else the text; a failed one throws its text', () => {
    expect(programResult({ content: [{ type: 'text', text: '{"a":1}' }], structuredContent: { b: 2 } })).toEqual({ b: 2 });
    expect(
      programResult({
        content: [
          { type: 'text', text: 'note' },
          { type: 'text', text: '[1]' },
        ],
      }),
    ).toEqual([1]);
    expect(programResult({ content: [{ type: 'text', text: 'plain' }] })).toBe('plain');
    expect(() =>
      programResult({
        content: [
          { type: 'text', text: 'HTTP 404:' },
          { type: 'text', text: 'no such app' },
        ],
        isError: true,
        structuredContent: { error: 'ignored' },
      }),
    ).toThrow('HTTP 404: no such app');
  });
});
