import type { ApiRequest, ArgumentMapping } from './types.js';

type Args = Readonly<Record<string, unknown>>;

/**
 * Turns a tool's flat arguments into the typed request its operation takes. The defaults of a
 * mapping (see ArgumentMapping) are read here and nowhere else.
 */
export function requestFromArguments(mapping: ArgumentMapping | undefined, args: Args): ApiRequest {
  const request: { -readonly [K in keyof ApiRequest]: ApiRequest[K] } = {};
  for (const param of mapping?.params ?? []) {
    const value = readArgument(args, param.argument ?? [param.name]);
    // A location appears in the request only once it has a value.
    if (value !== undefined) ((request[param.in] ??= {}) as Record<string, unknown>)[param.name] = value;
  }
  const body = mapping?.body;
  if (body?.layout === 'nested') {
    if (args[body.argument] !== undefined) request.body = args[body.argument];
  } else if (body?.layout === 'flat') {
    const fields: Record<string, unknown> = {};
    for (const property of body.properties) {
      const { argument, name } = typeof property === 'string' ? { argument: property, name: property } : property;
      if (args[argument] !== undefined) fields[name] = args[argument];
    }
    if (Object.keys(fields).length > 0) request.body = fields;
  }
  return request;
}

function readArgument(args: Args, path: readonly string[]): unknown {
  let current: unknown = args;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
