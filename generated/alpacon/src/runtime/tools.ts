// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/alpacon.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import { requestFromArguments } from './arguments.js';
import type { ApiClient } from './client.js';
import type { Credentials } from './credentials.js';
import { ApiError } from './errors.js';
import type { Logger } from './log.js';
import { errorResult, successResult, type ToolResult, textError } from './results.js';
import type { ApiDefinition, ApiRequest, ToolDefinition } from './types.js';
import type { ScopedCredentials } from './scoped-credentials.js';
import type { LocalTool } from './status-tools.js';
import { SchemaValidator } from './validate.js';

export type OutputValidation = 'off' | 'strict' | 'tolerant';

export interface ToolSelection {
  /** Only tools matching one of these globs (names; `tag:` prefixes not supported here). */
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  /** Serve only tools whose operation needs nothing but read access. */
  readonly readOnly?: boolean;
}

export interface ToolRuntimeOptions extends ToolSelection {
  readonly client: ApiClient;
  /** Credentials when the caller brings none (stdio: from the environment). */
  readonly credentials?: Credentials;
  /** Per-workspace credentials, for APIs whose credentials depend on server variables. */
  readonly scopedCredentials?: ScopedCredentials;
  /** Tools the server answers itself (ping, token and rate-limit status). */
  readonly localTools?: readonly LocalTool[];
  readonly logger?: Logger;
  readonly maxTextChars?: number;
  readonly outputValidation?: OutputValidation;
  /** Put before every tool name (for mounting several APIs on one server). */
  readonly prefix?: string;
}

export interface CallContext {
  readonly credentials?: Credentials;
  readonly signal?: AbortSignal;
}

/** The MCP `Tool` shape a tools/list answer carries. */
export interface ListedTool {
  annotations: ToolDefinition['annotations'] & { title: string };
  description: string;
  inputSchema: ToolDefinition['inputSchema'];
  name: string;
  outputSchema?: ToolDefinition['inputSchema'];
  title: string;
}

export const DEFAULT_MAX_TEXT_CHARS = 100_000;

/** Serves a set of tool definitions: lists them, validates calls, runs them. Never throws. */
export class ToolRuntime {
  private readonly byName = new Map<string, ToolDefinition>();
  private readonly local = new Map<string, LocalTool>();
  private readonly validator = new SchemaValidator();
  private readonly driftReported = new Set<string>();
  private listed: ListedTool[] | undefined;

  constructor(
    private readonly api: ApiDefinition,
    tools: readonly ToolDefinition[],
    private readonly options: ToolRuntimeOptions,
  ) {
    const prefix = options.prefix ?? '';
    for (const tool of selectTools(tools, options)) this.byName.set(`${prefix}${tool.name}`, tool);
    for (const tool of options.localTools ?? []) this.local.set(`${prefix}${tool.name}`, tool);
  }

  get size(): number {
    return this.byName.size + this.local.size;
  }

  names(): string[] {
    return [...this.byName.keys(), ...this.local.keys()];
  }

  list(): ListedTool[] {
    const entry = (name: string, tool: ToolDefinition | LocalTool): ListedTool => ({
      annotations: { title: tool.title, ...tool.annotations },
      description: tool.description,
      inputSchema: tool.inputSchema,
      name,
      ...(tool.outputSchema ? { outputSchema: tool.outputSchema } : {}),
      title: tool.title,
    });
    this.listed ??= [
      ...[...this.byName].map(([name, tool]) => entry(name, tool)),
      ...[...this.local].map(([name, tool]) => entry(name, tool)),
    ];
    return this.listed;
  }

  has(name: string): boolean {
    return this.byName.has(name) || this.local.has(name);
  }

  async call(name: string, rawArgs: unknown, context: CallContext = {}): Promise<ToolResult> {
    const localTool = this.local.get(name);
    if (localTool) return this.callLocal(localTool, context);
    const tool = this.byName.get(name);
    if (!tool) return textError(`Unknown tool "${name}". Call tools/list to see the ${this.size} available tools.`);
    try {
      const args = (rawArgs ?? {}) as Record<string, unknown>;
      if (typeof args !== 'object' || Array.isArray(args)) return textError(`Tool ${name} takes an object of arguments.`);
      const problems = this.validator.validate(`in:${tool.name}`, tool.inputSchema, args);
      if (problems.length > 0) {
        return textError(`Invalid arguments for ${name}: ${problems.map((problem) => problem.message).join('; ')}.`);
      }
      const request = this.requestFor(tool, args);
      const serverVariables = this.serverVariablesFrom(args);
      const credentials = this.credentialsFor(serverVariables, context);
      const response = await this.options.client.call(tool.operation, request, {
        ...(credentials ? { credentials } : {}),
        serverVariables,
        ...(context.signal ? { signal: context.signal } : {}),
      });
      const result = successResult(response, {
        maxTextChars: this.options.maxTextChars ?? DEFAULT_MAX_TEXT_CHARS,
        structured: tool.outputSchema !== undefined,
        ...(tool.output?.wrap ? { wrap: tool.output.wrap } : {}),
      });
      return this.checkOutput(name, tool, result);
    } catch (error) {
      if (error instanceof ApiError) return errorResult(error);
      this.options.logger?.error('tool call failed unexpectedly', {
        tool: name,
        error: error instanceof Error ? error.message : String(error),
      });
      return textError(`Tool ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async callLocal(tool: LocalTool, context: CallContext): Promise<ToolResult> {
    try {
      const data = await tool.run(this.credentialsFor({}, context) ?? {});
      return { content: [{ type: 'text', text: JSON.stringify(data) }], structuredContent: data };
    } catch (error) {
      if (error instanceof ApiError) return errorResult(error);
      return textError(`Tool ${tool.name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The caller's credentials, else the configured ones, narrowed to the call's workspace. */
  private credentialsFor(serverVariables: Record<string, string>, context: CallContext): Credentials | undefined {
    if (context.credentials) return context.credentials;
    if (this.options.scopedCredentials) return this.options.scopedCredentials.resolve(serverVariables);
    return this.options.credentials;
  }

  private requestFor(tool: ToolDefinition, args: Record<string, unknown>): ApiRequest {
    const request = requestFromArguments(tool.arguments, args);
    // A required body with every field optional and none given is still an (empty) body.
    if (tool.operation.body?.required && request.body === undefined) return { ...request, body: {} };
    return request;
  }

  private serverVariablesFrom(args: Record<string, unknown>): Record<string, string> {
    const variables: Record<string, string> = {};
    for (const argument of this.api.serverArguments) {
      const value = args[argument.variable];
      if (typeof value === 'string' && value !== '') variables[argument.variable] = value;
    }
    return variables;
  }

  /** Tolerant: a response that drifts from its schema is returned, the drift logged once. */
  private checkOutput(name: string, tool: ToolDefinition, result: ToolResult): ToolResult {
    const mode = this.options.outputValidation ?? 'tolerant';
    if (mode === 'off' || !tool.outputSchema || !result.structuredContent) return result;
    const problems = this.validator.validate(`out:${tool.name}`, tool.outputSchema, result.structuredContent);
    if (problems.length === 0) return result;
    const summary = problems.map((problem) => problem.message.replace(/argument/g, 'field')).join('; ');
    if (mode === 'strict') return textError(`The API's response for ${name} does not match its schema: ${summary}.`);
    if (!this.driftReported.has(name)) {
      this.driftReported.add(name);
      this.options.logger?.warn('response drifts from its schema', { tool: name, problems: summary });
    }
    return result;
  }
}

export function selectTools(tools: readonly ToolDefinition[], selection: ToolSelection): ToolDefinition[] {
  const include = (selection.include ?? []).map(globPattern);
  const exclude = (selection.exclude ?? []).map(globPattern);
  return tools.filter((tool) => {
    if (selection.readOnly && tool.scope !== 'read') return false;
    if (include.length > 0 && !include.some((pattern) => pattern.test(tool.name))) return false;
    return !exclude.some((pattern) => pattern.test(tool.name));
  });
}

function globPattern(glob: string): RegExp {
  const escaped = glob
    .trim()
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}
