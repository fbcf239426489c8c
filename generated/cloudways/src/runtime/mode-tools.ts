// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/cloudways.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import type { ToolsMode } from './config.js';
import { unknownModeTool } from './dynamic.js';
import type { ToolResult } from './results.js';
import type { ListedTool } from './types.js';
import { argumentsRefusal, type SchemaValidator } from './validate.js';

/**
 * The tools a server or a hub serves in dynamic or code mode instead of one per operation, made
 * once. A call to one is checked as an API tool's is, against its input schema, before it is answered.
 */
export class ModeTools {
  constructor(
    readonly mode: Exclude<ToolsMode, 'direct'>,
    readonly tools: readonly ListedTool[],
    private readonly validator: SchemaValidator,
  ) {}

  /** Why a call is not answered (no such tool; arguments its schema refuses), or nothing when it is. */
  refusal(name: string, args: unknown): ToolResult | undefined {
    const tool = this.tools.find((candidate) => candidate.name === name);
    if (!tool) return unknownModeTool(name, this.mode, this.tools);
    return argumentsRefusal(this.validator, `${this.mode}:${tool.name}`, name, tool.inputSchema, args);
  }
}
