import { listedTool as listedEntry, metaTools } from '../../templates/runtime/dynamic.js';
import type { ListedTool } from '../../templates/runtime/types.js';
import type { ApiModel, ToolModel } from '../model/types.js';

/** Size of a tools/list result in bytes, and a rough token count (4 bytes a token). */
export interface ListSize {
  readonly bytes: number;
  readonly tokens: number;
}

/** The entry a tools/list answer carries for a tool. */
export function listedTool(tool: ToolModel): ListedTool {
  // the model builds both schemas as objects (never `true`), as the runtime's JsonSchema has them
  const inputSchema = tool.inputSchema as ListedTool['inputSchema'];
  return listedEntry(tool.name, { ...tool, inputSchema, outputSchema: tool.output?.schema as ListedTool['outputSchema'] });
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
