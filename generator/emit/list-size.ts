import type { ApiModel, ToolModel } from '../model/types.js';

/** The entry a tools/list answer carries for a tool (the runtime's ToolRuntime.list shape). */
export function listedTool(tool: ToolModel): Record<string, unknown> {
  return {
    annotations: { title: tool.title, ...tool.annotations },
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
