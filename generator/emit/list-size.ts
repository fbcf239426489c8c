import { metaTools } from '../../templates/runtime/dynamic.js';
import type { ApiModel, ToolModel } from '../model/types.js';

/** Size of a tools/list result in bytes, and a rough token count (4 bytes a token). */
export interface ListSize {
  readonly bytes: number;
  readonly tokens: number;
}

/** The entry a tools/list answer carries for a tool (the runtime's ToolRuntime.list shape). */
export function listedTool(tool: ToolModel): Record<string, unknown> {
  return {
    annotations: tool.annotations,
    description: tool.description,
    inputSchema: tool.inputSchema,
    name: tool.name,
    ...(tool.output?.schema ? { outputSchema: tool.output.schema } : {}),
    title: tool.title,
  };
}

export function modelListSize(model: ApiModel): ListSize {
  return listSize(model.tools.map(listedTool));
}

/** tools/list in dynamic mode: the three meta-tools, whatever the API's size. */
export function dynamicListSize(model: ApiModel): ListSize {
  return listSize(metaTools(model.info.title, model.tools.length));
}

function listSize(tools: readonly unknown[]): ListSize {
  const bytes = Buffer.byteLength(JSON.stringify({ tools }));
  return { bytes, tokens: Math.round(bytes / 4) };
}
