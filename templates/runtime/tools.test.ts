import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RecordingUpstream } from '../../test/support/recording-upstream.js';
import { ApiClient, type ClientOptions } from './client.js';
import { createLogger } from './log.js';
import type { ToolResult } from './results.js';
import type { OutputValidation } from './output-check.js';
import { selectTools, ToolRuntime, type ToolRuntimeOptions } from './tools.js';
import type { ApiDefinition, OperationDefinition, ToolDefinition } from './types.js';

const upstream = new RecordingUpstream();
beforeAll(async () => {
  await upstream.start();
});
afterAll(async () => {
  await upstream.stop();
});
beforeEach(() => upstream.reset());

const TOKEN = 'tools-token-123';

function apiFor(): ApiDefinition {
  return {
    credentialsBy: [],
    envPrefix: 'CLOUDRON',
    name: 'cloudron',
    packageName: '@mcpgen/cloudron',
    securitySchemes: { bearer_auth: { env: ['API_TOKEN'], header: 'authorization', type: 'bearer' } },
    serverArguments: [{ env: 'WORKSPACE', variable: 'workspace' }],
    statusTools: false,
    serverUrl: `${upstream.url}/{workspace}/api/v1`,
    serverVariables: { workspace: { default: 'main' } },
    title: 'Cloudron API',
    version: '1.0.0',
  };
}

const security: OperationDefinition['security'] = [[{ scheme: 'bearer_auth', scopes: [] }]];
const readHints = { destructiveHint: false, idempotentHint: true, openWorldHint: true, readOnlyHint: true };
const writeHints = { destructiveHint: false, idempotentHint: false, openWorldHint: true, readOnlyHint: false };

const workspaceProperty = { workspace: { type: 'string', description: 'Workspace. Defaults to the configured workspace.' } };

const listApps: ToolDefinition = {
  operation: { method: 'GET', operationId: 'listApps', params: [{ in: 'query', name: 'page' }], path: '/apps', security },
  name: 'list_apps',
  title: 'List Apps',
  description: 'Lists the installed apps.',
  annotations: readHints,
  scope: 'read',
  arguments: { params: [{ in: 'query', name: 'page' }] },
  inputSchema: { type: 'object', properties: { page: { type: 'integer', minimum: 1 }, ...workspaceProperty }, additionalProperties: false },
  outputSchema: {
    type: 'object',
    required: ['apps'],
    properties: { apps: { type: 'array', items: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } } },
  },
};

const getApp: ToolDefinition = {
  operation: { method: 'GET', operationId: 'getApp', params: [{ in: 'path', name: 'appId' }], path: '/apps/{appId}', security },
  name: 'get_app',
  title: 'Get App',
  description: 'Returns one app.',
  annotations: readHints,
  scope: 'read',
  arguments: { params: [{ in: 'path', name: 'appId' }] },
  inputSchema: {
    type: 'object',
    properties: { appId: { type: 'string', minLength: 1 }, ...workspaceProperty },
    required: ['appId'],
    additionalProperties: false,
  },
  outputSchema: {
    type: 'object',
    required: ['id', 'state'],
    properties: { id: { type: 'string' }, state: { type: 'string', enum: ['running', 'stopped'] } },
  },
};

const createPassword: ToolDefinition = {
  operation: {
    body: { mediaType: 'application/json', required: true },
    method: 'POST',
    operationId: 'createAppPassword',
    params: [],
    path: '/app_passwords',
    security,
  },
  name: 'create_app_password',
  title: 'Create App Password',
  description: 'Creates an app password.',
  annotations: writeHints,
  scope: 'write',
  arguments: {
    body: { layout: 'flat', properties: ['name', 'identifier'] },
  },
  inputSchema: {
    type: 'object',
    properties: { name: { type: 'string' }, identifier: { type: 'string', enum: ['mail', 'app'] } },
    additionalProperties: false,
  },
};

const deleteApp: ToolDefinition = {
  ...getApp,
  operation: { ...getApp.operation, method: 'DELETE', operationId: 'deleteApp' },
  name: 'delete_app',
  title: 'Delete App',
  description: 'Uninstalls an app.',
  annotations: { ...writeHints, destructiveHint: true, idempotentHint: true },
  scope: 'write',
  confirm: true,
  outputSchema: undefined,
};

const listTags: ToolDefinition = {
  ...listApps,
  operation: { ...listApps.operation, operationId: 'listTags', path: '/tags' },
  name: 'list_tags',
  title: 'List Tags',
  output: { wrap: 'items' },
  outputSchema: { type: 'object', properties: { items: { type: 'array', items: { type: 'string' } } }, required: ['items'] },
};

const tools = [listApps, getApp, createPassword, deleteApp, listTags];

function setup(options: Partial<ToolRuntimeOptions> = {}, clientOptions: ClientOptions = {}) {
  const lines: string[] = [];
  const logger = createLogger('cloudron', 'debug', (line) => lines.push(line));
  const api = apiFor();
  const client = new ApiClient(api, { credentials: { API_TOKEN: TOKEN }, retries: 0, timeoutMs: 2000, ...clientOptions });
  const runtime = new ToolRuntime(api, tools, { client, logger, ...options });
  const logs = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { runtime, logs };
}

const textOf = (result: ToolResult) => result.content.map((block) => (block.type === 'text' ? block.text : `[${block.type}]`)).join('\n');

describe('ToolRuntime: listing and selection', () => {
  it('lists every tool with its title, annotations and schemas', () => {
    const { runtime } = setup();
    expect(runtime.size).toBe(5);
    expect(runtime.names()).toEqual(['list_apps', 'get_app', 'create_app_password', 'delete_app', 'list_tags']);
    const [first] = runtime.list();
    expect(first).toEqual({
      annotations: readHints,
      description: 'Lists the installed apps.',
      inputSchema: listApps.inputSchema,
      name: 'list_apps',
      outputSchema: listApps.outputSchema,
      title: 'List Apps',
    });
    expect(runtime.list().find((tool) => tool.name === 'delete_app')).not.toHaveProperty('outputSchema');
    expect(runtime.list()).toBe(runtime.list());
  });

  it('read-only serves only read tools', () => {
    expect(setup({ readOnly: true }).runtime.names()).toEqual(['list_apps', 'get_app', 'list_tags']);
  });

  it('include and exclude take case-insensitive globs', () => {
    expect(setup({ include: ['list_*'] }).runtime.names()).toEqual(['list_apps', 'list_tags']);
    expect(setup({ include: ['*_APP'] }).runtime.names()).toEqual(['get_app', 'delete_app']);
    expect(setup({ include: ['get_?pp', 'create_*'] }).runtime.names()).toEqual(['get_app', 'create_app_password']);
    expect(setup({ exclude: ['delete_*', ' list_tags '] }).runtime.names()).toEqual(['list_apps', 'get_app', 'create_app_password']);
    expect(setup({ include: ['*app*'], exclude: ['delete_*'], readOnly: true }).runtime.names()).toEqual(['list_apps', 'get_app']);
  });

  it('glob characters other than * and ? are literal', () => {
    expect(selectTools(tools, { include: ['list.apps'] })).toEqual([]);
    expect(selectTools(tools, { include: ['list_(apps|tags)'] })).toEqual([]);
  });

  it('a prefix goes before every name and calls use the prefixed name', async () => {
    upstream.on('GET', '/main/api/v1/apps', { body: { apps: [] } });
    const { runtime } = setup({ prefix: 'cloudron_' });
    expect(runtime.names()[0]).toBe('cloudron_list_apps');
    expect(runtime.names()).toContain('cloudron_list_apps');
    expect(runtime.names()).not.toContain('list_apps');
    expect((await runtime.call('cloudron_list_apps', {})).isError).toBeUndefined();
    expect((await runtime.call('list_apps', {})).isError).toBe(true);
  });
});

describe('ToolRuntime: calls', () => {
  it('calls the API and returns structured content', async () => {
    upstream.on('GET', '/main/api/v1/apps', { body: { apps: [{ id: 'a1' }] } });
    const { runtime } = setup();
    const result = await runtime.call('list_apps', { page: 2 });
    expect(result).toEqual({ content: [{ type: 'text', text: '{"apps":[{"id":"a1"}]}' }], structuredContent: { apps: [{ id: 'a1' }] } });
    const seen = upstream.last();
    expect(seen.query).toEqual({ page: '2' });
    expect(seen.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('wraps an array response', async () => {
    upstream.on('GET', '/main/api/v1/tags', { body: ['a', 'b'] });
    expect((await setup().runtime.call('list_tags', {})).structuredContent).toEqual({ items: ['a', 'b'] });
  });

  it('sends a flat body, and an empty one when a required body has no fields given', async () => {
    upstream.on('POST', '/main/api/v1/app_passwords', { status: 201, body: { id: 'p1' } });
    const { runtime } = setup();
    await runtime.call('create_app_password', { name: 'laptop', identifier: 'mail' });
    expect(JSON.parse(upstream.last().body)).toEqual({ name: 'laptop', identifier: 'mail' });
    await runtime.call('create_app_password', {});
    expect(upstream.last().body).toBe('{}');
  });

  it('takes undefined arguments as none', async () => {
    upstream.on('GET', '/main/api/v1/apps', { body: { apps: [] } });
    expect((await setup().runtime.call('list_apps', undefined)).isError).toBeUndefined();
  });

  it('uses a server variable given as an argument, and the default otherwise', async () => {
    upstream.on('GET', '/team-2/api/v1/apps/a1', { body: { id: 'a1', state: 'running' } });
    const { runtime } = setup();
    const result = await runtime.call('get_app', { appId: 'a1', workspace: 'team-2' });
    expect(result.isError).toBeUndefined();
    expect(upstream.last().path).toBe('/team-2/api/v1/apps/a1');
  });

  it('refuses a server variable argument that would change the URL, sending nothing', async () => {
    const result = await setup().runtime.call('get_app', { appId: 'a1', workspace: 'x?y' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('server variable workspace');
    expect(upstream.requests).toHaveLength(0);
  });

  it('per-call credentials are used instead of the configured ones', async () => {
    upstream.on('GET', '/main/api/v1/apps', { body: { apps: [] } });
    await setup().runtime.call('list_apps', {}, { credentials: { API_TOKEN: 'other-token-1' } });
    expect(upstream.last().headers.authorization).toBe('Bearer other-token-1');
  });

  it('an API error becomes an error result the model can act on', async () => {
    upstream.on('GET', '/main/api/v1/apps/nope', { status: 404, body: { message: 'No such app' } });
    const result = await setup().runtime.call('get_app', { appId: 'nope' });
    expect(result).toEqual({
      content: [{ type: 'text', text: 'HTTP 404 from GET /apps/{appId}: No such app Retrying the same call will not help.' }],
      isError: true,
    });
  });

  it('missing credentials become an error result naming the variable', async () => {
    const { runtime } = setup({}, { credentials: {} });
    const result = await runtime.call('list_apps', {});
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('no credentials for GET /apps: set CLOUDRON_API_TOKEN');
    expect(upstream.requests).toHaveLength(0);
  });

  it('masks secrets the upstream returns', async () => {
    upstream.on('GET', '/main/api/v1/apps/a1', { body: { id: 'a1', state: 'running', note: `token ${TOKEN}` } });
    const result = await setup().runtime.call('get_app', { appId: 'a1' });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    expect(result.structuredContent).toMatchObject({ note: 'token [REDACTED]' });
  });
});

describe('ToolRuntime: bad calls', () => {
  it('an unknown tool is an error result', async () => {
    expect(await setup().runtime.call('drop_tables', {})).toEqual({
      content: [{ type: 'text', text: 'Unknown tool "drop_tables". Call tools/list to see the 5 available tools.' }],
      isError: true,
    });
  });

  it.each([[['a']], ['text'], [7]])('arguments that are not an object (%j) are refused', async (args) => {
    const result = await setup().runtime.call('list_apps', args);
    expect(result.isError).toBe(true);
    expect(upstream.requests).toHaveLength(0);
  });

  it.each([
    [{}, 'Invalid arguments for get_app: missing required argument "appId".'],
    [{ appId: 'a', extra: 1 }, 'Invalid arguments for get_app: unknown argument "extra".'],
    [{ appId: 5 }, 'Invalid arguments for get_app: argument "appId" must be string.'],
    [{ appId: '' }, 'Invalid arguments for get_app: argument "appId" must NOT have fewer than 1 characters.'],
  ])('invalid arguments %j are refused naming the argument, and nothing is sent', async (args, message) => {
    const result = await setup().runtime.call('get_app', args);
    expect(result).toEqual({ content: [{ type: 'text', text: message }], isError: true });
    expect(upstream.requests).toHaveLength(0);
  });

  it('lists enum values for a bad enum argument', async () => {
    const result = await setup().runtime.call('create_app_password', { name: 'x', identifier: 'ftp' });
    expect(textOf(result)).toBe('Invalid arguments for create_app_password: argument "identifier" must be one of ["mail","app"].');
  });

  it('a path argument that would navigate the URL is refused, naming it, and nothing is sent', async () => {
    for (const appId of ['..', '.', '．．']) {
      const result = await setup().runtime.call('get_app', { appId });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('argument "appId" must not be "." or ".."');
    }
    expect(upstream.requests).toHaveLength(0);
  });

  it('an unexpected error becomes an error result, is logged, and the runtime keeps working', async () => {
    let failures = 1;
    upstream.on('GET', '/main/api/v1/apps', { body: { apps: [] } });
    const { runtime, logs } = setup(
      {},
      {
        beforeRequest: async () => {
          if (failures-- > 0) throw new TypeError('rate limiter exploded');
        },
      },
    );
    const broken = await runtime.call('list_apps', {});
    expect(broken).toEqual({ content: [{ type: 'text', text: 'Tool list_apps failed: rate limiter exploded' }], isError: true });
    expect(logs()).toEqual([
      { level: 'error', logger: 'cloudron', message: 'tool call failed unexpectedly', tool: 'list_apps', error: 'rate limiter exploded' },
    ]);
    const next = await runtime.call('list_apps', {});
    expect(next.isError).toBeUndefined();
    expect(upstream.requests).toHaveLength(1);
  });
});

describe('ToolRuntime: output validation', () => {
  /** get_app's schema requires `state` and lists its values: a drift there cannot be left out. */
  const driftingRequired = () => upstream.on('GET', /^\/main\/api\/v1\/apps\/[^/]+$/, { body: { id: 'a1', state: 'paused' } });
  /** list_apps as generated schemas are: nothing required, so whatever drifts can be left out. */
  const looseApps: ToolDefinition = {
    ...listApps,
    outputSchema: {
      type: 'object',
      properties: {
        apps: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' } } } },
        total: { type: 'integer' },
      },
    },
  };
  function looseSetup() {
    const lines: string[] = [];
    const api = apiFor();
    const runtime = new ToolRuntime(api, [looseApps], {
      client: new ApiClient(api, { credentials: { API_TOKEN: TOKEN }, retries: 0 }),
      logger: createLogger('cloudron', 'warn', (line) => lines.push(line)),
    });
    return { runtime, logs: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
  }

  it('tolerant (default): structured content keeps what conforms, the text has the full body, the drift is logged once', async () => {
    upstream.on('GET', '/main/api/v1/apps', { body: { apps: 'none', total: 2 } });
    const { runtime, logs } = looseSetup();
    for (let index = 0; index < 3; index += 1) {
      const result = await runtime.call('list_apps', {});
      expect(result.isError).toBeUndefined();
      expect(result.structuredContent).toEqual({ total: 2 });
      expect(result.content).toEqual([
        {
          type: 'text',
          text: "Note: the API's response does not match this tool's output schema (/apps: expected array, got string); structured content leaves those parts out, the text below has the full response.",
        },
        { type: 'text', text: '{"apps":"none","total":2}' },
      ]);
    }
    expect(logs()).toEqual([
      {
        level: 'warn',
        logger: 'cloudron',
        message: 'response drifts from its output schema',
        tool: 'list_apps',
        pointer: '/apps',
        kind: 'type',
        expected: 'array',
        actual: 'string',
      },
    ]);
  });

  it('tolerant: a drifted field of array items is left out of each; one mismatch for that field of every item', async () => {
    upstream.on('GET', '/main/api/v1/apps', { body: { apps: [{ id: 7 }, { id: 'b' }, { id: 9 }], total: 3 } });
    const { runtime, logs } = looseSetup();
    const result = await runtime.call('list_apps', {});
    expect(result.structuredContent).toEqual({ apps: [{}, { id: 'b' }, {}], total: 3 });
    expect(result.content[0]).toMatchObject({ text: expect.stringContaining('(/apps/0/id: expected string, got integer)') });
    expect(textOf(result)).toContain('{"apps":[{"id":7},{"id":"b"},{"id":9}],"total":3}');
    expect(logs().map((line) => [line.pointer, line.expected, line.actual])).toEqual([['/apps/0/id', 'string', 'integer']]);
  });

  it('tolerant: an array whose items are not objects goes as a whole', async () => {
    upstream.on('GET', '/main/api/v1/apps', { body: { apps: ['a', { id: 'b' }], total: 2 } });
    const result = await looseSetup().runtime.call('list_apps', {});
    expect(result.structuredContent).toEqual({ total: 2 });
  });

  it.each([
    ['JSON null', { body: null }, 'null'],
    ['an array', { body: [1, 2] }, 'array'],
    ['a scalar', { body: 42 }, 'integer'],
    ['an empty body', { status: 204 }, 'an empty body'],
    ['text', { raw: true, headers: { 'content-type': 'text/plain' }, body: 'all good' }, 'text/plain text'],
  ])('tolerant: %s instead of an object is `{}` as structured content, the body as text', async (_name, reply, actual) => {
    upstream.on('GET', '/main/api/v1/apps', reply);
    const { runtime, logs } = looseSetup();
    const result = await runtime.call('list_apps', {});
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent).toEqual({});
    expect(textOf(result)).toContain(`(root): expected object, got ${actual}`);
    expect(logs()).toMatchObject([{ pointer: '', kind: 'type', expected: 'object', actual }]);
  });

  it('tolerant: a drift in a required property cannot be left out, so the result is an error with the full body', async () => {
    driftingRequired();
    const { runtime, logs } = setup();
    const result = await runtime.call('get_app', { appId: 'a1' });
    expect(result).toEqual({
      content: [
        {
          type: 'text',
          text: 'The API\'s response for get_app cannot be given as structured content: /state: expected one of ["running","stopped"], got "paused".',
        },
        { type: 'text', text: '{"id":"a1","state":"paused"}' },
      ],
      isError: true,
    });
    expect(logs()).toHaveLength(1);
  });

  it('strict: a drifting response is an error result naming the pointer and what was expected, with the body', async () => {
    driftingRequired();
    const result = await setup({ outputValidation: 'strict' }).runtime.call('get_app', { appId: 'a1' });
    expect(result).toEqual({
      content: [
        {
          type: 'text',
          text: 'The API\'s response for get_app does not match its output schema: /state: expected one of ["running","stopped"], got "paused".',
        },
        { type: 'text', text: '{"id":"a1","state":"paused"}' },
      ],
      isError: true,
    });
  });

  it('strict: a missing required field is named by its pointer', async () => {
    upstream.on('GET', '/main/api/v1/apps/a2', { body: { id: 'a2' } });
    const result = await setup({ outputValidation: 'strict' }).runtime.call('get_app', { appId: 'a2' });
    expect(textOf(result)).toContain('/state: missing');
  });

  it.each<OutputValidation>(['strict', 'tolerant'])('%s: a matching response passes untouched', async (mode) => {
    upstream.on('GET', '/main/api/v1/apps/a1', { body: { id: 'a1', state: 'running' } });
    const { runtime, logs } = setup({ outputValidation: mode });
    expect(await runtime.call('get_app', { appId: 'a1' })).toEqual({
      content: [{ type: 'text', text: '{"id":"a1","state":"running"}' }],
      structuredContent: { id: 'a1', state: 'running' },
    });
    expect(logs()).toEqual([]);
  });

  it('off: no output schema is listed and no structured content returned, so there is nothing for a client to refuse', async () => {
    driftingRequired();
    const { runtime, logs } = setup({ outputValidation: 'off' });
    expect(runtime.list().some((tool) => tool.outputSchema !== undefined)).toBe(false);
    expect(await runtime.call('get_app', { appId: 'a1' })).toEqual({ content: [{ type: 'text', text: '{"id":"a1","state":"paused"}' }] });
    expect(logs()).toEqual([]);
  });
});

describe('ToolRuntime: error results an agent can branch on', () => {
  /** get_app and list_apps with schemas as the generator writes them: nothing required. */
  const generatedLike = (tool: ToolDefinition): ToolDefinition => ({
    ...tool,
    outputSchema: { type: 'object', properties: { id: { type: 'string' }, state: { type: 'string' }, apps: { type: 'array' } } },
  });
  const runtimeOf = () =>
    new ToolRuntime(apiFor(), [generatedLike(getApp), generatedLike(listApps)], {
      client: new ApiClient(apiFor(), { credentials: { API_TOKEN: TOKEN }, retries: 0 }),
    });

  it.each([
    [
      'a nested error object',
      { status: 422, body: { error: { code: 'DOMAIN_LOCKED', message: 'Domain is locked' } } },
      { kind: 'http', status: 422, code: 'DOMAIN_LOCKED', message: 'Domain is locked', retryable: false },
    ],
    [
      'RFC 9457 problem details',
      {
        status: 503,
        headers: { 'content-type': 'application/problem+json', 'retry-after': '30' },
        raw: true,
        body: JSON.stringify({ type: 'https://api.example.com/probs/maintenance', title: 'Down for maintenance', status: 503 }),
      },
      {
        kind: 'http',
        status: 503,
        code: 'https://api.example.com/probs/maintenance',
        message: 'Down for maintenance',
        retryable: true,
        retryAfterSeconds: 30,
      },
    ],
    [
      "FastAPI's detail",
      { status: 404, body: { detail: 'App not found' } },
      { kind: 'http', status: 404, message: 'App not found', retryable: false },
    ],
  ])(
    '%s: status, code, message, retryable and retryAfterSeconds as fields, valid against the output schema',
    async (_name, reply, error) => {
      upstream.on('GET', '/main/api/v1/apps/a1', reply);
      const result = await runtimeOf().call('get_app', { appId: 'a1' });
      expect(result.isError).toBe(true);
      expect(result.structuredContent).toEqual({ error });
      expect(textOf(result)).toContain(`${error.message}`);
    },
  );

  it('network failures carry fields too', async () => {
    upstream.on('GET', '/main/api/v1/apps', { destroy: true });
    const result = await runtimeOf().call('list_apps', {});
    expect(result.structuredContent).toMatchObject({ error: { kind: 'network', retryable: true } });
  });

  it('a 2xx body that says JSON but is not: an error whose text still holds the whole body, capped like any text', async () => {
    const body = `{"id": "a1", "state": "running", ${'"note": "x", '.repeat(30)}`;
    upstream.on('GET', '/main/api/v1/apps/a1', { status: 200, headers: { 'content-type': 'application/json' }, raw: true, body });
    const result = await runtimeOf().call('get_app', { appId: 'a1' });
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toMatchObject({ error: { kind: 'invalid-response', status: 200 } });
    expect(textOf(result)).toContain(`The body as received:\n${body}`);
    const capped = new ToolRuntime(apiFor(), [generatedLike(getApp)], {
      client: new ApiClient(apiFor(), { credentials: { API_TOKEN: TOKEN }, retries: 0 }),
      maxTextChars: 40,
    });
    const short = textOf(await capped.call('get_app', { appId: 'a1' }));
    expect(short).toContain(`The body as received:\n${body.slice(0, 40)}\n[truncated: showing 40 of ${body.length} characters.`);
  });

  it("leaves the fields out where the tool's output schema has an `error` of its own that they do not fit", async () => {
    upstream.on('GET', '/main/api/v1/apps', { status: 400, body: { message: 'bad' } });
    const own: ToolDefinition = { ...listApps, outputSchema: { type: 'object', properties: { error: { type: 'string' } } } };
    const runtime = new ToolRuntime(apiFor(), [own], { client: new ApiClient(apiFor(), { credentials: { API_TOKEN: TOKEN } }) });
    const result = await runtime.call('list_apps', {});
    expect(result).toEqual({
      content: [{ type: 'text', text: 'HTTP 400 from GET /apps: bad Retrying the same call will not help.' }],
      isError: true,
    });
  });
});

describe('ToolRuntime: retries follow the operation, not only the method', () => {
  /** Answers 503 (then resets the connection) until the third request, then 201. */
  function flakyPasswords(): void {
    upstream.on('POST', '/main/api/v1/app_passwords', (seen) => {
      const attempt = upstream.requests.filter((request) => request.path === seen.path).length;
      if (attempt === 1) return { status: 503, headers: { 'retry-after': '0' } };
      if (attempt === 2) return { destroy: true };
      return { status: 201, body: { id: 'pw1' } };
    });
  }
  const runtimeWith = (tool: ToolDefinition) =>
    new ToolRuntime(apiFor(), [tool], { client: new ApiClient(apiFor(), { credentials: { API_TOKEN: TOKEN }, retries: 2 }) });

  it('a POST the spec calls idempotent is retried like a PUT on 503 and on a connection reset', async () => {
    flakyPasswords();
    const idempotentPost: ToolDefinition = {
      ...createPassword,
      annotations: { ...writeHints, idempotentHint: true },
      operation: { ...createPassword.operation, idempotent: true },
    };
    const result = await runtimeWith(idempotentPost).call('create_app_password', { name: 'x' });
    expect(result.isError).toBeUndefined();
    expect(textOf(result)).toBe('{"id":"pw1"}');
    expect(upstream.requests).toHaveLength(3);
  });

  it('a POST that is not idempotent is sent once, whatever the answer', async () => {
    flakyPasswords();
    const result = await runtimeWith(createPassword).call('create_app_password', { name: 'x' });
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toMatchObject({ error: { status: 503, retryable: true } });
    expect(upstream.requests).toHaveLength(1);
  });

  it('a PUT the spec calls not idempotent is not retried either', async () => {
    flakyPasswords();
    upstream.on('PUT', '/main/api/v1/app_passwords', { status: 503, headers: { 'retry-after': '0' } });
    const put: ToolDefinition = {
      ...createPassword,
      operation: { ...createPassword.operation, method: 'PUT', idempotent: false },
    };
    expect((await runtimeWith(put).call('create_app_password', { name: 'x' })).isError).toBe(true);
    expect(upstream.requests).toHaveLength(1);
  });
});

describe('ToolRuntime: destructive calls over HTTP (context.remote)', () => {
  it("ignore the model's confirm flag; run only what the caller's approvals or the operator allow", async () => {
    upstream.on('DELETE', '/main/api/v1/apps/a1', { status: 204 });
    const { runtime } = setup();
    const refused = await runtime.call('delete_app', { appId: 'a1' }, { remote: { approvedTools: ['list_*'] } });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain('"X-Cloudron-Confirm: delete_app"');
    expect(upstream.requests).toHaveLength(0);
    expect((await runtime.call('delete_app', { appId: 'a1' }, { remote: { approvedTools: ['DELETE_*'] } })).isError).toBeFalsy();
    expect(upstream.requests).toHaveLength(1);
    const operated = setup({ confirmSkip: ['delete_app'] }).runtime;
    expect((await operated.call('delete_app', { appId: 'a1' }, { remote: { approvedTools: [] } })).isError).toBeFalsy();
  });

  it('match approval globs from the header in linear time, however many stars they hold', async () => {
    const { runtime } = setup();
    // `^.*.*…!$` (40 stars) against `delete_app`: some 10^10 backtracking steps for a native RegExp.
    const evil = `${'*'.repeat(40)}!`;
    const start = process.cpuUsage();
    const result = await runtime.call('delete_app', { appId: 'a1' }, { remote: { approvedTools: [evil] } });
    const used = process.cpuUsage(start);
    expect(result.isError).toBe(true);
    expect((used.user + used.system) / 1000).toBeLessThan(200);
  });
});
