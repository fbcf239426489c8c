/**
 * Drives a generated package in-process with hostile arguments: the real MCP SDK client over
 * an in-memory transport, a real recording upstream on 127.0.0.1, and an independent Ajv as
 * the oracle for which argument sets are valid. `call` returns every broken promise it sees.
 */
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import * as formatsModule from 'ajv-formats';
import type { Logger } from '../../templates/runtime/log.js';
import { paramStyle } from '../../templates/runtime/request.js';
import type { RegisterOptions } from '../../templates/runtime/server.js';
import type { ApiDefinition, ToolDefinition } from '../../templates/runtime/types.js';
import { textOf } from './mcp-client.js';
import { RecordingUpstream, type SeenRequest } from './recording-upstream.js';

const addFormats = ((formatsModule as unknown as { default?: unknown }).default ?? formatsModule) as (ajv: Ajv2020) => Ajv2020;

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];
/** What encodeURIComponent and the query styles may put in a query string. */
const QUERY_CHARS = /^(?:[A-Za-z0-9\-_.!~*'()&=,|]|%[0-9A-Fa-f]{2})*$/;
/** What encodeURIComponent may put in a path segment. */
const SEGMENT_CHARS = /^(?:[A-Za-z0-9\-_.!~*'()]|%[0-9A-Fa-f]{2})*$/;

interface GeneratedPackage {
  api: ApiDefinition;
  createServer(config: RegisterOptions): Server;
  tools: readonly ToolDefinition[];
}

export interface HarnessStats {
  calls: number;
  /** Refused by the oracle (the tool's input schema) and answered with isError naming an argument. */
  invalid: number;
  /** Schema-valid, refused by the runtime before sending (a path value "..", a header with CR/LF...). */
  refusedBeforeSending: number;
  /** Refused by the MCP SDK itself (arguments not a record), as a JSON-RPC invalid-params error. */
  protocolErrors: number;
  /** Destructive tools called without `confirm: true`: refused until confirmed, nothing sent. */
  confirmations: number;
  /** Reached the upstream and answered without error. */
  sent: number;
  /** Reached the upstream and answered with the upstream's HTTP error (e.g. 431 for a 100 kB URL). */
  upstreamErrors: number;
  upstreamRequests: number;
  tools: Set<string>;
}

interface Fetched {
  readonly headers: Record<string, string>;
  readonly url: string;
}

export interface HarnessOptions {
  /** Base URL under the upstream's origin, e.g. "/api/v1"; may hold {variables}. */
  readonly basePath: string;
  readonly token: string;
}

export class HostileHarness {
  readonly upstream = new RecordingUpstream();
  readonly stats: HarnessStats = {
    calls: 0,
    confirmations: 0,
    invalid: 0,
    refusedBeforeSending: 0,
    protocolErrors: 0,
    sent: 0,
    upstreamErrors: 0,
    upstreamRequests: 0,
    tools: new Set(),
  };
  readonly logs: string[] = [];
  tools: readonly ToolDefinition[] = [];
  private pkg!: GeneratedPackage;
  private client!: Client;
  private readonly fetched: Fetched[] = [];
  private readonly oracle = new Map<string, ValidateFunction>();
  private readonly ajv = addFormats(new Ajv2020({ allErrors: true, strict: false, logger: false, validateFormats: true }));

  constructor(
    private readonly packageDir: string,
    private readonly options: HarnessOptions,
  ) {}

  async start(): Promise<void> {
    await this.upstream.start();
    for (const method of METHODS) this.upstream.on(method, /^/, { body: { ok: true } });
    const url = pathToFileURL(path.join(this.packageDir, 'dist', 'index.js')).href;
    this.pkg = (await import(url)) as GeneratedPackage;
    this.tools = this.pkg.tools;
    const origin = this.upstream.url;
    const guardedFetch: typeof fetch = async (input, init) => {
      const href = input instanceof Request ? input.url : String(input);
      this.fetched.push({ headers: { ...((init?.headers ?? {}) as Record<string, string>) }, url: href });
      // Nothing may leave 127.0.0.1: a request elsewhere is recorded, then refused here.
      if (new URL(href).origin !== origin) throw new TypeError(`test guard: refused to fetch ${href}`);
      return fetch(input, init);
    };
    const credentials = Object.fromEntries(
      Object.values(this.pkg.api.securitySchemes).flatMap((scheme) => scheme.env.map((name) => [name, this.options.token])),
    );
    const logger: Logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: (message, fields) => this.logs.push(`warn ${message} ${JSON.stringify(fields)}`),
      error: (message, fields) => this.logs.push(`error ${message} ${JSON.stringify(fields)}`),
    };
    const server = this.pkg.createServer({
      baseUrl: `${origin}${this.options.basePath}`,
      credentials,
      fetch: guardedFetch,
      logger,
      timeoutMs: 10_000,
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    this.client = new Client({ name: 'hostile-arguments', version: '0.0.0' });
    await Promise.all([server.connect(serverSide), this.client.connect(clientSide)]);
  }

  async stop(): Promise<void> {
    await this.client?.close();
    await this.upstream.stop();
  }

  /** Calls a tool with an argument set and returns every broken invariant (empty: all good). */
  async call(tool: ToolDefinition, generated: unknown): Promise<string[]> {
    // What goes over the wire: JSON, as any client sends it.
    const wire = generated === undefined ? undefined : (JSON.parse(JSON.stringify(generated)) as unknown);
    this.stats.calls += 1;
    this.stats.tools.add(tool.name);
    this.upstream.requests.length = 0;
    this.fetched.length = 0;
    const problems: string[] = [];
    let result: Awaited<ReturnType<Client['callTool']>>;
    try {
      result = await this.client.callTool({ name: tool.name, arguments: wire as Record<string, unknown> });
    } catch (error) {
      // The SDK (its Zod record check) refuses tools/call arguments that are not a plain record
      // before any tool code runs: an array or a string ("expected record"), or an object with
      // an own "constructor" key (its plain-object test reads constructor.prototype, so
      // `"constructor": null` even gives a TypeError). Both come back as JSON-RPC errors.
      const recordLike = wire !== null && typeof wire === 'object' && !Array.isArray(wire);
      const protocolRefusal = !recordLike ? /"arguments"/ : /"arguments"|constructor|prototype/;
      if (
        error instanceof McpError &&
        (error.code === ErrorCode.InvalidParams || error.code === ErrorCode.InternalError) &&
        (!recordLike || Object.hasOwn(wire as object, 'constructor')) &&
        protocolRefusal.test(error.message)
      ) {
        this.stats.protocolErrors += 1;
      } else {
        problems.push(`callTool threw: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (this.fetched.length > 0) problems.push('a refused call still reached the upstream');
      return problems;
    }
    const text = textOf(result);
    if (/failed unexpectedly|^Tool \S+ failed:/.test(text)) problems.push(`unexpected failure: ${text.slice(0, 300)}`);

    // The SDK drops an own "__proto__" key of the arguments record; the tool sees the rest.
    const args = { ...(wire as Record<string, unknown>) };
    delete args.__proto__;
    const oracleErrors = this.validate(tool, args);
    if (oracleErrors.length > 0) {
      this.stats.invalid += 1;
      if (result.isError !== true) problems.push(`invalid arguments were not refused: ${this.describe(oracleErrors)}`);
      const names = oracleErrors.map(argumentOf);
      if (!names.some((name) => text.includes(`"${name}`))) {
        problems.push(`the error does not name the argument (${names.join(', ')}): ${text.slice(0, 300)}`);
      }
      if (this.fetched.length > 0) problems.push('invalid arguments reached the upstream');
      return problems;
    }

    const parameterNames = new Set([
      ...Object.keys((tool.inputSchema.properties ?? {}) as object),
      ...mappedParams(tool).map((param) => param.name),
    ]);
    if (result.isError === true) {
      const named = /(?:argument|variable) "?([^"\s]+)"?/.exec(text)?.[1];
      if (this.fetched.length === 0 && tool.confirm && /needs confirmation.*Nothing was changed/.test(text)) {
        this.stats.confirmations += 1;
      } else if (this.fetched.length === 0) {
        if (named !== undefined && parameterNames.has(named)) this.stats.refusedBeforeSending += 1;
        else problems.push(`valid-looking arguments refused without naming one of them: ${text.slice(0, 300)}`);
      } else if (/^HTTP 4\d\d from /.test(text)) {
        this.stats.upstreamErrors += 1;
      } else {
        problems.push(`isError after reaching the upstream: ${text.slice(0, 300)}`);
      }
    } else if (this.fetched.length > 0) {
      this.stats.sent += 1;
    } else {
      problems.push(`no request reached the upstream and no error was given: ${text.slice(0, 200)}`);
    }

    for (const request of this.fetched) problems.push(...this.checkFetch(request));
    this.stats.upstreamRequests += this.upstream.requests.length;
    for (const request of this.upstream.requests) problems.push(...this.checkRequest(tool, args, request));
    return problems;
  }

  private validate(tool: ToolDefinition, args: unknown): ErrorObject[] {
    let validate = this.oracle.get(tool.name);
    if (!validate) {
      validate = this.ajv.compile(tool.inputSchema);
      this.oracle.set(tool.name, validate);
    }
    return validate(args) ? [] : [...(validate.errors ?? [])];
  }

  private describe(errors: readonly ErrorObject[]): string {
    return errors
      .slice(0, 3)
      .map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`)
      .join('; ');
  }

  private checkFetch(request: Fetched): string[] {
    const problems: string[] = [];
    const url = new URL(request.url);
    if (url.origin !== this.upstream.url) problems.push(`a request left the upstream: ${request.url.slice(0, 200)}`);
    if (url.username || url.password) problems.push(`credentials in the URL: ${request.url.slice(0, 200)}`);
    for (const [name, value] of Object.entries(request.headers)) {
      if (/[\r\n\0]/.test(value)) problems.push(`header ${name} carries CR/LF/NUL: ${JSON.stringify(value.slice(0, 100))}`);
    }
    return problems;
  }

  /** The request as the upstream saw it: path segments, query encoding, headers, body. */
  private checkRequest(tool: ToolDefinition, args: Record<string, unknown>, seen: SeenRequest): string[] {
    const problems: string[] = [];
    const valueOf = (name: string, location: string) => {
      const param = mappedParams(tool).find((candidate) => candidate.name === name && candidate.in === location);
      return param ? readPath(args, param.argument) : undefined;
    };
    if (seen.method !== tool.operation.method) problems.push(`method ${seen.method}, not ${tool.operation.method}`);
    if (seen.headers.host !== new URL(this.upstream.url).host) problems.push(`Host header ${seen.headers.host}`);
    for (const [name, value] of Object.entries(seen.headers)) {
      if (/[\r\n\0]/.test(String(value))) problems.push(`received header ${name} carries CR/LF/NUL`);
    }

    // Path: the base path, then exactly the template's segments, each value inside its own.
    const [rawPath = '', ...rest] = seen.rawUrl.split('?');
    const rawQuery = rest.join('?');
    const basePath = this.options.basePath.replace(/\{([^}]+)\}/g, (_, name: string) => {
      const value = args[name];
      return typeof value === 'string' && value !== '' ? value : (this.pkg.api.serverVariables[name]?.default ?? '');
    });
    const expected = `${basePath}${tool.operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => `\u0000${name}\u0000`)}`;
    const expectedSegments = expected.split('/');
    const rawSegments = rawPath.split('/');
    if (rawPath.includes('#') || seen.rawUrl.includes('#')) problems.push(`a fragment reached the upstream: ${seen.rawUrl.slice(0, 200)}`);
    if (rawSegments.length !== expectedSegments.length) {
      problems.push(`path ${rawPath.slice(0, 200)} has ${rawSegments.length} segments, not ${expectedSegments.length} (${expected})`);
    } else {
      rawSegments.forEach((raw, index) => {
        const template = expectedSegments[index] ?? '';
        if (/^(?:\.|%2e){1,2}$/i.test(raw)) problems.push(`dot segment "${raw}" in ${rawPath.slice(0, 200)}`);
        if (!template.includes('\u0000')) {
          if (raw !== template) problems.push(`segment ${index} is "${raw.slice(0, 100)}", not "${template}"`);
          return;
        }
        if (!SEGMENT_CHARS.test(raw)) problems.push(`segment "${raw.slice(0, 100)}" is not fully percent-encoded`);
        const wanted = template.replace(/\u0000([^\u0000]+)\u0000/g, (_, name: string) => scalarText(valueOf(name, 'path')));
        let decoded: string;
        try {
          decoded = decodeURIComponent(raw);
        } catch {
          decoded = `(undecodable ${raw.slice(0, 100)})`;
        }
        if (decoded !== wanted)
          problems.push(`segment decodes to ${JSON.stringify(decoded.slice(0, 100))}, not ${JSON.stringify(wanted.slice(0, 100))}`);
      });
    }

    // Query: encoded throughout, and each plain value read back exactly.
    if (!QUERY_CHARS.test(rawQuery)) problems.push(`query not fully encoded: ${rawQuery.slice(0, 200)}`);
    const query = new URLSearchParams(rawQuery);
    for (const definition of tool.operation.params ?? []) {
      const param = { ...definition, ...paramStyle(definition) };
      const value = valueOf(param.name, param.in);
      if (value === undefined || value === null) continue;
      if (param.in === 'query') {
        if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
          const got = query.getAll(param.name);
          if (got.length !== 1 || got[0] !== String(value))
            problems.push(
              `query ${param.name} reads back as ${JSON.stringify(got).slice(0, 200)}, not ${JSON.stringify(value).slice(0, 100)}`,
            );
        } else if (Array.isArray(value) && param.style === 'form' && param.explode && value.every((item) => typeof item === 'string')) {
          if (JSON.stringify(query.getAll(param.name)) !== JSON.stringify(value))
            problems.push(`query ${param.name} array does not read back`);
        }
      } else if (param.in === 'header') {
        const got = seen.headers[param.name.toLowerCase()];
        // HTTP trims a header value's surrounding whitespace.
        const wanted = scalarText(value).replace(/^[\t ]+|[\t ]+$/g, '');
        if ((got ?? '') !== wanted)
          problems.push(`header ${param.name} is ${JSON.stringify(got)}, not ${JSON.stringify(wanted.slice(0, 100))}`);
      } else if (param.in === 'cookie') {
        const pairs = (seen.headers.cookie ?? '').split('; ').map((pair) => pair.split('='));
        const got = pairs.find(([name]) => name === encodeURIComponent(param.name))?.[1];
        if (got === undefined || decodeURIComponent(got) !== scalarText(value)) problems.push(`cookie ${param.name} does not read back`);
      }
    }

    // Body: JSON bodies carry exactly the given fields.
    const mapping = tool.arguments?.body;
    const mediaType = tool.operation.body?.mediaType ?? '';
    if (mapping && /json/i.test(mediaType) && seen.body !== '') {
      let wanted: unknown;
      if (mapping.layout === 'nested') wanted = args[mapping.argument];
      else
        wanted = Object.fromEntries(
          mapping.properties
            .map((property) => (typeof property === 'string' ? { argument: property, name: property } : property))
            .filter((property) => args[property.argument] !== undefined)
            .map((p) => [p.name, args[p.argument]]),
        );
      if (seen.body !== JSON.stringify(wanted ?? {})) problems.push(`JSON body differs from the arguments: ${seen.body.slice(0, 200)}`);
    }
    return problems;
  }
}

/** A tool's parameter mappings with ArgumentMapping's default (the argument named as the parameter) filled in. */
export function mappedParams(tool: ToolDefinition): { argument: readonly string[]; in: string; name: string }[] {
  return (tool.arguments?.params ?? []).map((param) => ({ ...param, argument: param.argument ?? [param.name] }));
}

/** The top-level argument an Ajv error is about, as the runtime names it. */
function argumentOf(error: ErrorObject): string {
  const first = error.instancePath.split('/')[1];
  if (first !== undefined) return first.replace(/~1/g, '/').replace(/~0/g, '~');
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  return params.missingProperty ?? params.additionalProperty ?? '(root)';
}

function readPath(args: Record<string, unknown>, path: readonly string[]): unknown {
  let current: unknown = args;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function scalarText(value: unknown): string {
  if (Array.isArray(value)) return value.map(scalarText).join(',');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
