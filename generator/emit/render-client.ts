import { pascalCase } from '../model/naming.js';
import type { ApiModel, ToolModel } from '../model/types.js';
import { generatedHeader } from './header.js';
import { LINE_WIDTH } from './ts-literal.js';
import { commentText, tsString } from './writers.js';

export function clientClassName(model: ApiModel): string {
  return `${pascalCase(model.name)}Client`;
}

/** src/client.ts: one typed method per operation, usable without MCP. */
export function renderClient(model: ApiModel): string {
  const className = clientClassName(model);
  const methods = model.tools.map(renderMethod);
  return `${generatedHeader(model.source)}import { api } from './api.js';
import * as operations from './operations.js';
${CLIENT_IMPORTS}
/**
 * Typed client for ${commentText(model.info.title)}. Each method sends one operation and resolves to
 * its parsed response; a non-2xx status rejects with an ApiError.
 */
export class ${className} extends ApiClient {
  constructor(options: ClientOptions = {}) {
    super(api, options);
  }
${methods.join('')}}
`;
}

function methodDoc(tool: ToolModel): string {
  const doc = [tool.title, tool.deprecated ? '@deprecated' : ''].filter(Boolean).map(commentText).join(' ');
  return `/** ${doc} (\`${tool.method} ${commentText(tool.path)}\`) */`;
}

const CLIENT_IMPORTS = `import { ApiClient, type CallOptions, type ClientOptions } from './runtime/client.js';
import type { ApiResponse, RequestOf, ResponseOf } from './runtime/types.js';
import type { paths } from './types.js';
`;

/**
 * dist/client.d.ts printed from the model: the compiler takes a sixth of a second on a large API
 * to say the same (ARCHITECTURE.md); declarations.test.ts checks the two agree.
 */
export function renderClientDeclaration(model: ApiModel): string {
  const methods = model.tools.map((tool) => `\n  ${methodDoc(tool)}\n  ${tool.identifier}(${typedSignature(tool)};\n`);
  return `${generatedHeader(model.source)}${CLIENT_IMPORTS}
export declare class ${clientClassName(model)} extends ApiClient {
  constructor(options?: ClientOptions);
${methods.join('')}}
`;
}

/**
 * A method's parameters and return type after `name(`: on its line where that fits LINE_WIDTH
 * (with the ` {` after it), else one parameter a line, as prettier prints it.
 */
function typedSignature(tool: ToolModel): string {
  const operationType = `paths[${tsString(tool.path)}][${tsString(tool.method.toLowerCase())}]`;
  const parameters = [`request${needsRequest(tool) ? '' : '?'}: RequestOf<${operationType}>`, 'options?: CallOptions'];
  const result = `): Promise<ApiResponse<ResponseOf<${operationType}>>>`;
  const line = `${parameters.join(', ')}${result}`;
  if (`  ${tool.identifier}(${line} {`.length <= LINE_WIDTH) return line;
  const broken = `  ${result} {`.length <= LINE_WIDTH ? result : `): Promise<\n    ApiResponse<ResponseOf<${operationType}>>\n  >`;
  return `\n${parameters.map((parameter) => `    ${parameter},\n`).join('')}  ${broken}`;
}

function renderMethod(tool: ToolModel): string {
  const optional = !needsRequest(tool);
  return `
  ${methodDoc(tool)}
  ${tool.identifier}(${typedSignature(tool)} {
    return this.call(operations.${tool.identifier}, ${optional ? 'request ?? {}' : 'request'}, options);
  }
`;
}

function needsRequest(tool: ToolModel): boolean {
  return tool.params.some((param) => param.required) || tool.body?.required === true;
}
