import { defaultAnnotations } from '../model/annotations.js';
import type { ArgumentMapping, OperationDefinition, ParamDefinition } from '../../templates/runtime/types.js';
import { paramStyle } from '../../templates/runtime/request.js';
import type { ApiModel, ParamModel, ToolModel } from '../model/types.js';
import { generatedHeader } from './header.js';
import { fileSegment } from '../model/naming.js';
import { tsLiteral } from './ts-literal.js';
import { commentText } from './writers.js';

/** src/api.ts: what the runtime needs to know about the API as a whole. */
export function renderApi(model: ApiModel): string {
  const server = model.servers[0];
  const schemes = Object.fromEntries(model.securitySchemes.map(({ key, ...scheme }) => [key, scheme]));
  // tsLiteral leaves out the fields that are undefined
  const definition = {
    credentialsBy: model.credentialsBy,
    credentialsFileEnv: model.credentialsFileEnv || undefined,
    envelope: model.envelope,
    envPrefix: model.envPrefix,
    name: model.name,
    packageName: model.package.name,
    rateLimit: model.rateLimit,
    rateLimitModules: model.rateLimitModules,
    securitySchemes: schemes,
    serverArguments: model.serverArguments,
    serverUrl: server?.url ?? '',
    statusTools: model.statusTools,
    serverVariables: Object.fromEntries(
      (server?.variables ?? []).map((variable) => [variable.name, { default: variable.default, enum: variable.enum }]),
    ),
    tasks: model.tasks,
    title: model.info.title,
    version: model.info.version,
  };
  return `${generatedHeader(model.source)}import type { ApiDefinition } from './runtime/types.js';

/** ${commentText(model.info.title)} ${commentText(model.info.version)} */
${declaration('export const api: ApiDefinition = ', definition)}
`;
}

/** src/operations.ts: how to send each operation, shared by the typed client and the tools. */
export function renderOperations(model: ApiModel): string {
  const blocks = model.tools.map((tool) => {
    // Fields at their defaults are left out (tsLiteral drops undefined): the runtime reads absence as the default.
    const operation: OperationDefinition = {
      body: tool.body && { mediaType: tool.body.mediaType, required: tool.body.required || undefined },
      method: tool.method,
      operationId: tool.operationId ?? tool.name,
      params: tool.params.length > 0 ? tool.params.map(paramDefinition) : undefined,
      path: tool.path,
      rateLimitModule: tool.rateLimitModule || undefined,
      security: tool.security,
      serverUrl: tool.serverUrl || undefined,
      // Retries follow the tool's idempotency; written only where it is not the method's own.
      idempotent:
        tool.annotations.idempotentHint !== defaultAnnotations(tool.method).idempotentHint ? tool.annotations.idempotentHint : undefined,
    };
    return `/** ${tool.method} ${commentText(tool.path)} */\n${declaration(`export const ${tool.identifier}: OperationDefinition = `, operation)}\n`;
  });
  return `${generatedHeader(model.source)}import type { OperationDefinition } from './runtime/types.js';\n\n${blocks.join('\n')}`;
}

/** `head` (`export const x: T = `) and the literal, fitted to the line it starts on, and `;`. */
function declaration(head: string, value: unknown): string {
  return `${head}${tsLiteral(value, 0, head.length)};`;
}

/** A parameter's style and explode only where they are not OpenAPI's defaults for its location. */
function paramDefinition({ explode, in: location, name, style }: ParamModel): ParamDefinition {
  const defaults = paramStyle({ in: location, style });
  return {
    explode: explode === defaults.explode ? undefined : explode,
    in: location,
    name,
    style: style === paramStyle({ in: location }).style ? undefined : style,
  };
}

/**
 * The declaration files of api.ts, operations.ts and tools/index.ts (keyed by their src/ path),
 * printed from the model: every export is a const of a runtime type, so each is one line.
 */
export function renderDefinitionDeclarations(model: ApiModel): Record<string, string> {
  const header = generatedHeader(model.source);
  const declare = (names: readonly string[], type: string, from: string) =>
    `${header}import type { ${type} } from '${from}';\n${names.map((name) => `export declare const ${name}: ${type};\n`).join('')}`;
  return {
    'src/api.ts': declare(['api'], 'ApiDefinition', './runtime/types.js'),
    'src/operations.ts': declare(
      model.tools.map((tool) => tool.identifier),
      'OperationDefinition',
      './runtime/types.js',
    ),
    'src/tools/index.ts': `${header}import type { ToolDefinition } from '../runtime/types.js';\nexport declare const tools: readonly ToolDefinition[];\n`,
  };
}

/** src/tools/<group>/<tool>.ts: one tool's definition, data only; the runtime runs it. */
export function renderTool(model: ApiModel, tool: ToolModel): string {
  return `${generatedHeader(model.source)}import * as operations from '../../operations.js';
import type { ToolDefinition } from '../../runtime/types.js';

/** ${commentText(tool.title)}: \`${tool.method} ${commentText(tool.path)}\` */
export const ${tool.identifier}: ToolDefinition = ${toolLiteral(tool)};
`;
}

/** The object literal of a tool's definition. */
function toolLiteral(tool: ToolModel): string {
  // Fields at their defaults are left out (tsLiteral drops undefined): the runtime reads absence as the default.
  const definition = {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    annotations: tool.annotations,
    scope: tool.scope,
    confirm: tool.confirm || undefined,
    startsTask: tool.startsTask || undefined,
    tags: tool.tags.length > 0 ? tool.tags : undefined,
    keywords: tool.keywords.length > 0 ? tool.keywords : undefined,
    controls: Object.keys(tool.controls).length > 0 ? tool.controls : undefined,
    arguments: argumentMapping(tool),
    inputSchema: tool.inputSchema,
    outputSchema: tool.output?.schema,
    output: tool.output?.wrap && { wrap: tool.output.wrap },
    pagination: tool.pagination,
  };
  const lead = `export const ${tool.identifier}: ToolDefinition = `.length;
  return tsLiteral(definition, 0, lead).replace(/^\{\n/, `{\n  operation: operations.${tool.identifier},\n`);
}

/** How the tool's arguments make its request, printing only what differs from ArgumentMapping's defaults. */
function argumentMapping(tool: ToolModel): ArgumentMapping | undefined {
  const params = tool.params.map(({ argument, in: location, name }) => ({
    argument: argument.length === 1 && argument[0] === name ? undefined : argument,
    in: location,
    name,
  }));
  const body: ArgumentMapping['body'] =
    tool.body?.layout === 'flat'
      ? { layout: 'flat', properties: tool.body.properties.map(({ argument, name }) => (argument === name ? name : { argument, name })) }
      : tool.body && { layout: 'nested', argument: tool.body.argument };
  return params.length > 0 || body ? { params: params.length > 0 ? params : undefined, body } : undefined;
}

export function toolFilePath(tool: ToolModel): string {
  return `src/tools/${tool.group}/${fileSegment(tool.name.replace(/_/g, '-').toLowerCase())}.ts`;
}

export function byName(model: ApiModel): ToolModel[] {
  return [...model.tools].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** src/tools/index.ts: every tool, sorted by name so tools/list order is stable. */
export function renderToolIndex(model: ApiModel): string {
  const sorted = byName(model);
  const imports = sorted.map(
    (tool) => `import { ${tool.identifier} } from './${toolFilePath(tool).slice('src/tools/'.length).replace(/\.ts$/, '.js')}';`,
  );
  return `${generatedHeader(model.source)}import type { ToolDefinition } from '../runtime/types.js';
${imports.join('\n')}

export const tools: readonly ToolDefinition[] = [
${sorted.map((tool) => `  ${tool.identifier},`).join('\n')}
];
`;
}
