import { defaultAnnotations } from '../model/annotations.js';
import type { ApiModel, ToolModel } from '../model/types.js';
import { generatedHeader } from './header.js';
import { fileSegment } from '../model/naming.js';
import { tsLiteral } from './ts-literal.js';
import { commentText } from './writers.js';

export function packageNameOf(model: ApiModel): string {
  return model.package.name;
}

/** src/api.ts: what the runtime needs to know about the API as a whole. */
export function renderApi(model: ApiModel): string {
  const server = model.servers[0];
  const schemes = Object.fromEntries(model.securitySchemes.map(({ key, scheme: _httpScheme, ...scheme }) => [key, scheme]));
  const definition = {
    credentialsBy: model.credentialsBy,
    ...(model.credentialsFileEnv ? { credentialsFileEnv: model.credentialsFileEnv } : {}),
    ...(model.envelope ? { envelope: model.envelope } : {}),
    envPrefix: model.envPrefix,
    name: model.name,
    packageName: packageNameOf(model),
    ...(model.rateLimit ? { rateLimit: model.rateLimit } : {}),
    ...(model.rateLimitModules ? { rateLimitModules: model.rateLimitModules } : {}),
    securitySchemes: schemes,
    serverArguments: model.serverArguments,
    serverUrl: server?.url ?? '',
    statusTools: model.statusTools,
    serverVariables: Object.fromEntries(
      (server?.variables ?? []).map((variable) => [
        variable.name,
        { default: variable.default, ...(variable.enum ? { enum: variable.enum } : {}) },
      ]),
    ),
    ...(model.tasks ? { tasks: model.tasks } : {}),
    title: model.info.title,
    version: model.info.version,
  };
  return `${generatedHeader(model.source)}import type { ApiDefinition } from './runtime/types.js';

/** ${commentText(model.info.title)} ${commentText(model.info.version)} */
export const api: ApiDefinition = ${tsLiteral(definition)};
`;
}

/** src/operations.ts: how to send each operation, shared by the typed client and the tools. */
export function renderOperations(model: ApiModel): string {
  const blocks = model.tools.map((tool) => {
    const operation = {
      ...(tool.body ? { body: { mediaType: tool.body.mediaType, required: tool.body.required } } : {}),
      method: tool.method,
      operationId: tool.operationId ?? tool.name,
      params: tool.params.map((param) => ({ explode: param.explode, in: param.in, name: param.name, style: param.style })),
      path: tool.path,
      ...(tool.rateLimitModule ? { rateLimitModule: tool.rateLimitModule } : {}),
      security: tool.security,
      ...(tool.serverUrl ? { serverUrl: tool.serverUrl } : {}),
      // Retries follow the tool's idempotency; written only where it is not the method's own.
      ...(tool.annotations.idempotentHint !== defaultAnnotations(tool.method).idempotentHint
        ? { idempotent: tool.annotations.idempotentHint }
        : {}),
    };
    return `/** ${tool.method} ${commentText(tool.path)} */\nexport const ${tool.identifier}: OperationDefinition = ${tsLiteral(operation)};\n`;
  });
  return `${generatedHeader(model.source)}import type { OperationDefinition } from './runtime/types.js';\n\n${blocks.join('\n')}`;
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
  const definition = {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    annotations: tool.annotations,
    scope: tool.scope,
    confirm: tool.confirm,
    startsTask: tool.startsTask,
    tags: tool.tags,
    ...(tool.keywords.length > 0 ? { keywords: tool.keywords } : {}),
    ...(Object.keys(tool.controls).length > 0 ? { controls: tool.controls } : {}),
    arguments: {
      params: tool.params.map((param) => ({ argument: param.argument, in: param.in, name: param.name })),
      ...(tool.body ? { body: { argument: tool.body.argument, layout: tool.body.layout, properties: tool.body.properties } } : {}),
    },
    inputSchema: tool.inputSchema,
    ...(tool.output?.schema ? { outputSchema: tool.output.schema } : {}),
    ...(tool.output?.wrap ? { output: { wrap: tool.output.wrap } } : {}),
    ...(tool.pagination ? { pagination: tool.pagination } : {}),
  };
  return tsLiteral(definition).replace(/^\{\n/, `{\n  operation: operations.${tool.identifier},\n`);
}

export function toolFilePath(tool: ToolModel): string {
  return `src/tools/${tool.group}/${fileSegment(tool.name.replace(/_/g, '-').toLowerCase())}.ts`;
}

function byName(model: ApiModel): ToolModel[] {
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
