// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/mcpbox.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import { requestFromArguments } from './arguments.js';
import type { ApiClient, CallOptions } from './client.js';
import type { ServerConfig } from './config.js';
import { type ConfirmationContext, ConfirmationGate } from './confirmation.js';
import { type Credentials, rememberSecrets } from './credentials.js';
import { ApiError, messageOf } from './errors.js';
import { globMatcher } from './glob.js';
import { OutputCheck } from './output-check.js';
import { withCallSecrets } from './redact.js';
import { DEFAULT_MAX_TEXT_CHARS, errorResult, successResult, type ToolResult, textError } from './results.js';
import type { Logger } from './log.js';
import type { ApiDefinition, ApiRequest, ListedTool, OperationDefinition, ToolDefinition } from './types.js';
import type { ScopedCredentials } from './scoped-credentials.js';
import type { LocalTool } from './status-tools.js';
import { jsonAnswer, listedTool, metaAnswer, metaTools, prepareSearch, type SearchCatalog } from './dynamic.js';
import { ModeTools } from './mode-tools.js';
import { codeAnswer, codeTools, DEFAULT_SANDBOX_LIMITS } from './code-mode.js';
import { collectAskedPages } from './page-collector.js';
import { unwrapEnvelope } from './envelope.js';
import { followTask, type TaskProgress, type TaskWaitOptions } from './task-waiter.js';
import { argumentsRefusal, SchemaValidator } from './validate.js';

/** The server's configuration that tool calls read, and what they are served with. */
export interface ToolRuntimeOptions
  extends
    Pick<ServerConfig, 'codeLimits' | 'confirm' | 'confirmSkip' | 'credentials' | 'exclude' | 'include' | 'maxTextChars'>,
    Pick<ServerConfig, 'outputValidation' | 'readOnly' | 'taskTimeoutMs' | 'toolsMode'> {
  readonly client: ApiClient;
  readonly logger?: Logger;
  /** Put before every tool name (tool-setup.ts' RegisterOptions.prefix). */
  readonly prefix?: string;
  /** Per-workspace credentials, for APIs whose credentials depend on server variables. */
  readonly scopedCredentials?: ScopedCredentials;
  /** Tools the server answers itself (ping, token and rate-limit status). */
  readonly localTools?: readonly LocalTool[];
  /** First pause between task polls (default 1 s). */
  readonly taskPollMs?: number;
  /** Runs when the server shuts down (logging out of the API, where it has a logout). */
  readonly onClose?: () => Promise<void>;
}

/** `elicit` and `remote`: confirmation.ts' ConfirmationContext. */
export interface CallContext extends ConfirmationContext {
  readonly credentials?: Credentials;
  /** Sends an MCP progress notification, when the caller asked for progress. */
  readonly progress?: (progress: TaskProgress) => Promise<void>;
  readonly signal?: AbortSignal;
}

export const DEFAULT_TASK_TIMEOUT_MS = 120_000;

/** Serves a set of tool definitions: lists them, validates calls, runs them. Never throws. */
export class ToolRuntime {
  private readonly byName = new Map<string, ToolDefinition>();
  /** Every tool by its spec name, served or not: a task's poll tool may be filtered out. */
  private readonly bySpecName = new Map<string, ToolDefinition>();
  private readonly local = new Map<string, LocalTool>();
  private readonly validator = new SchemaValidator();
  private readonly confirmation: ConfirmationGate;
  private readonly output: OutputCheck;
  /** Dynamic or code mode's tools, served instead of the API's; none in direct mode. */
  private readonly modeTools: ModeTools | undefined;
  private listed: ListedTool[] | undefined;

  constructor(
    private readonly api: ApiDefinition,
    tools: readonly ToolDefinition[],
    private readonly options: ToolRuntimeOptions,
  ) {
    const prefix = options.prefix ?? '';
    for (const tool of tools) this.bySpecName.set(tool.name, tool);
    for (const tool of selectTools(tools, options)) this.byName.set(`${prefix}${tool.name}`, tool);
    this.confirmation = new ConfirmationGate(api, options);
    this.output = new OutputCheck(this.validator, options.outputValidation, options.logger);
    for (const tool of options.localTools ?? []) this.local.set(`${prefix}${tool.name}`, tool);
    const mode = options.toolsMode ?? 'direct';
    if (mode !== 'direct') this.modeTools = new ModeTools(mode, this.servedModeTools(mode), this.validator);
  }

  get size(): number {
    return this.byName.size + this.local.size;
  }

  /** The API tools served, by their served (prefixed) names: what a hub searches across APIs. */
  served(): ReadonlyMap<string, ToolDefinition> {
    return this.byName;
  }

  names(): string[] {
    return [...this.byName.keys(), ...this.local.keys()];
  }

  list(): ListedTool[] {
    const entry = (name: string, tool: ToolDefinition | LocalTool) => listedTool(name, tool, this.options.outputValidation !== 'off');
    if (this.listed) return this.listed;
    if (this.modeTools) prepareSearch(this.searchCatalog());
    const served = this.modeTools?.tools ?? [...this.byName].map(([name, tool]) => entry(name, tool));
    // In code mode the server's own tools (ping, status) are `api` methods, keeping tools/list at two tools.
    const local = this.modeTools?.mode === 'code' ? [] : [...this.local].map(([name, tool]) => entry(name, tool));
    return (this.listed = [...served, ...local]);
  }

  /** Shutdown: best effort, never throws. */
  async close(): Promise<void> {
    await this.options.onClose?.().catch(() => undefined);
  }

  /**
   * Each call masks its own caller's secrets and the environment's, nobody else's. A call bringing
   * no credentials has only the server's to mask: it skips the AsyncLocalStorage scope, whose
   * promise hooks slow every call once in use.
   */
  call(name: string, rawArgs: unknown, context: CallContext = {}): Promise<ToolResult> {
    const { credentials } = context;
    if (!credentials || Object.keys(credentials).length === 0) return this.dispatch(name, rawArgs, context);
    return withCallSecrets(() => {
      rememberSecrets(this.api, credentials);
      return this.dispatch(name, rawArgs, context);
    });
  }

  private dispatch(name: string, rawArgs: unknown, context: CallContext): Promise<ToolResult> {
    const localTool = this.local.get(name);
    if (localTool) return this.callLocal(localTool, context);
    if (this.modeTools) return this.callModeTool(this.modeTools, name, rawArgs, context);
    return this.callTool(name, rawArgs, context);
  }

  /** Dynamic mode's three meta-tools, or code mode's search and execute (the server's own tools as `api` methods). */
  private servedModeTools(mode: ModeTools['mode']): ListedTool[] {
    const { prefix } = this.options;
    if (mode === 'dynamic') return metaTools(this.api.title, this.byName.size, prefix);
    const localMethods = [...this.local.values()].map((tool) => tool.name);
    return codeTools(this.api.title, this.byName.size, prefix, localMethods);
  }

  /**
   * A call to one of the mode's tools, its arguments checked first. Each call an invoke or a
   * program makes is `callTool` with the caller's context, so it passes every gate a direct call does.
   */
  private async callModeTool(modeTools: ModeTools, name: string, rawArgs: unknown, context: CallContext): Promise<ToolResult> {
    const args = (rawArgs ?? {}) as Record<string, unknown>;
    const refusal = modeTools.refusal(name, args);
    if (refusal) return refusal;
    const prefix = this.options.prefix ?? '';
    const catalog = { ...this.searchCatalog(), prefix };
    const invoke = (target: string, targetArgs: unknown) => this.callTool(target, targetArgs, context);
    if (modeTools.mode === 'dynamic') return metaAnswer(name, args, { ...catalog, invoke });
    const callMethod = (method: string, methodArgs: unknown, signal: AbortSignal) => {
      const localTool = this.local.get(`${prefix}${method}`);
      return localTool ? this.callLocal(localTool, context) : this.callTool(`${prefix}${method}`, methodArgs, { ...context, signal });
    };
    const methods = [...this.byName.values(), ...this.local.values()].map((tool) => tool.name);
    const limits = { ...DEFAULT_SANDBOX_LIMITS, ...this.options.codeLimits };
    return codeAnswer(name, args, { ...catalog, callMethod, limits, methods }, context.signal);
  }

  /** What the mode's search ranks: the served operations; the API's name and title, which all of them share, rank low. */
  private searchCatalog(): SearchCatalog {
    return { tools: this.byName, ignoredWords: [this.api.name, this.api.title] };
  }

  /**
   * One API tool call, step by step: arguments checked, confirmation, the request, its pages,
   * its task, the result in the tool's shape. Failures become error results, never throws.
   */
  private async callTool(name: string, rawArgs: unknown, context: CallContext): Promise<ToolResult> {
    const tool = this.byName.get(name);
    if (!tool) return textError(`Unknown tool "${name}". Call tools/list to see the ${this.size} available tools.`);
    try {
      const args = (rawArgs ?? {}) as Record<string, unknown>;
      const invalid = argumentsRefusal(this.validator, `in:${tool.name}`, name, tool.inputSchema, args);
      if (invalid) return invalid;
      const refusal = await this.confirmation.refusal(name, tool, args, context);
      if (refusal) return refusal;
      const request = requestFor(tool, args);
      const send = this.sender(args, context);
      const response = await send(tool.operation, request);
      const fetchPage = async (next: ApiRequest) => (await send(tool.operation, next)).data;
      const paged = await collectAskedPages(tool, args, request, response.data, fetchPage, (body) => this.payloadOf(body));
      const payload = paged?.data ?? this.payloadOf(response.data);
      const tasks = tool.startsTask ? this.api.tasks : undefined;
      const task =
        tasks && (await followTask(tasks, tool, args, payload, this.bySpecName.get(tasks.pollTool), send, this.waitOptions(context)));
      const result = successResult(
        { ...response, data: task?.data ?? payload },
        {
          maxTextChars: this.options.maxTextChars ?? DEFAULT_MAX_TEXT_CHARS,
          structured: tool.outputSchema !== undefined && this.options.outputValidation !== 'off',
          wrap: tool.output?.wrap,
        },
      );
      const notes = [paged?.note, task?.note].filter((note) => note !== undefined);
      if (notes.length > 0) result.content.unshift({ type: 'text', text: notes.join(' ') });
      if (task?.failed) result.isError = true;
      return this.output.check(name, tool, result, response);
    } catch (error) {
      return this.output.conformingError(tool, this.failure(name, error));
    }
  }

  /** A call that threw: an API failure as the model reads it; anything else logged and named. */
  private failure(name: string, error: unknown): ToolResult {
    if (error instanceof ApiError) return errorResult(error, this.options.maxTextChars);
    this.options.logger?.error('tool call failed unexpectedly', { tool: name, error: messageOf(error) });
    return textError(`Tool ${name} failed: ${messageOf(error)}`);
  }

  /** Sends one call's requests (the first, its further pages, its task polls) with its credentials and workspace. */
  private sender(args: Record<string, unknown>, context: CallContext) {
    const serverVariables = serverVariablesFrom(this.api, args);
    const callOptions: CallOptions = {
      credentials: this.credentialsFor(serverVariables, context),
      serverVariables,
      signal: context.signal,
    };
    return (operation: OperationDefinition, request: ApiRequest) => this.options.client.call(operation, request, callOptions);
  }

  /** Pagination pointers read the body as the API sent it; everything after sees the tool's payload. */
  private payloadOf(body: unknown): unknown {
    return this.api.envelope ? unwrapEnvelope(this.api.envelope, body) : body;
  }

  private waitOptions(context: CallContext): TaskWaitOptions {
    return {
      intervalMs: this.options.taskPollMs,
      onProgress: context.progress,
      signal: context.signal,
      timeoutMs: this.options.taskTimeoutMs ?? DEFAULT_TASK_TIMEOUT_MS,
    };
  }

  private async callLocal(tool: LocalTool, context: CallContext): Promise<ToolResult> {
    try {
      return jsonAnswer(await tool.run(this.credentialsFor({}, context) ?? {}));
    } catch (error) {
      return this.failure(tool.name, error);
    }
  }

  /** The caller's credentials, else the configured ones, narrowed to the call's workspace. */
  private credentialsFor(serverVariables: Record<string, string>, context: CallContext): Credentials | undefined {
    if (context.credentials) return context.credentials;
    if (this.options.scopedCredentials) return this.options.scopedCredentials.resolve(serverVariables);
    return this.options.credentials;
  }
}

/** A required body with every field optional and none given is still an (empty) body. */
function requestFor(tool: ToolDefinition, args: Record<string, unknown>): ApiRequest {
  const request = requestFromArguments(tool.arguments, args);
  if (tool.operation.body?.required && request.body === undefined) return { ...request, body: {} };
  return request;
}

/** The server variables (workspace...) a call names in its arguments. */
function serverVariablesFrom(api: ApiDefinition, args: Record<string, unknown>): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const argument of api.serverArguments) {
    const value = args[argument.variable];
    if (typeof value === 'string' && value !== '') variables[argument.variable] = value;
  }
  return variables;
}

export function selectTools(
  tools: readonly ToolDefinition[],
  selection: Pick<ServerConfig, 'exclude' | 'include' | 'readOnly'>,
): ToolDefinition[] {
  const include = (selection.include ?? []).map(selector);
  const exclude = (selection.exclude ?? []).map(selector);
  return tools.filter((tool) => {
    if (selection.readOnly && tool.scope !== 'read') return false;
    if (include.length > 0 && !include.some((matches) => matches(tool))) return false;
    return !exclude.some((matches) => matches(tool));
  });
}

/** A glob (glob.ts) on tool names, or on tags when written `tag:<glob>`. */
function selector(glob: string): (tool: ToolDefinition) => boolean {
  const trimmed = glob.trim();
  if (trimmed.toLowerCase().startsWith('tag:')) {
    const matches = globMatcher(trimmed.slice(4));
    return (tool) => (tool.tags ?? []).some(matches);
  }
  const matches = globMatcher(trimmed);
  return (tool) => matches(tool.name);
}
