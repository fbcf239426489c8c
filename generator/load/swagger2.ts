/**
 * Converts a bundled Swagger 2.0 document to OpenAPI 3.0 so that later stages (and
 * openapi-typescript, which reads only 3.x) see one shape.
 * @see https://swagger.io/specification/v2/ and https://spec.openapis.org/oas/v3.0.3
 */

import { PATH_ITEM_METHODS } from '../http-methods.js';
import type { Json } from '../json.js';

const PARAMETER_SCHEMA_KEYS = [
  'type',
  'format',
  'items',
  'enum',
  'default',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'multipleOf',
] as const;

/** Swagger 2.0 path items have no `trace`. */
const HTTP_METHODS = PATH_ITEM_METHODS.filter((method) => method !== 'trace');

export function convertSwagger2(source: Json): Json {
  const doc = rewriteRefs(structuredClone(source)) as Json;
  const globalConsumes = asStrings(doc.consumes) ?? ['application/json'];
  const globalProduces = asStrings(doc.produces) ?? ['application/json'];
  const globalParameters = (doc.parameters ?? {}) as Record<string, Json>;

  const components: Json = {};
  if (doc.definitions) components.schemas = mapValues(doc.definitions as Json, (schema) => convertSchema(schema as Json));
  const componentParameters = Object.fromEntries(
    Object.entries(globalParameters)
      .filter(([, parameter]) => parameter.in !== 'body' && parameter.in !== 'formData')
      .map(([name, parameter]) => [name, convertParameter(parameter)]),
  );
  if (Object.keys(componentParameters).length > 0) components.parameters = componentParameters;
  if (doc.responses) {
    components.responses = mapValues(doc.responses as Json, (response) => convertResponse(response as Json, globalProduces));
  }
  if (doc.securityDefinitions) {
    components.securitySchemes = mapValues(doc.securityDefinitions as Json, (scheme) => convertSecurityScheme(scheme as Json));
  }

  const paths: Json = {};
  for (const [route, rawItem] of Object.entries((doc.paths ?? {}) as Json)) {
    // Anything but an object is kept as is, for validation to report where it is.
    if (!isPlainObject(rawItem)) {
      paths[route] = rawItem;
      continue;
    }
    const item = rawItem;
    const converted: Json = {};
    const shared = (item.parameters ?? []) as Json[];
    const sharedPlain = shared.map((p) => resolveParameter(p, globalParameters)).filter((p) => !isBodyLike(p));
    if (sharedPlain.length > 0) converted.parameters = sharedPlain.map(convertParameterOrRef);
    for (const [key, value] of Object.entries(item)) {
      if (key.startsWith('x-')) converted[key] = value;
    }
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation === undefined) continue;
      if (!isPlainObject(operation)) {
        converted[method] = operation;
        continue;
      }
      converted[method] = convertOperation(operation, shared, globalParameters, globalConsumes, globalProduces);
    }
    paths[route] = converted;
  }

  const result: Json = {
    openapi: '3.0.3',
    info: doc.info ?? { title: 'API', version: '0.0.0' },
    servers: [{ url: serverUrl(doc) }],
    paths,
  };
  if (Object.keys(components).length > 0) result.components = components;
  for (const key of ['security', 'tags', 'externalDocs']) if (doc[key] !== undefined) result[key] = doc[key];
  for (const [key, value] of Object.entries(doc)) if (key.startsWith('x-')) result[key] = value;
  return result;
}

function serverUrl(doc: Json): string {
  const basePath = typeof doc.basePath === 'string' ? doc.basePath : '';
  if (typeof doc.host !== 'string') return basePath || '/';
  const schemes = asStrings(doc.schemes) ?? ['https'];
  const scheme = schemes.includes('https') ? 'https' : (schemes[0] ?? 'https');
  return `${scheme}://${doc.host}${basePath}`;
}

function convertOperation(
  operation: Json,
  sharedParameters: Json[],
  globalParameters: Record<string, Json>,
  globalConsumes: string[],
  globalProduces: string[],
): Json {
  const consumes = asStrings(operation.consumes) ?? globalConsumes;
  const produces = asStrings(operation.produces) ?? globalProduces;
  const own = (operation.parameters ?? []) as Json[];
  const ownResolved = own.map((p) => resolveParameter(p, globalParameters));
  const sharedResolved = sharedParameters.map((p) => resolveParameter(p, globalParameters));
  const overridden = new Set(ownResolved.map((p) => `${p.in}:${p.name}`));
  const all = [...sharedResolved.filter((p) => !overridden.has(`${p.in}:${p.name}`)), ...ownResolved];

  const result: Json = {};
  for (const [key, value] of Object.entries(operation)) {
    if (key === 'parameters' || key === 'responses' || key === 'consumes' || key === 'produces' || key === 'schemes') continue;
    result[key] = value;
  }
  const plain = own.filter((_parameter, index) => !isBodyLike(ownResolved[index] as Json));
  if (plain.length > 0) result.parameters = plain.map(convertParameterOrRef);

  const body = all.find((p) => p.in === 'body');
  const formFields = all.filter((p) => p.in === 'formData');
  if (body) {
    const schema = convertSchema((body.schema ?? {}) as Json);
    result.requestBody = {
      required: body.required === true,
      ...(typeof body.description === 'string' ? { description: body.description } : {}),
      content: Object.fromEntries(jsonFirst(consumes).map((type) => [type, { schema }])),
    };
  } else if (formFields.length > 0) {
    const hasFile = formFields.some((p) => p.type === 'file');
    const mediaType = hasFile || consumes.includes('multipart/form-data') ? 'multipart/form-data' : 'application/x-www-form-urlencoded';
    const required = formFields.filter((p) => p.required === true).map((p) => String(p.name));
    const properties = Object.fromEntries(formFields.map((p) => [String(p.name), parameterSchema(p)]));
    result.requestBody = {
      required: required.length > 0,
      content: { [mediaType]: { schema: { type: 'object', properties, ...(required.length > 0 ? { required } : {}) } } },
    };
  }

  result.responses = mapValues((operation.responses ?? {}) as Json, (response) => convertResponse(response as Json, produces));
  return result;
}

function jsonFirst(types: string[]): string[] {
  const json = types.filter((type) => /json/i.test(type));
  return json.length > 0 ? json.slice(0, 1) : types.slice(0, 1);
}

function resolveParameter(parameter: Json, globals: Record<string, Json>): Json {
  const ref = parameter.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/components/parameters/')) {
    return globals[decodeURIComponent(ref.slice('#/components/parameters/'.length))] ?? parameter;
  }
  return parameter;
}

function isBodyLike(parameter: Json): boolean {
  return parameter.in === 'body' || parameter.in === 'formData';
}

function convertParameterOrRef(parameter: Json): Json {
  return typeof parameter.$ref === 'string' ? parameter : convertParameter(parameter);
}

function convertParameter(parameter: Json): Json {
  const result: Json = { name: parameter.name, in: parameter.in };
  if (parameter.description !== undefined) result.description = parameter.description;
  if (parameter.required !== undefined || parameter.in === 'path') result.required = parameter.in === 'path' ? true : parameter.required;
  if (parameter.deprecated !== undefined) result.deprecated = parameter.deprecated;
  result.schema = parameterSchema(parameter);
  const format = parameter.collectionFormat;
  if (parameter.type === 'array') {
    if (format === 'multi') Object.assign(result, { style: 'form', explode: true });
    else if (format === 'ssv') Object.assign(result, { style: 'spaceDelimited', explode: false });
    else if (format === 'pipes') Object.assign(result, { style: 'pipeDelimited', explode: false });
    else Object.assign(result, { style: parameter.in === 'query' || parameter.in === 'cookie' ? 'form' : 'simple', explode: false });
  }
  for (const [key, value] of Object.entries(parameter)) if (key.startsWith('x-')) result[key] = value;
  return result;
}

function parameterSchema(parameter: Json): Json {
  if (parameter.type === 'file') return { type: 'string', format: 'binary' };
  const schema: Json = {};
  for (const key of PARAMETER_SCHEMA_KEYS) if (parameter[key] !== undefined) schema[key] = parameter[key];
  if (schema.items) schema.items = convertSchema(schema.items as Json);
  if (parameter['x-nullable'] === true) schema.nullable = true;
  if (parameter.description !== undefined && parameter.in === 'formData') schema.description = parameter.description;
  return schema;
}

function convertResponse(response: Json, produces: string[]): Json {
  if (typeof response.$ref === 'string') return response;
  const result: Json = { description: response.description ?? '' };
  if (response.schema) {
    const schema = convertSchema(response.schema as Json);
    const examples = (response.examples ?? {}) as Json;
    const types = produces.length > 0 ? jsonFirst(produces) : ['application/json'];
    result.content = Object.fromEntries(
      types.map((type) => [type, { schema, ...(examples[type] !== undefined ? { example: examples[type] } : {}) }]),
    );
  }
  if (response.headers) {
    result.headers = mapValues(response.headers as Json, (header) => {
      const { description, ...schema } = header as Json;
      return { ...(description !== undefined ? { description } : {}), schema };
    });
  }
  return result;
}

function convertSecurityScheme(scheme: Json): Json {
  switch (scheme.type) {
    case 'basic':
      return { type: 'http', scheme: 'basic', ...(scheme.description ? { description: scheme.description } : {}) };
    case 'apiKey':
      return { type: 'apiKey', name: scheme.name, in: scheme.in, ...(scheme.description ? { description: scheme.description } : {}) };
    case 'oauth2': {
      const flowName =
        (
          { implicit: 'implicit', password: 'password', application: 'clientCredentials', accessCode: 'authorizationCode' } as Record<
            string,
            string
          >
        )[String(scheme.flow)] ?? 'implicit';
      const flow: Json = { scopes: scheme.scopes ?? {} };
      if (scheme.authorizationUrl) flow.authorizationUrl = scheme.authorizationUrl;
      if (scheme.tokenUrl) flow.tokenUrl = scheme.tokenUrl;
      return { type: 'oauth2', flows: { [flowName]: flow } };
    }
    default:
      return scheme;
  }
}

/** Swagger 2.0 schema dialect to OpenAPI 3.0: x-nullable, file type, string discriminators. */
function convertSchema(schema: Json): Json {
  if (schema === null || typeof schema !== 'object') return schema;
  if (Array.isArray(schema)) return schema.map((item) => convertSchema(item as Json)) as unknown as Json;
  const result: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'x-nullable') {
      if (value === true) result.nullable = true;
    } else if (key === 'discriminator' && typeof value === 'string') {
      result.discriminator = { propertyName: value };
    } else if (key === 'type' && value === 'file') {
      result.type = 'string';
      result.format = 'binary';
    } else if (key === 'properties' || key === 'definitions' || key === 'patternProperties') {
      result[key] = mapValues(value as Json, (child) => convertSchema(child as Json));
    } else if (
      typeof value === 'object' &&
      value !== null &&
      !key.startsWith('x-') &&
      key !== 'example' &&
      key !== 'enum' &&
      key !== 'default' &&
      key !== 'required'
    ) {
      result[key] = convertSchema(value as Json);
    } else {
      result[key] = value;
    }
  }
  return result;
}

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node === null || typeof node !== 'object') return node;
  const result: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') {
      result[key] = value
        .replace(/^#\/definitions\//, '#/components/schemas/')
        .replace(/^#\/parameters\//, '#/components/parameters/')
        .replace(/^#\/responses\//, '#/components/responses/');
    } else {
      result[key] = rewriteRefs(value);
    }
  }
  return result;
}

function mapValues(object: Json, map: (value: unknown) => unknown): Json {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, map(value)]));
}

function asStrings(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.length > 0 ? value.map(String) : undefined;
}

function isPlainObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
