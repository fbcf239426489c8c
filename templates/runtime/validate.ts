import { createRequire } from 'node:module';
import type * as Ajv2020Module from 'ajv/dist/2020.js';
import type { Ajv2020, ErrorObject } from 'ajv/dist/2020.js';
import { escapeToken, pointerTokens } from './json-pointer.js';
import { linearRegExp } from './linear-pattern.js';
import { textError, type ToolResult } from './results.js';
import type { JsonSchema } from './types.js';

const MAX_REPORTED_ERRORS = 5;

export interface ValidationProblem {
  /** Argument path as a model would write it: `body.items[0].name`. */
  readonly argument: string;
  readonly message: string;
}

/**
 * What a tool call is answered when its arguments are not what the tool's input schema says (one
 * message naming each argument), or nothing when they are; `key` names the compiled schema.
 */
export function argumentsRefusal(
  validator: SchemaValidator,
  key: string,
  name: string,
  schema: JsonSchema,
  args: unknown,
): ToolResult | undefined {
  if (!isPlainObject(args)) return textError(`Tool ${name} takes an object of arguments.`);
  const problems = validator.validate(key, schema, args);
  if (problems.length === 0) return undefined;
  return textError(`Invalid arguments for ${name}: ${problems.map((problem) => problem.message).join('; ')}.`);
}

/** A compiled schema: every error it finds in a value (none when the value conforms). */
export type SchemaCheck = (value: unknown) => readonly ErrorObject[];

const NO_ERRORS: readonly ErrorObject[] = [];

/**
 * JSON Schema 2020-12 validation of tool arguments (and of responses in strict mode). Each
 * schema compiles once, on its first use, so start-up costs nothing per tool. Schemas made only
 * of type, properties, required, additionalProperties: boolean, items and annotations (every
 * argument-free tool, most simple responses) are checked by a small validator that reports what
 * Ajv would, in Ajv's order; anything else goes to Ajv, which is loaded on the first such schema.
 * A session whose calls need only the small validator never loads Ajv: a faster first call and
 * about 11 MB less (Cloudron: 124 of 240 tools; no Stripe tool. ARCHITECTURE.md).
 */
export class SchemaValidator {
  private ajv: Ajv2020 | undefined;
  private readonly compiled = new Map<string, SchemaCheck>();

  validate(key: string, schema: JsonSchema, value: unknown): ValidationProblem[] {
    const errors = this.errors(key, schema, value);
    return errors.length === 0 ? [] : describeErrors(errors);
  }

  /** Every error (Ajv's shape, JSON pointers), for callers that act on each one. */
  errors(key: string, schema: JsonSchema, value: unknown): readonly ErrorObject[] {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.compile(schema);
      this.compiled.set(key, validate);
    }
    return validate(value);
  }

  private compile(schema: JsonSchema): SchemaCheck {
    const simple = compileSimple(schema);
    if (simple) {
      return (value) => {
        const errors: ErrorObject[] = [];
        simple(value, '', errors);
        return errors;
      };
    }
    this.ajv ??= createAjv();
    const validator = this.ajv.compile(schema);
    return (value) => (validator(value) ? NO_ERRORS : (validator.errors ?? NO_ERRORS));
  }
}

/** Ajv and ajv-formats (CommonJS), loaded on first use: ~30 ms and ~9 MB a server may never need. */
function createAjv(): Ajv2020 {
  const require = createRequire(import.meta.url);
  const { Ajv2020: AjvClass } = require('ajv/dist/2020.js') as typeof Ajv2020Module;
  // ajv-formats' plugin is the module itself or its `default`.
  const formatsModule = require('ajv-formats') as { default?: unknown };
  const addFormats = (formatsModule.default ?? formatsModule) as (ajv: Ajv2020) => Ajv2020;
  // Patterns run on RE2 (linear time): a spec's `^(a+)+$` must not let one argument stall every caller.
  const ajv = new AjvClass({ allErrors: true, code: { regExp: linearRegExp }, strict: false, logger: false, validateFormats: true });
  addFormats(ajv);
  ajv.removeKeyword('pattern');
  ajv.addKeyword({ keyword: 'pattern', type: 'string', schemaType: 'string', compile: lengthFirstPattern });
  return ajv;
}

type PatternValidate = ((data: string) => boolean) & { errors?: Partial<ErrorObject>[] };

/**
 * `pattern` as Ajv checks it, but only on strings within the schema's `maxLength`: a longer one
 * already fails there, and running the pattern on it would only spend the shared event loop.
 */
function lengthFirstPattern(source: string, parent: Record<string, unknown>): PatternValidate {
  const pattern = linearRegExp(source, 'u');
  const limit = typeof parent.maxLength === 'number' ? parent.maxLength : Infinity;
  const validate: PatternValidate = (data) => {
    if (data.length > limit || pattern.test(data)) return true;
    validate.errors = [{ keyword: 'pattern', message: `must match pattern "${source}"`, params: { pattern: source } }];
    return false;
  };
  return validate;
}

/** Checks a value at `path` (a JSON pointer), appending Ajv-shaped errors in Ajv's allErrors order. */
export type SimpleCheck = (value: unknown, path: string, errors: ErrorObject[]) => void;

const TYPES = new Set(['array', 'boolean', 'integer', 'null', 'number', 'object', 'string']);
const isString = (value: unknown) => typeof value === 'string';
const isBoolean = (value: unknown) => typeof value === 'boolean';
/** Keywords Ajv does not validate against data, with the value types its meta-schema accepts. */
const ANNOTATIONS = new Map<string, (value: unknown) => boolean>([
  ['$comment', isString],
  ['default', () => true],
  ['deprecated', isBoolean],
  ['description', isString],
  ['example', () => true],
  ['examples', Array.isArray],
  ['readOnly', isBoolean],
  ['title', isString],
  ['writeOnly', isBoolean],
]);

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function hasType(type: string, value: unknown): boolean {
  // What Ajv's generated code tests with strictNumbers off (strict: false).
  switch (type) {
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isPlainObject(value);
    case 'integer':
      return typeof value === 'number' && !(value % 1) && !Number.isNaN(value);
    default:
      return typeof value === type;
  }
}

/**
 * A validator for the subset of JSON Schema above, or undefined when the schema uses anything
 * else (or is one Ajv would refuse to compile): that schema is Ajv's.
 */
export function compileSimple(schema: unknown, schemaPath = '#'): SimpleCheck | undefined {
  if (!isPlainObject(schema)) return undefined;
  let type: string | undefined;
  const properties: [string, string, SimpleCheck][] = [];
  let required: readonly string[] = [];
  let additional: boolean | undefined;
  let items: SimpleCheck | undefined;
  for (const [keyword, value] of Object.entries(schema)) {
    switch (keyword) {
      case 'type':
        if (typeof value !== 'string' || !TYPES.has(value)) return undefined;
        type = value;
        break;
      case 'properties':
        if (!isPlainObject(value)) return undefined;
        for (const [name, subschema] of Object.entries(value)) {
          if (name === '__proto__') return undefined;
          const check = compileSimple(subschema, `${schemaPath}/properties/${escapeToken(name)}`);
          if (!check) return undefined;
          properties.push([name, `/${escapeToken(name)}`, check]);
        }
        break;
      case 'required':
        if (!Array.isArray(value) || !value.every(isString) || new Set(value).size !== value.length) return undefined;
        required = value as string[];
        break;
      case 'additionalProperties':
        if (typeof value !== 'boolean') return undefined;
        additional = value;
        break;
      case 'items':
        items = compileSimple(value, `${schemaPath}/items`);
        if (!items) return undefined;
        break;
      default: {
        if (keyword.startsWith('x-')) break;
        const accepts = ANNOTATIONS.get(keyword);
        if (!accepts?.(value)) return undefined;
      }
    }
  }
  const objectKeywords = Object.hasOwn(schema, 'properties') || Object.hasOwn(schema, 'required') || additional !== undefined;
  // Keywords for another type than the declared one interleave differently in Ajv: leave them to it.
  if (objectKeywords && items) return undefined;
  if (type !== undefined && ((objectKeywords && type !== 'object') || (items && type !== 'array'))) return undefined;
  const known = new Set(properties.map(([name]) => name));
  const closed = additional === false;
  return (value, path, errors) => {
    if (type !== undefined && !hasType(type, value)) {
      errors.push({ instancePath: path, schemaPath: `${schemaPath}/type`, keyword: 'type', params: { type }, message: `must be ${type}` });
      return;
    }
    if (objectKeywords && isPlainObject(value)) {
      // Ajv's order: required, additionalProperties, then each property's own problems.
      for (const name of required) {
        if (value[name] === undefined) {
          errors.push({
            instancePath: path,
            schemaPath: `${schemaPath}/required`,
            keyword: 'required',
            params: { missingProperty: name },
            message: `must have required property '${name}'`,
          });
        }
      }
      if (closed) {
        for (const key in value) {
          if (!known.has(key)) {
            errors.push({
              instancePath: path,
              schemaPath: `${schemaPath}/additionalProperties`,
              keyword: 'additionalProperties',
              params: { additionalProperty: key },
              message: 'must NOT have additional properties',
            });
          }
        }
      }
      for (const [name, pointer, check] of properties) {
        const item = value[name];
        if (item !== undefined) check(item, `${path}${pointer}`, errors);
      }
    }
    if (items && Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) items(value[index], `${path}/${index}`, errors);
    }
  };
}

export function describeErrors(errors: readonly ErrorObject[]): ValidationProblem[] {
  // keyed by what the model reads: errors that say the same thing are named once
  const problems = new Map<string, ValidationProblem>();
  for (const error of errors) {
    if (problems.size >= MAX_REPORTED_ERRORS) break;
    const problem = describeError(error);
    problems.set(`${problem.argument}|${problem.message}`, problem);
  }
  return [...problems.values()];
}

function describeError(error: ErrorObject): ValidationProblem {
  const base = pointerToPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const argument = joinPath(base, String(params.missingProperty));
      return { argument, message: `missing required argument "${argument}"` };
    }
    case 'additionalProperties': {
      const argument = joinPath(base, String(params.additionalProperty));
      return { argument, message: `unknown argument "${argument}"` };
    }
    case 'enum':
      return { argument: base, message: `argument "${base}" must be one of ${listAllowed(params.allowedValues)}` };
    default:
      return { argument: base, message: `argument "${base || '(root)'}" ${error.message ?? 'is invalid'}` };
  }
}

/** Most enum values named in an error: some enums have hundreds, and the schema has them all. */
const MAX_LISTED_VALUES = 20;

function listAllowed(values: unknown): string {
  if (!Array.isArray(values) || values.length <= MAX_LISTED_VALUES) return JSON.stringify(values);
  const shown = JSON.stringify(values.slice(0, MAX_LISTED_VALUES)).slice(0, -1);
  return `${shown}, … ${values.length - MAX_LISTED_VALUES} more] (all ${values.length} are in the tool's inputSchema)`;
}

function pointerToPath(pointer: string): string {
  return pointerTokens(pointer).reduce((path, token) => (/^\d+$/.test(token) ? `${path}[${token}]` : joinPath(path, token)), '');
}

function joinPath(base: string, token: string): string {
  return base ? `${base}.${token}` : token;
}
