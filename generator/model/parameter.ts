/**
 * Parameter Objects (OAS 3.1 §4.8.12): path-item and operation parameters merged, `$ref`s
 * resolved, and the ones the runtime sets itself left out.
 * @see https://spec.openapis.org/oas/v3.1.0#parameter-object
 */
import { paramStyle } from '../../templates/runtime/request.js';
import { type IssueList, joinPointer } from '../issues.js';
import type { SchemaConverter } from './schema.js';
import type { ParamLocation } from './types.js';
import { type Json, isObject } from '../json.js';

export interface SpecParameter {
  readonly deprecated: boolean;
  readonly description?: string;
  readonly example?: unknown;
  readonly explode: boolean;
  readonly in: ParamLocation;
  readonly name: string;
  readonly required: boolean;
  /** The raw (unconverted) schema node. */
  readonly schema: unknown;
  readonly style: string;
}

/** OAS 3.1 §4.8.12.1: these header parameters are ignored; the runtime sets them. */
const RUNTIME_HEADERS = new Set(['accept', 'content-type', 'authorization']);

export function collectParameters(
  pathItem: Json,
  operation: Json,
  route: string,
  pointer: string,
  converter: SchemaConverter,
  issues: IssueList,
): SpecParameter[] {
  const byKey = new Map<string, SpecParameter>();
  const add = (list: unknown, listPointer: string) => {
    if (!Array.isArray(list)) return;
    list.forEach((raw, index) => {
      const resolved = converter.resolve(raw);
      if (!isObject(resolved) || typeof resolved.name !== 'string') {
        return issues.warn('unresolved-parameter', joinPointer(listPointer, index), 'parameter could not be resolved; it is left out');
      }
      const location = resolved.in as ParamLocation;
      if (location === 'header' && RUNTIME_HEADERS.has(resolved.name.toLowerCase())) return;
      byKey.set(`${location}:${resolved.name}`, toParameter(resolved, location));
    });
  };
  add(pathItem.parameters, joinPointer(pointer.slice(0, pointer.lastIndexOf('/')), 'parameters'));
  add(operation.parameters, joinPointer(pointer, 'parameters'));

  for (const match of route.matchAll(/\{([^}]+)\}/g)) {
    const name = match[1] ?? '';
    if (!byKey.has(`path:${name}`)) {
      issues.warn(
        'undeclared-path-parameter',
        pointer,
        `path "${route}" uses {${name}} but declares no such path parameter; it is added as a required string`,
      );
      byKey.set(`path:${name}`, toParameter({ name, schema: { type: 'string' } }, 'path'));
    }
  }
  return [...byKey.values()];
}

function toParameter(raw: Json, location: ParamLocation): SpecParameter {
  // A parameter described by `content` instead: its one media type's schema.
  const media = isObject(raw.content) ? Object.values(raw.content)[0] : undefined;
  const schema = raw.schema ?? (isObject(media) ? media.schema : undefined) ?? {};
  const { explode, style } = paramStyle({
    explode: typeof raw.explode === 'boolean' ? raw.explode : undefined,
    in: location,
    style: typeof raw.style === 'string' ? raw.style : undefined,
  });
  return {
    deprecated: raw.deprecated === true,
    description: typeof raw.description === 'string' ? raw.description : undefined,
    example: raw.example,
    explode,
    in: location,
    name: raw.name as string,
    required: location === 'path' || raw.required === true,
    schema,
    style,
  };
}
