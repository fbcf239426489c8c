/**
 * Reads the `x-mcp` extension objects (documented in specs/README.md). Unknown keys and
 * wrong types are reported, so a typo in a spec never passes silently.
 */
import { type IssueList, joinPointer } from '../issues.js';
import type { ToolAnnotations } from './types.js';
import { type Json, isObject } from '../json.js';

export interface PaginationExtension {
  readonly cursorParam?: string;
  readonly cursorPath?: string;
  readonly itemsPath?: string;
  readonly nextPath?: string;
  readonly offsetParam?: string;
  readonly pageParam?: string;
  readonly sizeParam?: string;
  readonly style: 'cursor' | 'offset' | 'page';
  readonly totalPath?: string;
}

export interface TasksExtension {
  readonly donePath: string;
  readonly doneValues: readonly unknown[];
  readonly errorPath?: string;
  readonly idPath: string;
  readonly messagePath?: string;
  /** While the value here is true the task is queued, whatever donePath says. */
  readonly pendingPath?: string;
  readonly pollOperation: string;
  readonly pollParam: string;
  readonly progressPath?: string;
  readonly successPath?: string;
}

/** Where an API that wraps every body in an envelope keeps what a tool should return. */
export interface EnvelopeExtension {
  /** JSON pointer to the payload a tool returns (`/data`). */
  readonly dataPath: string;
  /** JSON pointer to page information returned beside the payload as `metadata` (`/metadata`). */
  readonly metadataPath?: string;
}

export interface RootExtension {
  readonly annotations: readonly { readonly glob: string; readonly hints: Partial<ToolAnnotations> }[];
  readonly credentialsBy: readonly string[];
  readonly credentialsFileEnv?: string;
  readonly envelope?: EnvelopeExtension;
  readonly envPrefix?: string;
  readonly exclude: readonly string[];
  readonly include: readonly string[];
  readonly name?: string;
  readonly package: PackageExtension;
  readonly pagination: readonly PaginationExtension[];
  readonly rateLimit?: { readonly perSeconds: number; readonly requests: number };
  /** `rateLimit.modules`: limits of their own for the operations whose path or tag matches. */
  readonly rateLimitModules: readonly RateLimitModuleExtension[];
  readonly readScopes: readonly string[];
  /** Markdown files (relative to the spec) appended to the generated README. */
  readonly readme: readonly string[];
  readonly serverArguments: readonly { readonly env: string; readonly variable: string }[];
  readonly statusTools: boolean;
  readonly tasks?: TasksExtension;
}

/** `x-mcp.package`: fields of the generated package.json, as written (validated in package.ts). */
export interface PackageExtension {
  readonly description?: string;
  readonly license?: string;
  readonly name?: string;
  readonly repository?: string;
  readonly version?: string;
}

export interface OperationExtension {
  readonly annotations: Partial<ToolAnnotations>;
  readonly confirm?: boolean;
  readonly exclude: boolean;
  /** Words users say for this operation, searched in dynamic mode. */
  readonly keywords: readonly string[];
  readonly name?: string;
  readonly pagination?: PaginationExtension | false;
  readonly scope?: 'read' | 'write';
  readonly task?: boolean;
}

export interface TokenExchangeExtension {
  readonly contentType: string;
  readonly expiresInPath?: string;
  readonly fields: readonly { readonly env: string; readonly header?: string; readonly name: string; readonly secret: boolean }[];
  /** Where the server logs its tokens out when it shuts down. */
  readonly logout?: { readonly field?: string; readonly method: string; readonly path: string };
  readonly method: string;
  readonly path: string;
  readonly refresh?: { readonly field: string; readonly method: string; readonly path: string; readonly tokenPath: string };
  readonly refreshBeforeSeconds: number;
  readonly tokenPath: string;
}

export interface SecuritySchemeExtension {
  readonly env?: string;
  readonly header?: string;
  readonly tokenExchange?: TokenExchangeExtension;
  readonly valuePrefix?: string;
}

/** One entry of `x-mcp.rateLimit.modules`: its operations take from a bucket of their own. */
export interface RateLimitModuleExtension {
  readonly name: string;
  /** Path globs as in x-mcp annotations (`*` one segment, `**` any). */
  readonly paths: readonly string[];
  readonly perSeconds: number;
  /** Where the module is declared, for errors. */
  readonly pointer: string;
  readonly requests: number;
  readonly tags: readonly string[];
}

const HINTS = ['destructiveHint', 'idempotentHint', 'openWorldHint', 'readOnlyHint'] as const;

/** A small typed reader over one extension object that records every problem it meets. */
class Reader {
  constructor(
    private readonly value: Json,
    private readonly pointer: string,
    private readonly issues: IssueList,
    allowed: readonly string[],
  ) {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        issues.error(
          'unknown-extension-key',
          joinPointer(pointer, key),
          `unknown x-mcp key "${key}" (allowed here: ${allowed.join(', ')})`,
        );
      }
    }
  }

  at(key: string): string {
    return joinPointer(this.pointer, key);
  }

  string(key: string): string | undefined {
    const value = this.value[key];
    if (value === undefined) return undefined;
    if (typeof value === 'string' && value !== '') return value;
    this.issues.error('invalid-extension', this.at(key), `x-mcp ${key} must be a non-empty string`);
    return undefined;
  }

  requiredString(key: string): string {
    const value = this.string(key);
    if (value === undefined && this.value[key] === undefined) {
      this.issues.error('invalid-extension', this.at(key), `x-mcp ${key} is required here`);
    }
    return value ?? '';
  }

  boolean(key: string): boolean | undefined {
    const value = this.value[key];
    if (value === undefined || typeof value === 'boolean') return value;
    this.issues.error('invalid-extension', this.at(key), `x-mcp ${key} must be true or false`);
    return undefined;
  }

  number(key: string): number | undefined {
    const value = this.value[key];
    if (value === undefined) return undefined;
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
    this.issues.error('invalid-extension', this.at(key), `x-mcp ${key} must be a positive number`);
    return undefined;
  }

  strings(key: string): string[] {
    const value = this.value[key];
    if (value === undefined) return [];
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
    this.issues.error('invalid-extension', this.at(key), `x-mcp ${key} must be a list of strings`);
    return [];
  }

  object(key: string): Json | undefined {
    const value = this.value[key];
    if (value === undefined) return undefined;
    if (isObject(value)) return value;
    this.issues.error('invalid-extension', this.at(key), `x-mcp ${key} must be an object`);
    return undefined;
  }

  raw(key: string): unknown {
    return this.value[key];
  }
}

function readObject(value: unknown, pointer: string, issues: IssueList): Json | undefined {
  if (value === undefined) return undefined;
  if (isObject(value)) return value;
  issues.error('invalid-extension', pointer, 'x-mcp must be an object');
  return undefined;
}

export function readRootExtension(doc: Json, issues: IssueList): RootExtension {
  const pointer = '/x-mcp';
  const value = readObject(doc['x-mcp'], pointer, issues) ?? {};
  const reader = new Reader(value, pointer, issues, [
    'annotations',
    'credentialsBy',
    'credentialsFile',
    'envelope',
    'envPrefix',
    'exclude',
    'include',
    'name',
    'package',
    'pagination',
    'rateLimit',
    'readScopes',
    'readme',
    'serverArguments',
    'statusTools',
    'tasks',
  ]);
  const name = reader.string('name');
  if (name !== undefined && !/^[a-z][a-z0-9-]*$/.test(name)) {
    issues.error('invalid-extension', reader.at('name'), `x-mcp name "${name}" must be lower-case letters, digits and dashes`);
  }
  const envPrefix = reader.string('envPrefix');
  if (envPrefix !== undefined && !/^[A-Z][A-Z0-9_]*$/.test(envPrefix)) {
    issues.error('invalid-extension', reader.at('envPrefix'), `x-mcp envPrefix "${envPrefix}" must be UPPER_SNAKE_CASE`);
  }

  const rateLimitObject = reader.object('rateLimit');
  let rateLimit: RootExtension['rateLimit'];
  const rateLimitModules: RateLimitModuleExtension[] = [];
  if (rateLimitObject) {
    const limit = new Reader(rateLimitObject, reader.at('rateLimit'), issues, ['requests', 'perSeconds', 'modules']);
    const requests = limit.number('requests');
    const perSeconds = limit.number('perSeconds');
    if (requests !== undefined && perSeconds !== undefined) rateLimit = { perSeconds, requests };
    for (const [moduleName, value] of Object.entries(limit.object('modules') ?? {})) {
      const module = readRateLimitModule(moduleName, value, joinPointer(limit.at('modules'), moduleName), issues);
      if (module) rateLimitModules.push(module);
    }
  }

  const paginationValue = reader.raw('pagination');
  const pagination: PaginationExtension[] = [];
  if (paginationValue !== undefined) {
    const list = Array.isArray(paginationValue) ? paginationValue : [paginationValue];
    list.forEach((item, index) => {
      const parsed = readPagination(
        item,
        Array.isArray(paginationValue) ? joinPointer(reader.at('pagination'), index) : reader.at('pagination'),
        issues,
      );
      if (parsed) pagination.push(parsed);
    });
  }

  const annotationsObject = reader.object('annotations') ?? {};
  const annotations = Object.entries(annotationsObject).map(([glob, hints]) => ({
    glob,
    hints: readHints(hints, joinPointer(reader.at('annotations'), glob), issues),
  }));

  const serverArgumentsValue = reader.raw('serverArguments');
  const serverArguments: { env: string; variable: string }[] = [];
  if (serverArgumentsValue !== undefined) {
    if (!Array.isArray(serverArgumentsValue)) {
      issues.error('invalid-extension', reader.at('serverArguments'), 'x-mcp serverArguments must be a list');
    } else {
      serverArgumentsValue.forEach((item, index) => {
        const at = joinPointer(reader.at('serverArguments'), index);
        if (!isObject(item)) {
          issues.error('invalid-extension', at, 'each serverArguments entry must be an object');
          return;
        }
        const entry = new Reader(item, at, issues, ['variable', 'env']);
        const variable = entry.requiredString('variable');
        const env = entry.string('env') ?? variable.toUpperCase();
        checkEnvName(env, entry.at('env'), issues);
        serverArguments.push({ env, variable });
      });
    }
  }

  const credentialsFile = reader.object('credentialsFile');
  const credentialsFileEnv = credentialsFile
    ? new Reader(credentialsFile, reader.at('credentialsFile'), issues, ['env']).requiredString('env')
    : undefined;
  if (credentialsFileEnv !== undefined) checkEnvName(credentialsFileEnv, joinPointer(reader.at('credentialsFile'), 'env'), issues);

  const envelopeObject = reader.object('envelope');
  const envelope = envelopeObject ? readEnvelope(envelopeObject, reader.at('envelope'), issues) : undefined;
  const tasksObject = reader.object('tasks');
  return {
    annotations,
    credentialsBy: reader.strings('credentialsBy'),
    ...(credentialsFileEnv ? { credentialsFileEnv } : {}),
    ...(envelope ? { envelope } : {}),
    ...(envPrefix ? { envPrefix } : {}),
    exclude: reader.strings('exclude'),
    include: reader.strings('include'),
    ...(name ? { name } : {}),
    package: readPackage(reader.object('package'), reader.at('package'), issues),
    pagination,
    ...(rateLimit ? { rateLimit } : {}),
    rateLimitModules,
    readScopes: reader.strings('readScopes'),
    readme: reader.strings('readme'),
    serverArguments,
    statusTools: reader.boolean('statusTools') ?? false,
    ...(tasksObject ? { tasks: readTasks(tasksObject, reader.at('tasks'), issues) } : {}),
  };
}

function readRateLimitModule(name: string, value: unknown, pointer: string, issues: IssueList): RateLimitModuleExtension | undefined {
  if (!/^[a-z][a-z0-9_-]*$/.test(name)) {
    issues.error('invalid-extension', pointer, `rate-limit module name "${name}" must be lower-case letters, digits, "-" and "_"`);
  }
  if (!isObject(value)) {
    issues.error('invalid-extension', pointer, 'a rate-limit module must be an object { requests, perSeconds, paths?, tags? }');
    return undefined;
  }
  const reader = new Reader(value, pointer, issues, ['requests', 'perSeconds', 'paths', 'tags']);
  const requests = reader.number('requests');
  const perSeconds = reader.number('perSeconds');
  if (requests === undefined || perSeconds === undefined) {
    issues.error('invalid-extension', pointer, `rate-limit module "${name}" needs requests and perSeconds`);
    return undefined;
  }
  const paths = reader.strings('paths');
  const tags = reader.strings('tags');
  if (paths.length === 0 && tags.length === 0) {
    issues.error('invalid-extension', pointer, `rate-limit module "${name}" needs paths or tags saying which operations it limits`);
  }
  return { name, paths, perSeconds, pointer, requests, tags };
}

function readEnvelope(value: Json, pointer: string, issues: IssueList): EnvelopeExtension | undefined {
  const reader = new Reader(value, pointer, issues, ['dataPath', 'metadataPath']);
  const dataPath = reader.requiredString('dataPath');
  const metadataPath = reader.string('metadataPath');
  for (const [key, found] of [
    ['dataPath', dataPath],
    ['metadataPath', metadataPath],
  ] as const) {
    if (found !== undefined && found !== '' && !found.startsWith('/')) {
      issues.error('invalid-extension', reader.at(key), `x-mcp envelope ${key} "${found}" must be a JSON pointer starting with "/"`);
    }
  }
  if (dataPath === '') return undefined;
  return { dataPath, ...(metadataPath ? { metadataPath } : {}) };
}

function readPackage(value: Json | undefined, pointer: string, issues: IssueList): PackageExtension {
  if (value === undefined) return {};
  const keys = ['description', 'license', 'name', 'repository', 'version'] as const;
  const reader = new Reader(value, pointer, issues, keys);
  const fields: Record<string, string> = {};
  for (const key of keys) {
    const found = reader.string(key);
    if (found !== undefined) fields[key] = found;
  }
  return fields;
}

function readTasks(value: Json, pointer: string, issues: IssueList): TasksExtension {
  const reader = new Reader(value, pointer, issues, [
    'idPath',
    'pollOperation',
    'pollParam',
    'donePath',
    'doneValues',
    'pendingPath',
    'successPath',
    'errorPath',
    'progressPath',
    'messagePath',
  ]);
  const doneValues = reader.raw('doneValues');
  if (!Array.isArray(doneValues)) issues.error('invalid-extension', reader.at('doneValues'), 'x-mcp tasks.doneValues must be a list');
  const optional = (key: string) => {
    const found = reader.string(key);
    return found === undefined ? {} : { [key]: found };
  };
  return {
    donePath: reader.requiredString('donePath'),
    doneValues: Array.isArray(doneValues) ? doneValues : [],
    idPath: reader.requiredString('idPath'),
    pollOperation: reader.requiredString('pollOperation'),
    pollParam: reader.requiredString('pollParam'),
    ...optional('errorPath'),
    ...optional('messagePath'),
    ...optional('pendingPath'),
    ...optional('progressPath'),
    ...optional('successPath'),
  };
}

/** What each pagination style cannot work without. */
const PAGINATION_NEEDS = {
  page: ['pageParam'],
  offset: ['offsetParam'],
  cursor: ['cursorParam', 'cursorPath'],
} as const satisfies Record<PaginationExtension['style'], readonly string[]>;

function readPagination(value: unknown, pointer: string, issues: IssueList): PaginationExtension | undefined {
  if (!isObject(value)) {
    issues.error('invalid-extension', pointer, 'x-mcp pagination must be an object');
    return undefined;
  }
  const reader = new Reader(value, pointer, issues, [
    'style',
    'pageParam',
    'sizeParam',
    'offsetParam',
    'cursorParam',
    'cursorPath',
    'itemsPath',
    'nextPath',
    'totalPath',
  ]);
  const style = reader.requiredString('style');
  if (style !== 'page' && style !== 'offset' && style !== 'cursor') {
    issues.error('invalid-extension', reader.at('style'), `x-mcp pagination style "${style}" must be page, offset or cursor`);
    return undefined;
  }
  const result: Record<string, string> = { style };
  for (const key of ['pageParam', 'sizeParam', 'offsetParam', 'cursorParam', 'cursorPath', 'itemsPath', 'nextPath', 'totalPath']) {
    const found = reader.string(key);
    if (found !== undefined) result[key] = found;
  }
  // An incomplete block would page silently wrong (a cursor never followed, a page never turned): refuse it.
  const missing = PAGINATION_NEEDS[style].filter((key) => result[key] === undefined);
  if (missing.length > 0) {
    issues.error('invalid-extension', pointer, `x-mcp pagination style "${style}" needs ${missing.join(' and ')}`);
    return undefined;
  }
  for (const key of ['cursorPath', 'itemsPath', 'nextPath', 'totalPath']) {
    const found = result[key];
    if (found !== undefined && !found.startsWith('/'))
      issues.error('invalid-extension', reader.at(key), `x-mcp pagination ${key} must be a JSON pointer starting with "/", not "${found}"`);
  }
  return result as unknown as PaginationExtension;
}

function readHints(value: unknown, pointer: string, issues: IssueList): Partial<ToolAnnotations> {
  if (!isObject(value)) {
    issues.error('invalid-extension', pointer, 'annotations must be an object of hints');
    return {};
  }
  const reader = new Reader(value, pointer, issues, HINTS);
  const hints: Partial<Record<(typeof HINTS)[number], boolean>> = {};
  for (const hint of HINTS) {
    const found = reader.boolean(hint);
    if (found !== undefined) hints[hint] = found;
  }
  return hints;
}

/** Longest keyword: a word or a short phrase, not a description. */
const MAX_KEYWORD_CHARS = 60;

function readKeywords(reader: Reader, issues: IssueList): string[] {
  const keywords = reader.strings('keywords');
  keywords.forEach((keyword, index) => {
    if (keyword.trim() === '' || keyword.length > MAX_KEYWORD_CHARS)
      issues.error(
        'invalid-extension',
        joinPointer(reader.at('keywords'), String(index)),
        `x-mcp keywords must be words or short phrases (1 to ${MAX_KEYWORD_CHARS} characters)`,
      );
  });
  return keywords.map((keyword) => keyword.trim()).filter((keyword) => keyword !== '' && keyword.length <= MAX_KEYWORD_CHARS);
}

export function readOperationExtension(value: unknown, pointer: string, issues: IssueList): OperationExtension {
  const object = readObject(value, pointer, issues) ?? {};
  const reader = new Reader(object, pointer, issues, [
    'name',
    'exclude',
    'scope',
    'annotations',
    'confirm',
    'task',
    'pagination',
    'keywords',
  ]);
  const scope = reader.string('scope');
  if (scope !== undefined && scope !== 'read' && scope !== 'write') {
    issues.error('invalid-extension', reader.at('scope'), `x-mcp scope "${scope}" must be read or write`);
  }
  const paginationValue = reader.raw('pagination');
  let pagination: PaginationExtension | false | undefined;
  if (paginationValue === false) pagination = false;
  else if (paginationValue !== undefined) pagination = readPagination(paginationValue, reader.at('pagination'), issues);
  const annotationsValue = reader.raw('annotations');
  const name = reader.string('name');
  const confirm = reader.boolean('confirm');
  const task = reader.boolean('task');
  return {
    annotations: annotationsValue === undefined ? {} : readHints(annotationsValue, reader.at('annotations'), issues),
    ...(confirm !== undefined ? { confirm } : {}),
    exclude: reader.boolean('exclude') ?? false,
    keywords: readKeywords(reader, issues),
    ...(name !== undefined ? { name } : {}),
    ...(pagination !== undefined ? { pagination } : {}),
    ...(scope === 'read' || scope === 'write' ? { scope } : {}),
    ...(task !== undefined ? { task } : {}),
  };
}

/** RFC 9110 §5.6.2: a field name is a token, one or more tchar. */
const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * An `x-mcp` header name, lower-cased; an error when it is not an HTTP token (a name with a
 * space, colon or line break would be refused by Node at the first call, or break what quotes it).
 */
function readHeaderName(reader: Reader, issues: IssueList): string | undefined {
  const header = reader.string('header');
  if (header === undefined) return undefined;
  if (!HTTP_TOKEN.test(header)) {
    issues.error(
      'invalid-extension',
      reader.at('header'),
      `x-mcp header ${JSON.stringify(header)} is not an HTTP header name (RFC 9110 token)`,
    );
    return undefined;
  }
  return header.toLowerCase();
}

/** Environment variable names from x-mcp reach shell lines in the README: UPPER_SNAKE_CASE only. */
function checkEnvName(env: string, pointer: string, issues: IssueList): void {
  if (!/^[A-Z][A-Z0-9_]*$/.test(env))
    issues.error('invalid-extension', pointer, `x-mcp env ${JSON.stringify(env)} must be UPPER_SNAKE_CASE`);
}

export function readSecuritySchemeExtension(value: unknown, pointer: string, issues: IssueList): SecuritySchemeExtension {
  const object = readObject(value, pointer, issues) ?? {};
  const reader = new Reader(object, pointer, issues, ['env', 'header', 'valuePrefix', 'tokenExchange']);
  const env = reader.string('env');
  if (env !== undefined) checkEnvName(env, reader.at('env'), issues);
  const header = readHeaderName(reader, issues);
  const valuePrefix = reader.string('valuePrefix');
  const exchange = reader.object('tokenExchange');
  return {
    ...(env ? { env } : {}),
    ...(header ? { header } : {}),
    ...(valuePrefix ? { valuePrefix } : {}),
    ...(exchange ? { tokenExchange: readTokenExchange(exchange, reader.at('tokenExchange'), issues) } : {}),
  };
}

function readTokenExchange(value: Json, pointer: string, issues: IssueList): TokenExchangeExtension {
  const reader = new Reader(value, pointer, issues, [
    'path',
    'method',
    'contentType',
    'fields',
    'tokenPath',
    'expiresInPath',
    'refresh',
    'refreshBeforeSeconds',
    'logout',
  ]);
  const fieldsObject = reader.object('fields') ?? {};
  const fields = Object.entries(fieldsObject).map(([name, field]) => {
    const at = joinPointer(reader.at('fields'), name);
    if (!isObject(field)) {
      issues.error('invalid-extension', at, 'each token exchange field must be an object { env, header?, secret? }');
      return { env: name.toUpperCase(), name, secret: true };
    }
    const entry = new Reader(field, at, issues, ['env', 'header', 'secret']);
    const header = readHeaderName(entry, issues);
    const env = entry.requiredString('env');
    checkEnvName(env, entry.at('env'), issues);
    return {
      env,
      ...(header ? { header } : {}),
      name,
      secret: entry.boolean('secret') ?? false,
    };
  });
  if (fields.length === 0) issues.error('invalid-extension', reader.at('fields'), 'token exchange needs at least one field');
  const expiresInPath = reader.string('expiresInPath');
  const refreshObject = reader.object('refresh');
  const refresh = refreshObject ? readTokenRefresh(refreshObject, reader.at('refresh'), issues) : undefined;
  const logoutObject = reader.object('logout');
  const logoutReader = logoutObject ? new Reader(logoutObject, reader.at('logout'), issues, ['path', 'method', 'field']) : undefined;
  const logoutField = logoutReader?.string('field');
  const logout = logoutReader && {
    ...(logoutField ? { field: logoutField } : {}),
    method: (logoutReader.string('method') ?? 'POST').toUpperCase(),
    path: logoutReader.requiredString('path'),
  };
  return {
    contentType: reader.string('contentType') ?? 'application/json',
    ...(expiresInPath ? { expiresInPath } : {}),
    fields,
    ...(logout ? { logout } : {}),
    method: (reader.string('method') ?? 'POST').toUpperCase(),
    path: reader.requiredString('path'),
    ...(refresh ? { refresh } : {}),
    refreshBeforeSeconds: reader.number('refreshBeforeSeconds') ?? 300,
    tokenPath: reader.string('tokenPath') ?? '/access_token',
  };
}

function readTokenRefresh(value: Json, pointer: string, issues: IssueList): NonNullable<TokenExchangeExtension['refresh']> {
  const reader = new Reader(value, pointer, issues, ['path', 'method', 'field', 'tokenPath']);
  const tokenPath = reader.requiredString('tokenPath');
  if (tokenPath !== '' && !tokenPath.startsWith('/')) {
    issues.error(
      'invalid-extension',
      reader.at('tokenPath'),
      `x-mcp refresh tokenPath "${tokenPath}" must be a JSON pointer starting with "/"`,
    );
  }
  return {
    field: reader.string('field') ?? 'refresh_token',
    method: (reader.string('method') ?? 'POST').toUpperCase(),
    path: reader.requiredString('path'),
    tokenPath,
  };
}
