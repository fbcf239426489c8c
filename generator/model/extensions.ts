/**
 * Reads the `x-mcp` extension objects: validated with Ajv against x-mcp-schema.ts (where every key
 * is declared, and documented from in specs/README.md), defaults filled in by the schema, then
 * shaped for the model. Unknown keys and wrong values are reported at their JSON pointer, so a
 * typo in a spec never passes silently.
 */
import { Ajv, type ErrorObject, type Options } from 'ajv';
import { type IssueList, joinPointer } from '../issues.js';
import { isObject, type Json } from '../json.js';
import { pointerTokens, readTokens } from '../../templates/runtime/json-pointer.js';
import type { TokenExchangeDefinition } from '../../templates/runtime/types.js';
import type { FromSchema } from './schema-type.js';
import { FORMATS, OPERATION_SCHEMA, ROOT_SCHEMA, SECURITY_SCHEME_SCHEMA } from './x-mcp-schema.js';

// Where the model hands these to the runtime (ApiModel, ToolModel, TasksDefinition), the compiler
// checks them against the runtime's wire types, so the schema cannot drift from them.
type RootSchema = FromSchema<typeof ROOT_SCHEMA>;
type SecuritySchemeSchema = FromSchema<typeof SECURITY_SCHEME_SCHEMA>;

export type PackageExtension = RootSchema['package'];
export type OperationExtension = FromSchema<typeof OPERATION_SCHEMA>;
/** The root `x-mcp`, shaped for the model: lists instead of maps, defaults resolved. */
export type RootExtension = ReturnType<typeof readRootExtension>;
/** One entry of `x-mcp.rateLimit.modules`: its operations take from a bucket of their own. */
export type RateLimitModuleExtension = RootExtension['rateLimitModules'][number];

export function readRootExtension(doc: Json, issues: IssueList) {
  const pointer = '/x-mcp';
  const { annotations, credentialsFile, pagination, rateLimit, serverArguments, ...rest } = read(
    ROOT_SCHEMA,
    doc['x-mcp'],
    pointer,
    issues,
  );
  // Path globs as in annotations; the pointer is where the module is declared, for errors.
  const modules = Object.entries(rateLimit?.modules ?? {}).map(([name, module]) => ({
    ...module,
    name,
    paths: module.paths ?? [],
    pointer: joinPointer(pointer, 'rateLimit', 'modules', name),
    tags: module.tags ?? [],
  }));
  return {
    ...rest,
    annotations: Object.entries(annotations).map(([glob, hints]) => ({ glob, hints })),
    credentialsFileEnv: credentialsFile?.env,
    // One block or a list of them.
    pagination: [pagination ?? []].flat(),
    rateLimit: rateLimit?.perSeconds && rateLimit.requests ? { perSeconds: rateLimit.perSeconds, requests: rateLimit.requests } : undefined,
    rateLimitModules: modules,
    serverArguments: serverArguments.map(({ variable, env }, index) => {
      // The default name comes from the variable, so it is checked like a declared one.
      const name = env ?? variable.toUpperCase();
      if (!FORMATS['env-name'].pattern.test(name)) {
        const at = joinPointer(pointer, 'serverArguments', index, 'env');
        issues.error('invalid-extension', at, `x-mcp env must be ${FORMATS['env-name'].says}, not ${JSON.stringify(name)}`);
      }
      return { env: name, variable };
    }),
  };
}

export function readOperationExtension(value: unknown, pointer: string, issues: IssueList): OperationExtension {
  const extension = read(OPERATION_SCHEMA, value, pointer, issues);
  return { ...extension, keywords: extension.keywords.map((keyword) => keyword.trim()) };
}

export function readSecuritySchemeExtension(value: unknown, pointer: string, issues: IssueList) {
  const { header, tokenExchange, ...rest } = read(SECURITY_SCHEME_SCHEMA, value, pointer, issues);
  return { ...rest, header: header?.toLowerCase(), tokenExchange: tokenExchange && tokenExchangeOf(tokenExchange) };
}

/** Fields as a list (the runtime reads them in order), methods upper-cased, header names lower-cased. */
function tokenExchangeOf(exchange: NonNullable<SecuritySchemeSchema['tokenExchange']>): TokenExchangeDefinition {
  const { fields, logout, method, refresh } = exchange;
  return {
    ...exchange,
    fields: Object.entries(fields).map(([name, field]) => ({
      env: field.env,
      header: field.header?.toLowerCase(),
      name,
      secret: field.secret,
    })),
    logout: logout && { ...logout, method: logout.method.toUpperCase() },
    method: method.toUpperCase(),
    refresh: refresh && { ...refresh, method: refresh.method.toUpperCase() },
  };
}

/**
 * The extension at `pointer`, validated and with its defaults. An invalid one reads as absent
 * (every problem is reported, and the model stops before it is used), so the rest of the spec is
 * still read and its problems listed too.
 */
function read<S extends object>(schema: S, value: unknown, pointer: string, issues: IssueList): FromSchema<S> {
  if (value === undefined) return defaultsOf(schema);
  const validate = compile(schema);
  const copy: unknown = structuredClone(value);
  if (validate(copy)) return inSchemaOrder(copy, schema) as FromSchema<S>;
  // One problem per value (an empty string fails minLength and its format); an object may have several.
  const reported = new Set<string>();
  for (const error of validate.errors ?? []) {
    const issue = issueOf(error, schema, copy);
    const key = `${issue?.pointer} ${OBJECT_KEYWORDS.has(error.keyword) ? error.keyword : ''}`;
    if (!issue || reported.has(key)) continue;
    reported.add(key);
    issues.error(issue.code, pointer + issue.pointer, issue.message);
  }
  return defaultsOf(schema);
}

const defaults = new Map<object, unknown>();

/** An absent extension: only its defaults (one shared, frozen object per location; most operations have none). */
function defaultsOf<S extends object>(schema: S): FromSchema<S> {
  let found = defaults.get(schema);
  if (found === undefined) {
    found = {};
    compile(schema)(found);
    defaults.set(schema, Object.freeze(found));
  }
  return found as FromSchema<S>;
}

const OBJECT_KEYWORDS = new Set(['additionalProperties', 'anyOf', 'dependencies', 'propertyNames', 'required']);

let ajv: Ajv | undefined;

/** Ajv keeps each compiled schema, so a location is compiled once per process. */
function compile(schema: object) {
  ajv ??= createAjv();
  return ajv.compile(schema);
}

/**
 * Draft-07 Ajv, without checking the schema against the meta-schema or optimising the code it
 * writes: compiling is most of what reading x-mcp costs, and each of these halves it (the schema is
 * a constant, checked in strict mode by extensions.test.ts).
 */
export function createAjv(options: Options = { validateSchema: false, code: { optimize: false } }): Ajv {
  const created = new Ajv({ allErrors: true, useDefaults: true, strict: true, strictRequired: false, ...options });
  for (const [name, format] of Object.entries(FORMATS)) created.addFormat(name, format.pattern);
  return created;
}

/** Objects rebuilt with their keys in the schema's order: what generated files print does not follow the spec's. */
function inSchemaOrder(value: unknown, schema: unknown): unknown {
  if (!isObject(schema)) return value;
  if (Array.isArray(value))
    return value.map((item) => inSchemaOrder(item, schema.items ?? (isObject(schema.then) ? schema.then.items : undefined)));
  if (!isObject(value)) return value;
  if (schema.else !== undefined) return inSchemaOrder(value, schema.else);
  const properties = isObject(schema.properties) ? schema.properties : {};
  const keys = [...Object.keys(properties).filter((key) => key in value), ...Object.keys(value).filter((key) => !(key in properties))];
  return Object.fromEntries(keys.map((key) => [key, inSchemaOrder(value[key], properties[key] ?? schema.additionalProperties)]));
}

/** One Ajv error as today's message: what is wrong, at the pointer (relative to the extension object) of the key it is about. */
function issueOf(error: ErrorObject, root: object, data: unknown) {
  // Errors inside `if`, `anyOf` branches and `propertyNames` are reported by their parent keyword.
  if (error.keyword === 'if' || error.propertyName !== undefined || /\/anyOf\/\d+\//.test(error.schemaPath)) return undefined;
  const tokens = pointerTokens(error.schemaPath.slice(1));
  const node = schemaAt(root, tokens.slice(0, -1));
  const segments = pointerTokens(error.instancePath);
  const value = readTokens(data, segments);
  const subject = subjectOf(segments, tokens, root);
  const at = (...more: string[]) => joinPointer(error.instancePath, ...more);
  const invalid = (message: string, pointer = error.instancePath) => ({ code: 'invalid-extension', message, pointer });
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys(isObject(node.properties) ? node.properties : {}).join(', ');
      return { code: 'unknown-extension-key', message: `unknown x-mcp key "${key}" (allowed here: ${allowed})`, pointer: at(key) };
    }
    case 'required':
    case 'dependencies': {
      const missing = String(params.missingProperty);
      return invalid(`${subject}${conditionOf(root, tokens)} needs ${missing}`, at(missing));
    }
    case 'anyOf': {
      const choices = (node.anyOf as { required: string[] }[]).map((branch) => branch.required.join(' and '));
      return invalid(`${subject} needs ${orList(choices)}`);
    }
    case 'propertyNames': {
      const name = String(params.propertyName);
      const format = FORMATS[(node.propertyNames as { format: keyof typeof FORMATS }).format];
      return invalid(`${String(node.title)} name ${JSON.stringify(name)} must be ${format.says}`, at(name));
    }
    case 'format':
      return invalid(`${subject} must be ${FORMATS[params.format as keyof typeof FORMATS].says}, not ${JSON.stringify(value)}`);
    case 'enum':
      return invalid(`${subject} ${JSON.stringify(value)} must be ${orList((params.allowedValues as unknown[]).map(String))}`);
    case 'type':
    case 'minLength':
    case 'exclusiveMinimum':
      return invalid(`${subject} must be ${kindOf(node)}`);
    case 'maxLength':
      return invalid(`${subject} must be at most ${String(params.limit)} characters`);
    case 'minItems':
    case 'minProperties':
      return invalid(`${subject} must not be empty`);
    default:
      return invalid(`${subject} ${error.message ?? 'is not valid'}`);
  }
}

/**
 * How a message names what it is about: `x-mcp <parent> <key>` (`x-mcp pagination style`), or
 * `<title> "<key>"` for an entry of a titled map (`rate-limit module "k8s"`).
 */
function subjectOf(segments: readonly string[], tokens: readonly string[], root: object): string {
  const keys = segments.filter((segment) => !/^\d+$/.test(segment));
  const key = keys[keys.length - 1];
  if (key === undefined) return 'x-mcp';
  // The entry itself (…/additionalProperties/<keyword>) or one of its keys (…/additionalProperties/properties/<key>/<keyword>).
  const owner = tokens.lastIndexOf('additionalProperties');
  const depth = tokens.length - owner;
  const title = owner >= 0 && (depth === 2 || depth === 4) ? schemaAt(root, tokens.slice(0, owner)).title : undefined;
  if (typeof title !== 'string') return `x-mcp ${keys.slice(-2).join(' ')}`;
  return depth === 2 ? `${title} ${JSON.stringify(key)}` : `${title} ${JSON.stringify(keys[keys.length - 2])} ${key}`;
}

/** ` style "cursor"` when a `required` comes from an `if`/`then` on a key's value. */
function conditionOf(root: object, tokens: readonly string[]): string {
  if (tokens[tokens.length - 2] !== 'then') return '';
  const condition = schemaAt(root, [...tokens.slice(0, -2), 'if']).properties;
  const [key, test] = Object.entries(isObject(condition) ? condition : {})[0] ?? [];
  return key && isObject(test) ? ` ${key} ${JSON.stringify(test.const)}` : '';
}

function kindOf(node: Record<string, unknown>): string {
  if (node.type === 'string') return 'a non-empty string';
  if (node.type === 'boolean') return 'true or false';
  if (node.type === 'number') return 'a positive number';
  if (node.type === 'array') return isObject(node.items) && node.items.type === 'string' ? 'a list of strings' : 'a list';
  return 'an object';
}

/** The schema node at a path of tokens; `{}` where there is none. */
function schemaAt(root: object, tokens: readonly string[]): Record<string, unknown> {
  const node = readTokens(root, tokens);
  return isObject(node) ? node : {};
}

function orList(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
