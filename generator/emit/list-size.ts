import { metaTools } from '../../templates/runtime/dynamic.js';
import type { ApiModel, ToolModel } from '../model/types.js';

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

/** Size of the tools/list result in bytes, and a rough token count (4 bytes a token). */
export function toolsListSize(tools: readonly ToolModel[]): { bytes: number; tokens: number } {
  const bytes = Buffer.byteLength(JSON.stringify({ tools: tools.map(listedTool) }));
  return { bytes, tokens: Math.round(bytes / 4) };
}

export function modelListSize(model: ApiModel): { bytes: number; tokens: number } {
  return toolsListSize(model.tools);
}

/** tools/list in dynamic mode: the three meta-tools, whatever the API's size. */
export function dynamicListSize(model: ApiModel): { bytes: number; tokens: number } {
  const tools = metaTools(model.info.title, model.tools.length).map((tool) => ({ ...tool, annotations: tool.annotations }));
  const bytes = Buffer.byteLength(JSON.stringify({ tools }));
  return { bytes, tokens: Math.round(bytes / 4) };
}
