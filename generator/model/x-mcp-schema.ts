/**
 * Every `x-mcp` key, declared once. From this schema come the types the model reads
 * (FromSchema), the allowed keys and the validation (Ajv, in extensions.ts), the defaults (Ajv's
 * useDefaults) and the reference in specs/README.md (`npm run docs:extensions`, x-mcp-docs.ts).
 * A TypeScript constant rather than a .json file: only an `as const` literal keeps the key names
 * and enums as types. `examples[0]` of each key is what the README shows; the order of
 * `properties` is the order of the keys in the model and in generated files.
 */

/** Named string formats: what each accepts, and what its error says a value must be. */
export const FORMATS = {
  'env-name': { pattern: /^[A-Z][A-Z0-9_]*$/, says: 'UPPER_SNAKE_CASE' },
  'json-pointer': { pattern: /^\//, says: 'a JSON pointer starting with "/"' },
  /** RFC 9110 §5.6.2: a field name is a token, one or more tchar (anything else breaks the request or what quotes it). */
  'http-token': { pattern: /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, says: 'an HTTP header name (an RFC 9110 token)' },
  'api-name': { pattern: /^[a-z][a-z0-9-]*$/, says: 'lower-case letters, digits and dashes' },
  'module-name': { pattern: /^[a-z][a-z0-9_-]*$/, says: 'lower-case letters, digits, "-" and "_"' },
  phrase: { pattern: /\S/, says: 'a word or a short phrase' },
} as const;

const text = (description: string, example: string) => ({ type: 'string', minLength: 1, description, examples: [example] }) as const;
const formatted = <F extends keyof typeof FORMATS>(format: F, description: string, example: string) =>
  ({ type: 'string', minLength: 1, format, description, examples: [example] }) as const;
const pointer = (description: string, example: string) => formatted('json-pointer', description, example);
const flag = (description: string, example: boolean) => ({ type: 'boolean', description, examples: [example] }) as const;
const strings = (description: string, example: readonly string[]) =>
  ({ type: 'array', items: { type: 'string', minLength: 1 }, description, examples: [example] }) as const;
const positive = (description: string, example: number) =>
  ({ type: 'number', exclusiveMinimum: 0, description, examples: [example] }) as const;
const method = (description: string) => ({ type: 'string', minLength: 1, default: 'POST', description, examples: ['POST'] }) as const;

export const PAGINATION_SCHEMA = {
  type: 'object',
  description: 'how list operations page',
  properties: {
    style: { type: 'string', enum: ['page', 'offset', 'cursor'], description: 'page | offset | cursor', examples: ['page'] },
    pageParam: text('(page) 1-based page number parameter', 'page'),
    sizeParam: text('(page, offset) page size parameter', 'per_page'),
    offsetParam: text('(offset) parameter that takes the number of items to skip', 'offset'),
    cursorParam: text('(cursor) query parameter that takes the cursor', 'cursor'),
    cursorPath: pointer('(cursor) JSON pointer to the next cursor; empty, null or absent: last page', '/next_cursor'),
    itemsPath: pointer('JSON pointer to the array in the response; omit: the only array property', '/results'),
    nextPath: pointer('JSON pointer whose null/absent value means "no more pages"', '/next'),
    totalPath: pointer('JSON pointer of the total count', '/count'),
  },
  required: ['style'],
  additionalProperties: false,
  // An incomplete block would page silently wrong (a cursor never followed, a page never turned).
  allOf: [
    { if: { properties: { style: { const: 'page' } } }, then: { required: ['pageParam'] } },
    { if: { properties: { style: { const: 'offset' } } }, then: { required: ['offsetParam'] } },
    { if: { properties: { style: { const: 'cursor' } } }, then: { required: ['cursorParam', 'cursorPath'] } },
  ],
} as const;

const HINTS_SCHEMA = {
  type: 'object',
  description: 'any of the four MCP hints; the rest keep their defaults',
  properties: {
    destructiveHint: flag('the tool may destroy data', true),
    idempotentHint: flag('calling it twice does what calling it once does (and may be retried)', true),
    openWorldHint: flag('the tool reaches beyond the server (true for every API tool)', true),
    readOnlyHint: flag('the tool changes nothing', false),
  },
  additionalProperties: false,
  examples: [{ destructiveHint: true }],
} as const;

const TASKS_SCHEMA = {
  type: 'object',
  description: 'long-running operations: a response carrying idPath starts a task',
  properties: {
    donePath: pointer('JSON pointer in the poll response ...', '/active'),
    doneValues: { type: 'array', description: '... whose value, when one of these, means the task is finished', examples: [[false]] },
    idPath: pointer('JSON pointer to the task id in the starting response', '/taskId'),
    pollOperation: text("operationId of the operation that reports the task's state", 'getTask'),
    pollParam: text("the poll operation's parameter that takes the id", 'taskId'),
    errorPath: pointer('JSON pointer to an error message/object when it failed', '/error'),
    messagePath: pointer('human-readable progress message', '/message'),
    pendingPath: pointer('while true here, the task is queued (not finished)', '/pending'),
    progressPath: pointer('0..100 progress', '/percent'),
    successPath: pointer('true when the task succeeded', '/success'),
  },
  required: ['donePath', 'doneValues', 'idPath', 'pollOperation', 'pollParam'],
  additionalProperties: false,
} as const;

const RATE_LIMIT_MODULE_SCHEMA = {
  type: 'object',
  properties: {
    paths: { ...strings('path globs as in annotations ("METHOD /path" too)', ['/api/v1/kubernetes/**']), minItems: 1 },
    tags: { ...strings('and/or tags; an operation takes the first module it matches', ['Network Devices']), minItems: 1 },
    requests: positive('requests ...', 50),
    perSeconds: positive('... per this many seconds', 60),
  },
  required: ['requests', 'perSeconds'],
  additionalProperties: false,
  anyOf: [{ required: ['paths'] }, { required: ['tags'] }],
} as const;

/** The root `x-mcp` object. */
export const ROOT_SCHEMA = {
  type: 'object',
  properties: {
    name: formatted('api-name', 'api id: package `@mcpgen/<name>`, folder generated/<name>. Default: file name', 'acme'),
    envPrefix: formatted('env-name', 'prefix of every environment variable. Default: name in UPPER_SNAKE', 'ACME'),
    readScopes: {
      ...strings('security scopes that mark an operation as read-only (--read-only serves only these)', ['read']),
      default: [],
    },
    rateLimit: {
      type: 'object',
      description: 'client-side token bucket per credential (overridable by <PREFIX>_RATE_LIMIT=90/60; =off turns every limit off)',
      properties: {
        requests: positive('requests ...', 90),
        perSeconds: positive('... per this many seconds', 60),
        modules: {
          type: 'object',
          title: 'rate-limit module',
          description: 'groups of operations with a bucket of their own (per caller), instead of the default one',
          propertyNames: { type: 'string', format: 'module-name' },
          additionalProperties: RATE_LIMIT_MODULE_SCHEMA,
          examples: [{ kubernetes: { paths: ['/api/v1/kubernetes/**'], requests: 50, perSeconds: 60 } }],
        },
      },
      // Each of requests and perSeconds is nothing without the other; modules alone leave the default unlimited.
      dependencies: { requests: ['perSeconds'], perSeconds: ['requests'] },
      additionalProperties: false,
    },
    pagination: {
      description: 'a pagination object or a list of them; applied to every operation that has its parameters',
      if: { type: 'array' },
      then: { type: 'array', items: PAGINATION_SCHEMA },
      else: PAGINATION_SCHEMA,
      examples: [[{ style: 'page', pageParam: 'page', sizeParam: 'per_page', itemsPath: '/results' }]],
    },
    tasks: TASKS_SCHEMA,
    annotations: {
      type: 'object',
      title: 'annotations',
      description: 'hints by glob on "METHOD /path" (first match wins; an operation\'s x-mcp annotations beat these)',
      additionalProperties: HINTS_SCHEMA,
      default: {},
      examples: [{ 'POST /apps/*/restart': { idempotentHint: true } }],
    },
    readme: {
      ...strings('Markdown files (relative to this spec, inside its folder) appended to the generated README', ['notes/api.md']),
      default: [],
    },
    statusTools: {
      ...flag('also serve ping, credentials_info, token_status (token exchange) and rate_limit_status (rateLimit)', true),
      default: false,
    },
    envelope: {
      type: 'object',
      description: 'every body is wrapped ({status, data, metadata}): tools return the payload',
      properties: {
        dataPath: pointer('JSON pointer to the payload; a list goes under `items`, a scalar under `value`', '/data'),
        metadataPath: pointer('returned beside the payload as `metadata` (page information)', '/metadata'),
      },
      required: ['dataPath'],
      additionalProperties: false,
    },
    include: { ...strings('tool globs (names, operationIds or tags as "tag:Apps") to generate; empty: all', ['tag:Apps']), default: [] },
    exclude: { ...strings('tool globs to leave out', ['delete_*']), default: [] },
    package: {
      type: 'object',
      description: "the generated package.json's identity",
      properties: {
        name: text("npm name (npm's rules: lower case, URL-safe, ≤ 214 chars). Default: @mcpgen/<name>", '@acme/acme-mcp'),
        version: text('valid semver. Default: info.version, normalised', '1.4.0'),
        license: text('Default: UNLICENSED', 'MIT'),
        description: text('Default: info.description (shortened)', 'Acme tools'),
        repository: text('any form npm accepts. Default: none', 'github:acme/mcp-servers'),
      },
      additionalProperties: false,
      default: {},
    },
    serverArguments: {
      type: 'array',
      description: 'server URL variables every tool accepts as optional arguments',
      items: {
        type: 'object',
        properties: {
          variable: text('a variable of the first server URL', 'workspace'),
          env: formatted('env-name', "the variable's value comes from <PREFIX>_<env>. Default: the variable in upper case", 'WORKSPACE'),
        },
        required: ['variable'],
        additionalProperties: false,
      },
      default: [],
    },
    credentialsBy: { ...strings('credentials are looked up per value of these server variables', ['region', 'workspace']), default: [] },
    credentialsFile: {
      type: 'object',
      description: 'a JSON file of credentials per credentialsBy value ({region: {workspace: token}})',
      properties: { env: formatted('env-name', 'the variable that names the file', 'TOKEN_FILE') },
      required: ['env'],
      additionalProperties: false,
    },
  },
  additionalProperties: false,
} as const;

/** `x-mcp` on a path item or an operation (the operation's keys win). */
export const OPERATION_SCHEMA = {
  type: 'object',
  properties: {
    name: text('tool name override: [A-Za-z0-9_-]{1,64}, must stay unique', 'list_apps'),
    exclude: { ...flag('do not generate a tool for this operation', true), default: false },
    scope: {
      type: 'string',
      enum: ['read', 'write'],
      description: 'read | write: overrides what readScopes/method would say',
      examples: ['read'],
    },
    annotations: { ...HINTS_SCHEMA, default: {} },
    confirm: flag('destructive tools ask for confirmation. Default: true when destructiveHint', true),
    task: flag('this operation never starts a task (or true: it always does)', false),
    pagination: {
      description: 'false: this operation does not page; or a pagination object as on the root',
      if: { const: false },
      else: PAGINATION_SCHEMA,
      examples: [false],
    },
    keywords: {
      type: 'array',
      description: 'words users say for this operation, searched in dynamic mode',
      items: { type: 'string', minLength: 1, maxLength: 60, format: 'phrase' },
      default: [],
      examples: [['inbox', 'email account']],
    },
  },
  additionalProperties: false,
} as const;

const TOKEN_EXCHANGE_SCHEMA = {
  type: 'object',
  description: 'the credential is exchanged for a short-lived bearer token',
  properties: {
    contentType: {
      type: 'string',
      minLength: 1,
      default: 'application/json',
      description: "the request body's type: application/json or application/x-www-form-urlencoded",
      examples: ['application/x-www-form-urlencoded'],
    },
    expiresInPath: pointer("JSON pointer to the token's lifetime in seconds", '/expires_in'),
    fields: {
      type: 'object',
      title: 'token exchange field',
      description: 'request field -> credential',
      minProperties: 1,
      additionalProperties: {
        type: 'object',
        properties: {
          env: formatted('env-name', 'the credential variable (<PREFIX>_<env>)', 'EMAIL'),
          header: formatted('http-token', 'HTTP mode: the request header a caller sends it in', 'x-acme-email'),
          secret: { ...flag('never shown (credentials_info shows the others)', true), default: false },
        },
        required: ['env'],
        additionalProperties: false,
      },
      examples: [{ email: { env: 'EMAIL', header: 'x-acme-email' }, api_key: { env: 'API_KEY', secret: true } }],
    },
    logout: {
      type: 'object',
      description: 'where the server logs its tokens out when it shuts down',
      properties: {
        field: text('also revoke the refresh token, sent in this JSON body field', 'refresh_token'),
        method: method("the logout request's method"),
        path: text('sent with Authorization: Bearer <access token>', '/auth/logout'),
      },
      required: ['path'],
      additionalProperties: false,
    },
    method: method("the exchange request's method"),
    path: text('where the credential is exchanged', '/oauth/access_token'),
    refresh: {
      type: 'object',
      description: 'the answer also holds a refresh token (a login)',
      properties: {
        field: { ...text('the body field that carries it', 'refresh_token'), default: 'refresh_token' },
        method: method("the refresh request's method"),
        path: text('where it is spent (JSON body) for new tokens', '/auth/refresh'),
        tokenPath: pointer('JSON pointer to it in the login and refresh answers', '/refresh_token'),
      },
      required: ['path', 'tokenPath'],
      additionalProperties: false,
    },
    refreshBeforeSeconds: { ...positive('renew the token this long before it expires', 300), default: 300 },
    tokenPath: { ...pointer('JSON pointer to the token in the answer', '/access_token'), default: '/access_token' },
  },
  required: ['fields', 'path'],
  additionalProperties: false,
} as const;

/** `x-mcp` on a security scheme. */
export const SECURITY_SCHEME_SCHEMA = {
  type: 'object',
  properties: {
    env: formatted('env-name', 'credential env var: <PREFIX>_<env>. Default: <SCHEME>_TOKEN', 'API_TOKEN'),
    header: formatted('http-token', 'HTTP mode: the request header a caller sends its credential in', 'authorization'),
    valuePrefix: text('apiKey only: text put before the key', 'token='),
    tokenExchange: TOKEN_EXCHANGE_SCHEMA,
  },
  additionalProperties: false,
} as const;

/** Where each kind of `x-mcp` object sits, for the README and the messages. */
export const LOCATIONS = {
  root: ROOT_SCHEMA,
  operation: OPERATION_SCHEMA,
  securityScheme: SECURITY_SCHEME_SCHEMA,
} as const;
