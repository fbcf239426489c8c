import { pascalCase } from '../model/naming.js';
import type { ApiModel, ToolModel } from '../model/types.js';
import { generatedHeader } from './header.js';
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
import { ApiClient, type CallOptions, type ClientOptions } from './runtime/client.js';
import type { ApiResponse, RequestOf, ResponseOf } from './runtime/types.js';
import type { paths } from './types.js';

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

function renderMethod(tool: ToolModel): string {
  const operationType = `paths[${tsString(tool.path)}][${tsString(tool.method.toLowerCase())}]`;
  const optional = !needsRequest(tool);
  return `
  ${methodDoc(tool)}
  ${tool.identifier}(request${optional ? '?' : ''}: RequestOf<${operationType}>, options?: CallOptions): Promise<ApiResponse<ResponseOf<${operationType}>>> {
    return this.call(operations.${tool.identifier}, ${optional ? 'request ?? {}' : 'request'}, options);
  }
`;
}

function needsRequest(tool: ToolModel): boolean {
  return tool.params.some((param) => param.required) || tool.body?.required === true;
}
