/**
 * Operation Object (OAS 3.1 §4.8.10) → ToolModel.
 * @see https://spec.openapis.org/oas/v3.1.0#operation-object
 */
import type { IssueList } from '../issues.js';
import { globMatches, resolveAnnotations } from './annotations.js';
import type { OperationExtension, RootExtension } from './extensions.js';
import { buildInput, type ExtraArgument } from './input.js';
import { fileSegment, kebabCase } from './naming.js';
import { collectParameters, type SpecParameter } from './parameter.js';
import { pickRequestBody } from './request-body.js';
import { buildOutput, successResponses } from './response.js';
import { type SchemaConverter, shortenDescription } from './schema.js';
import type { PaginationDefinition, SecurityRequirement, ToolControls } from '../../templates/runtime/types.js';
import type { HttpMethod, JsonSchema, ToolAnnotations, ToolModel } from './types.js';
import { type Json, isObject } from '../json.js';

const MAX_TOOL_DESCRIPTION = 600;

/** One operation found in `paths`, with the name it will get. */
export interface OperationDraft {
  readonly extension: OperationExtension;
  readonly identifier: string;
  readonly method: HttpMethod;
  readonly name: string;
  readonly operation: Json;
  readonly pathExtension: OperationExtension;
  readonly pathItem: Json;
  readonly pointer: string;
  readonly route: string;
}

export interface OperationContext {
  readonly converter: SchemaConverter;
  readonly defaultSecurity: unknown;
  readonly issues: IssueList;
  readonly root: RootExtension;
  readonly serverArguments: readonly ExtraArgument[];
  /** The poll operation's tool name, so it is never itself treated as a task starter. */
  readonly taskPollTool?: string;
}

export function buildTool(draft: OperationDraft, context: OperationContext): ToolModel {
  const { converter, issues, root } = context;
  const { operation, method, route, pointer } = draft;

  const annotations = resolveAnnotations(method, [
    ...root.annotations
      .filter((entry) => globMatches(entry.glob, method, route))
      .slice(0, 1)
      .map((entry) => entry.hints),
    draft.pathExtension.annotations,
    draft.extension.annotations,
  ]);
  const security = securityOf(operation.security ?? context.defaultSecurity);
  const parameters = collectParameters(draft.pathItem, operation, route, pointer, converter, issues);
  const body = pickRequestBody(operation, converter);
  const output = buildOutput(operation, converter, root.envelope);
  const tags = Array.isArray(operation.tags) ? operation.tags.map(String) : [];
  const pagination = paginationOf(draft, parameters, root);
  // A read that reports a task id (an app's current task) does not start one; x-mcp task can still say it does.
  const startsTask =
    root.tasks !== undefined &&
    (draft.extension.task ??
      (!annotations.readOnlyHint && draft.name !== context.taskPollTool && answersTaskId(operation, root, converter)));
  const confirm = draft.extension.confirm ?? draft.pathExtension.confirm ?? annotations.destructiveHint;
  const taken = new Set([...parameters.map((parameter) => parameter.name), ...(body?.properties?.map((property) => property.name) ?? [])]);
  const controls = controlArguments({ confirm, pagination: pagination !== undefined, startsTask }, taken, context.taskPollTool);
  const input = buildInput(parameters, body, [...context.serverArguments, ...controls.arguments], converter);
  const summary = typeof operation.summary === 'string' ? operation.summary.trim() : '';

  return {
    annotations,
    body: input.body,
    confirm,
    controls: controls.names,
    deprecated: operation.deprecated === true,
    description: describeTool(operation, summary, method, route) + controls.hints,
    group: fileSegment(kebabCase(tags[0] ?? '') || 'default'),
    identifier: draft.identifier,
    inputSchema: input.schema,
    keywords: [...new Set([...draft.pathExtension.keywords, ...draft.extension.keywords])],
    method,
    name: draft.name,
    operationId: typeof operation.operationId === 'string' ? operation.operationId : undefined,
    output,
    pagination,
    params: input.params,
    path: route,
    pointer,
    scope: draft.extension.scope ?? draft.pathExtension.scope ?? scopeOf(security, root.readScopes, annotations),
    security,
    serverUrl: firstServerUrl(operation.servers),
    startsTask,
    tags,
    title: summary ? shortenDescription(summary, 120) : draft.name,
  };
}

/**
 * The arguments the runtime reads itself. Each keeps its plain name unless the operation
 * already has a parameter of that name, in which case it gets a leading underscore.
 */
function controlArguments(
  needs: { confirm: boolean; pagination: boolean; startsTask: boolean },
  taken: ReadonlySet<string>,
  pollTool: string | undefined,
): { arguments: ExtraArgument[]; hints: string; names: ToolControls } {
  const names: { confirm?: string; maxItems?: string; wait?: string } = {};
  const extras: ExtraArgument[] = [];
  const hints: string[] = [];
  const add = (wanted: string, schema: JsonSchema) => {
    const name = taken.has(wanted) ? `_${wanted}` : wanted;
    extras.push({ name, required: false, schema });
    return name;
  };
  if (needs.startsTask) {
    names.wait = add('wait', {
      type: 'boolean',
      description: 'Wait (bounded) for the task to finish, with progress; returns its final state.',
    });
    // The one sentence about the task: a spec's description need not (and should not) say it again.
    hints.push(`Starts a long-running task: pass ${names.wait}: true to wait for it, or follow it with ${pollTool ?? 'the task tool'}.`);
  }
  if (needs.pagination) {
    const description = 'Collect pages until this many items; says if more remain.';
    names.maxItems = add('max_items', { type: 'integer', minimum: 1, maximum: 1000, description });
  }
  if (needs.confirm) {
    names.confirm = add('confirm', { type: 'boolean', description: 'true once the user agreed to this destructive action.' });
    hints.push(`Destructive: ask the user first, then call with ${names.confirm}: true.`);
  }
  return { arguments: extras, hints: hints.length > 0 ? ` ${hints.join(' ')}` : '', names };
}

function describeTool(operation: Json, summary: string, method: string, route: string): string {
  const text = typeof operation.description === 'string' && operation.description.trim() !== '' ? operation.description : summary;
  const described = shortenDescription(text || `${method} ${route}`, MAX_TOOL_DESCRIPTION);
  return operation.deprecated === true ? `Deprecated. ${described}` : described;
}

function securityOf(value: unknown): SecurityRequirement[][] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((requirement): requirement is Json => requirement !== null && typeof requirement === 'object')
    .map((requirement) =>
      Object.entries(requirement).map(([scheme, scopes]) => ({ scheme, scopes: Array.isArray(scopes) ? scopes.map(String) : [] })),
    );
}

/** Declared scopes decide when they exist; otherwise what the method promises. */
function scopeOf(security: SecurityRequirement[][], readScopes: readonly string[], annotations: ToolAnnotations): 'read' | 'write' {
  const scopes = security.flat().flatMap((requirement) => requirement.scopes);
  if (readScopes.length > 0 && scopes.length > 0) return scopes.every((scope) => readScopes.includes(scope)) ? 'read' : 'write';
  return annotations.readOnlyHint ? 'read' : 'write';
}

function paginationOf(draft: OperationDraft, parameters: readonly SpecParameter[], root: RootExtension): PaginationDefinition | undefined {
  const explicit = draft.extension.pagination ?? draft.pathExtension.pagination;
  if (explicit !== undefined) return explicit || undefined;
  const query = new Set(parameters.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name));
  return root.pagination.find((candidate) => {
    const control =
      candidate.style === 'page' ? candidate.pageParam : candidate.style === 'offset' ? candidate.offsetParam : candidate.cursorParam;
    return control !== undefined && query.has(control);
  });
}

function answersTaskId(operation: Json, root: RootExtension, converter: SchemaConverter): boolean {
  const field = root.tasks?.idPath.split('/')[1];
  if (!field) return false;
  return successResponses(operation, converter).some(({ response }) => {
    const content = isObject(response.content) ? Object.values(response.content) : [];
    return content.some((media) => {
      const schema = isObject(media) ? converter.resolve(media.schema) : undefined;
      return isObject(schema) && isObject(schema.properties) && field in schema.properties;
    });
  });
}

function firstServerUrl(servers: unknown): string | undefined {
  if (!Array.isArray(servers)) return undefined;
  const first = servers[0];
  if (!isObject(first) || typeof first.url !== 'string') return undefined;
  const protocol = URL.canParse(first.url) ? new URL(first.url).protocol : undefined;
  return protocol === 'http:' || protocol === 'https:' ? first.url : undefined;
}
