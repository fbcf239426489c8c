import path from 'node:path';
import { STATUS_TOOL_NAMES } from '../../templates/runtime/types.js';
import { SpecValidationError } from '../errors.js';
import { PATH_ITEM_METHODS as METHODS } from '../http-methods.js';
import { type Issue, IssueList, joinPointer } from '../issues.js';
import type { LoadedSpec } from '../load/index.js';
import { globToRegExp } from './annotations.js';
import { readOperationExtension, readRootExtension, type RootExtension } from './extensions.js';
import { packageOf } from './package.js';
import { assignRateLimitModules } from './rate-limit-modules.js';
import type { ExtraArgument } from './input.js';
import { identifierFor, kebabCase, nameKey, TOOL_NAME_PATTERN, toolNameFor, UniqueNames, upperSnakeCase } from './naming.js';
import { buildTool, type OperationDraft } from './operation.js';
import { SchemaConverter, shortenDescription } from './schema.js';
import { buildSecuritySchemes } from './security-scheme.js';
import type { ApiModel, HttpMethod, ServerModel, TasksModel, ToolModel } from './types.js';
import { type Json, isObject } from '../json.js';

/** Tools the runtime adds when the spec asks for status tools (templates/runtime/status-tools.ts). */
const STATUS_TOOLS: readonly string[] = STATUS_TOOL_NAMES;

export interface ModelResult {
  readonly model: ApiModel;
  readonly warnings: readonly Issue[];
}

/** Stage 2: a loaded OpenAPI document → ApiModel. Pure: no I/O. */
export function buildModel(spec: LoadedSpec): ModelResult {
  const doc = spec.document;
  const issues = new IssueList(spec.file);
  const root = readRootExtension(doc, issues);
  const converter = new SchemaConverter(doc, String(doc.openapi).startsWith('3.0') ? '3.0' : '3.1', spec.file);
  const components = isObject(doc.components) ? doc.components : {};
  const securitySchemes = buildSecuritySchemes(isObject(components.securitySchemes) ? components.securitySchemes : {}, issues);
  const servers = serversOf(doc.servers);
  const name = root.name ?? (kebabCase(path.basename(spec.file).replace(/\.(ya?ml|json)$/i, '')) || 'api');

  const drafts = nameOperations(collectDrafts(doc, issues), issues);
  const selected = drafts.filter((draft) => isSelected(draft, root));
  const tasks = tasksOf(root, selected, issues);
  const serverArguments = serverArgumentsOf(root, servers, issues);

  if (root.statusTools) {
    for (const draft of selected.filter((candidate) => STATUS_TOOLS.includes(candidate.name))) {
      issues.error(
        'tool-name-collision',
        draft.pointer,
        `tool "${draft.name}" collides with the status tool of that name (x-mcp statusTools); rename it with x-mcp name`,
      );
    }
  }
  const errors = issues.errors;
  if (errors.length > 0) throw validationError(spec.file, errors, issues.items);
  if (selected.length === 0) {
    issues.error('no-tools', '/paths', 'every operation is excluded (x-mcp exclude/include), so there are no tools to generate');
    throw validationError(spec.file, issues.errors, issues.items);
  }

  const context = {
    converter,
    defaultSecurity: doc.security,
    issues,
    root,
    serverArguments,
    servers,
    ...(tasks ? { taskPollTool: tasks.pollTool } : {}),
  };
  const limited = assignRateLimitModules(
    selected.map((draft) => buildTool(draft, context)),
    root.rateLimitModules,
    issues,
  );
  const tools: ToolModel[] = limited.tools;
  const info = isObject(doc.info) ? doc.info : {};
  const infoModel = {
    description: shortenDescription(typeof info.description === 'string' ? info.description : '', 600),
    title: typeof info.title === 'string' ? info.title : name,
    version: typeof info.version === 'string' ? info.version : '0.0.0',
  };
  const packageModel = packageOf(root.package, { apiName: name, description: infoModel.description, version: infoModel.version }, issues);
  if (issues.errors.length > 0) throw validationError(spec.file, issues.errors, issues.items);

  const model: ApiModel = {
    credentialsBy: root.credentialsBy,
    ...(root.credentialsFileEnv ? { credentialsFileEnv: root.credentialsFileEnv } : {}),
    ...(root.envelope ? { envelope: root.envelope } : {}),
    envPrefix: root.envPrefix ?? upperSnakeCase(name),
    info: infoModel,
    name,
    package: packageModel,
    ...(root.rateLimit ? { rateLimit: root.rateLimit } : {}),
    ...(limited.modules ? { rateLimitModules: limited.modules } : {}),
    readScopes: root.readScopes,
    readmeAppendix: root.readme,
    securitySchemes,
    serverArguments: root.serverArguments,
    servers,
    source: { file: spec.file, hash: spec.hash },
    statusTools: root.statusTools,
    ...(tasks ? { tasks } : {}),
    tools,
  };
  return { model, warnings: [...spec.warnings, ...issues.warnings] };
}

function validationError(file: string, errors: readonly Issue[], all: readonly Issue[]): SpecValidationError {
  const first = errors[0];
  const summary = errors.length === 1 && first ? `${file}#${first.pointer}: ${first.message}` : `${file}: ${errors.length} problems`;
  return new SpecValidationError(summary, all);
}

interface UnnamedDraft extends Omit<OperationDraft, 'identifier' | 'name'> {
  readonly derivedName: string;
}

function collectDrafts(doc: Json, issues: IssueList): UnnamedDraft[] {
  const drafts: UnnamedDraft[] = [];
  const paths = isObject(doc.paths) ? doc.paths : {};
  for (const [route, rawItem] of Object.entries(paths)) {
    const itemPointer = joinPointer('/paths', route);
    const pathItem = isObject(rawItem) ? rawItem : {};
    const pathExtension = readOperationExtension(pathItem['x-mcp'], joinPointer(itemPointer, 'x-mcp'), issues);
    for (const method of METHODS) {
      const operation = pathItem[method];
      if (!isObject(operation)) continue;
      const pointer = joinPointer(itemPointer, method);
      const extension = readOperationExtension(operation['x-mcp'], joinPointer(pointer, 'x-mcp'), issues);
      if (extension.exclude || pathExtension.exclude) continue;
      const operationId =
        typeof operation.operationId === 'string' && operation.operationId.trim() !== '' ? operation.operationId : undefined;
      const upper = method.toUpperCase() as HttpMethod;
      drafts.push({
        derivedName: toolNameFor(operationId, upper, route),
        extension,
        method: upper,
        operation,
        pathExtension,
        pathItem,
        pointer,
        route,
      });
    }
  }
  return drafts;
}

/**
 * Explicit `x-mcp.name`s are claimed first and must not collide with anything; derived
 * names that repeat (duplicate operationIds in third-party specs) get `_2`, `_3`... in
 * document order, with a warning naming both operations.
 */
function nameOperations(drafts: UnnamedDraft[], issues: IssueList): OperationDraft[] {
  const names = new UniqueNames();
  const identifiers = new UniqueNames();
  const explicitOwners = new Map<string, UnnamedDraft>();
  for (const draft of drafts) {
    const explicit = draft.extension.name;
    if (explicit === undefined) continue;
    const at = joinPointer(draft.pointer, 'x-mcp', 'name');
    if (!TOOL_NAME_PATTERN.test(explicit)) {
      issues.error('invalid-tool-name', at, `tool name "${explicit}" must match ${TOOL_NAME_PATTERN.source}`);
      continue;
    }
    const owner = explicitOwners.get(nameKey(explicit));
    const clash =
      owner ??
      drafts.find((other) => other !== draft && other.extension.name === undefined && nameKey(other.derivedName) === nameKey(explicit));
    if (clash) {
      issues.error(
        'tool-name-collision',
        at,
        `x-mcp name "${explicit}" collides with the tool of ${clash.method} ${clash.route} (${clash.pointer})`,
      );
      continue;
    }
    explicitOwners.set(nameKey(explicit), draft);
    names.claim(explicit);
  }
  const firstByName = new Map<string, UnnamedDraft>();
  return drafts.map((draft) => {
    let name = draft.extension.name ?? '';
    if (explicitOwners.get(nameKey(name)) !== draft) {
      name = names.claim(draft.derivedName);
      const first = firstByName.get(draft.derivedName);
      if (first) {
        issues.warn(
          'duplicate-tool-name',
          draft.pointer,
          `${draft.method} ${draft.route} and ${first.method} ${first.route} (${first.pointer}) both make tool "${draft.derivedName}"; this one is named "${name}"`,
        );
      } else {
        firstByName.set(draft.derivedName, draft);
      }
    }
    const { derivedName: _derived, ...rest } = draft;
    return { ...rest, identifier: identifiers.claim(identifierFor(name), ''), name };
  });
}

function isSelected(draft: OperationDraft, root: RootExtension): boolean {
  const keys = [
    draft.name,
    typeof draft.operation.operationId === 'string' ? draft.operation.operationId : '',
    ...tagKeys(draft.operation),
  ];
  const matches = (globs: readonly string[]) => globs.some((glob) => keys.some((key) => key !== '' && globToRegExp(glob).test(key)));
  if (root.include.length > 0 && !matches(root.include)) return false;
  return !matches(root.exclude);
}

function tagKeys(operation: Json): string[] {
  return Array.isArray(operation.tags) ? operation.tags.map((tag) => `tag:${String(tag)}`) : [];
}

function tasksOf(root: RootExtension, drafts: readonly OperationDraft[], issues: IssueList): TasksModel | undefined {
  const tasks = root.tasks;
  if (!tasks) return undefined;
  const poll = drafts.find((draft) => draft.operation.operationId === tasks.pollOperation);
  if (!poll) {
    issues.error(
      'unknown-poll-operation',
      '/x-mcp/tasks/pollOperation',
      `tasks.pollOperation "${tasks.pollOperation}" is not the operationId of any generated operation`,
    );
    return undefined;
  }
  const { pollOperation: _operation, ...rest } = tasks;
  return { ...rest, pollTool: poll.name };
}

function serverArgumentsOf(root: RootExtension, servers: readonly ServerModel[], issues: IssueList): ExtraArgument[] {
  const variables = servers[0]?.variables ?? [];
  return root.serverArguments.flatMap((argument, index) => {
    const variable = variables.find((candidate) => candidate.name === argument.variable);
    if (!variable) {
      issues.error(
        'unknown-server-variable',
        joinPointer('/x-mcp/serverArguments', index, 'variable'),
        `server variable "${argument.variable}" is not declared on the first server`,
      );
      return [];
    }
    // Repeated on every tool, so kept short; the README explains the variable in full.
    const description = `${argument.variable[0]?.toUpperCase() ?? ''}${argument.variable.slice(1)}; default: the configured one.`;
    return [
      {
        name: argument.variable,
        required: false,
        schema: { type: 'string', description, ...(variable.enum ? { enum: variable.enum } : {}) },
      },
    ];
  });
}

function serversOf(value: unknown): ServerModel[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).map((server) => ({
    ...(typeof server.description === 'string' ? { description: server.description } : {}),
    url: String(server.url),
    variables: Object.entries(isObject(server.variables) ? server.variables : {}).map(([variableName, variable]) => {
      const entry = isObject(variable) ? variable : {};
      return {
        default: String(entry.default ?? ''),
        ...(typeof entry.description === 'string' ? { description: entry.description } : {}),
        ...(Array.isArray(entry.enum) ? { enum: entry.enum.map(String) } : {}),
        name: variableName,
      };
    }),
  }));
}
