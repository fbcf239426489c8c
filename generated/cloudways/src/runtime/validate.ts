// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/cloudways.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import * as formatsModule from 'ajv-formats';
import type { JsonSchema } from './types.js';

// ajv-formats is CommonJS: its plugin is the module itself or its `default`.
const addFormats = ((formatsModule as unknown as { default?: unknown }).default ?? formatsModule) as (ajv: Ajv2020) => Ajv2020;

const MAX_REPORTED_ERRORS = 5;

export interface ValidationProblem {
  /** Argument path as a model would write it: `body.items[0].name`. */
  readonly argument: string;
  readonly message: string;
}

/**
 * JSON Schema 2020-12 validation of tool arguments (and of responses in strict mode). Each
 * schema compiles once, on its first use, so start-up costs nothing per tool.
 */
export class SchemaValidator {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    this.ajv = new Ajv2020({ allErrors: true, strict: false, logger: false, validateFormats: true });
    addFormats(this.ajv);
  }

  validate(key: string, schema: JsonSchema, value: unknown): ValidationProblem[] {
    let validator = this.compiled.get(key);
    if (!validator) {
      validator = this.ajv.compile(schema);
      this.compiled.set(key, validator);
    }
    if (validator(value)) return [];
    return describeErrors(validator.errors ?? []);
  }
}

export function describeErrors(errors: readonly ErrorObject[]): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const problem = describeError(error);
    const key = `${problem.argument}|${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
    if (problems.length >= MAX_REPORTED_ERRORS) break;
  }
  return problems;
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
      return { argument: base, message: `argument "${base}" must be one of ${JSON.stringify(params.allowedValues)}` };
    default:
      return { argument: base, message: `argument "${base || '(root)'}" ${error.message ?? 'is invalid'}` };
  }
}

function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, token) => (/^\d+$/.test(token) ? `${path}[${token}]` : joinPath(path, token)), '');
}

function joinPath(base: string, token: string): string {
  return base ? `${base}.${token}` : token;
}
