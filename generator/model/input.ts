/**
 * The tool's input: one flat object of path, query, header and cookie parameters plus the
 * request body's properties. Grouping happens only where names collide: parameters that
 * share a name go under their location (`query`, `header`...), and a body whose fields
 * clash with a parameter goes whole under `body`.
 */
import { pruneExamples } from './examples.js';
import type { SpecParameter } from './parameter.js';
import type { SpecBody } from './request-body.js';
import { BuildSession, type SchemaConverter, shortenDescription } from './schema.js';
import { argumentNameFor } from './naming.js';
import { shareRepeatedSubschemas } from './shared-subschemas.js';
import type { BodyModel, JsonSchema, ParamModel } from './types.js';
import type { Json } from '../json.js';

export interface ExtraArgument {
  readonly name: string;
  readonly required: boolean;
  readonly schema: JsonSchema;
}

export function buildInput(
  parameters: readonly SpecParameter[],
  body: SpecBody | undefined,
  extras: readonly ExtraArgument[],
  converter: SchemaConverter,
) {
  const session = new BuildSession(converter);
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const params: ParamModel[] = [];

  const argumentNames = parameters.map((parameter) => argumentNameFor(parameter.name));
  const groups = new Map<string, { properties: Record<string, JsonSchema>; required: string[] }>();

  for (const parameter of parameters) {
    const argument = argumentNameFor(parameter.name);
    const schema = describe(session.convert(parameter.schema, 0), parameter.description, parameter.example, parameter.deprecated);
    const base = {
      explode: parameter.explode,
      in: parameter.in,
      name: parameter.name,
      required: parameter.required,
      style: parameter.style,
    };
    if (argumentNames.indexOf(argument) !== argumentNames.lastIndexOf(argument)) {
      const group = groups.get(parameter.in) ?? { properties: {}, required: [] };
      groups.set(parameter.in, group);
      group.properties[argument] = schema;
      if (parameter.required) group.required.push(argument);
      params.push({ ...base, argument: [parameter.in, argument] });
    } else {
      properties[argument] = schema;
      if (parameter.required) required.push(argument);
      params.push({ ...base, argument: [argument] });
    }
  }
  for (const [location, group] of groups) {
    properties[location] = {
      type: 'object',
      description: `${location} parameters whose names repeat elsewhere in this tool`,
      properties: group.properties,
      ...(group.required.length > 0 ? { required: group.required } : {}),
      additionalProperties: false,
    };
    if (group.required.length > 0) required.push(location);
  }

  const taken = new Set([...Object.keys(properties), ...extras.map((extra) => extra.name)]);
  let bodyModel: BodyModel | undefined;
  if (body) {
    const flat = body.properties?.map((property) => ({ ...property, argument: argumentNameFor(property.name) }));
    const collides =
      !flat ||
      flat.some((property) => taken.has(property.argument)) ||
      new Set(flat.map((property) => property.argument)).size !== flat.length;
    if (flat && !collides) {
      // An optional body whose fields say "required" still needs them whenever it is sent,
      // and specs often forget `requestBody.required`; only an explicit `false` relaxes it.
      for (const property of flat) {
        properties[property.argument] = session.convert(property.schema, 0);
        if (property.required && !body.explicitlyOptional) required.push(property.argument);
      }
      bodyModel = {
        layout: 'flat',
        mediaType: body.mediaType,
        properties: flat.map((property) => ({ argument: property.argument, name: property.name })),
        required: body.required,
      };
    } else {
      const argument = taken.has('body') ? 'request_body' : 'body';
      properties[argument] = describe(session.convert(body.schema, 0), body.description ?? 'Request body', undefined, false);
      if (body.required) required.push(argument);
      bodyModel = { argument, layout: 'nested', mediaType: body.mediaType, required: body.required };
    }
  }

  for (const extra of extras) {
    properties[extra.name] = extra.schema;
    if (extra.required) required.push(extra.name);
  }

  const schema = shareRepeatedSubschemas(
    session.withDefs({
      type: 'object',
      properties,
      ...(required.length > 0 ? { required: [...new Set(required)] } : {}),
      additionalProperties: false,
    }),
  );
  return { body: bodyModel, params, schema };
}

function describe(schema: JsonSchema, description: string | undefined, example: unknown, deprecated: boolean): JsonSchema {
  if (typeof schema === 'boolean') return schema;
  const result: Json = { ...schema };
  if (description) result.description = shortenDescription(description);
  if (deprecated) result.deprecated = true;
  // Examples earn their bytes for strings (ids, formats); numbers and flags explain themselves.
  if (typeof example === 'string' && result.examples === undefined) result.examples = [example];
  pruneExamples(result);
  return result;
}
