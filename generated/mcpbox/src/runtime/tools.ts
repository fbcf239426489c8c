// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/mcpbox.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import { requestFromArguments } from './arguments.js';
import { confirmHeader, displayHeader } from './caller-credentials.js';
import type { ApiClient } from './client.js';
import { type Credentials, rememberSecrets } from './credentials.js';
import { ApiError } from './errors.js';
import type { Logger } from './log.js';
import { linearRegExp } from './linear-pattern.js';
import { DRIFT_LOG_MESSAGE, type Mismatch, describeMismatches, fitToSchema, jsonTypeOf, pointerPattern } from './output-fit.js';
import { redactor, withCallSecrets } from './redact.js';
import { DEFAULT_MAX_TEXT_CHARS, errorResult, successResult, type ToolResult, textError } from './results.js';
import type { ApiDefinition, ApiRequest, ApiResponse, ToolDefinition } from './types.js';
import type { ScopedCredentials } from './scoped-credentials.js';
import type { LocalTool } from './status-tools.js';
import { describeAnswer, META_SEARCH, META_TOOLS, metaTools, prepareSearch, searchAnswer } from './dynamic.js';
import {
  CODE_SEARCH,
  CODE_TOOLS,
  codeTools,
  DEFAULT_SANDBOX_LIMITS,
  executeProgram,
  operationSignature,
  programError,
  programValue,
  type SandboxLimits,
  suggestMethods,
} from './code-mode.js';
import { collectPages } from './page-collector.js';
import { unwrapEnvelope } from './envelope.js';
import { type TaskProgress, taskIdOf, waitForTask } from './task-waiter.js';
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
  /** Destructive tools ask for confirmation (default true). */
  readonly confirm?: boolean;
  /** Tool-name globs that never ask for confirmation. */
  readonly confirmSkip?: readonly string[];
  /**
   * `dynamic`: list three meta-tools (search, describe, invoke) instead of every tool; `code`: two
   * (search with signatures, execute a program in a sandbox).
   */
  readonly mode?: 'code' | 'direct' | 'dynamic';
  /** Code mode's limits per program run (default DEFAULT_SANDBOX_LIMITS). */
  readonly codeLimits?: Partial<SandboxLimits>;
  /** Longest a `wait: true` call waits for its task (default 120 s). */
  readonly taskTimeoutMs?: number;
  /** First pause between task polls (default 1 s). */
  readonly taskPollMs?: number;
  readonly logger?: Logger;
  readonly maxTextChars?: number;
  readonly outputValidation?: OutputValidation;
  /** Put before every tool name (for mounting several APIs on one server). */
  readonly prefix?: string;
  /** Runs when the server shuts down (logging out of the API, where it has a logout). */
  readonly onClose?: () => Promise<void>;
}

export interface CallContext {
  readonly credentials?: Credentials;
  /**
   * Asks the user through the client (MCP elicitation). Resolves true when confirmed,
   * false when declined, undefined when this client cannot be asked.
   */
  readonly elicit?: (message: string) => Promise<boolean | undefined>;
  /** Sends an MCP progress notification, when the caller asked for progress. */
  readonly progress?: (progress: TaskProgress) => Promise<void>;
  /**
   * Set for calls over HTTP, where no one can be asked and the model's own `confirm: true` is no
   * human's approval: a destructive tool runs only when the operator allows it (`confirm: false`,
   * `confirmSkip`) or the caller's client configuration pre-approves it (`approvedTools`, globs
   * from the `x-<prefix>-confirm` header, which a model cannot set).
   */
  readonly remote?: { readonly approvedTools: readonly string[] };
  readonly signal?: AbortSignal;
}

/** The MCP `Tool` shape a tools/list answer carries. */
export interface ListedTool {
  annotations: ToolDefinition['annotations'];
  description: string;
  inputSchema: ToolDefinition['inputSchema'];
  name: string;
  outputSchema?: ToolDefinition['inputSchema'];
  title: string;
}

export const DEFAULT_TASK_TIMEOUT_MS = 120_000;
/** Distinct drift lines one server logs at most (then one line saying so): drift must not flood the log. */
export const MAX_DRIFT_REPORTS = 1000;

/** Serves a set of tool definitions: lists them, validates calls, runs them. Never throws. */
export class ToolRuntime {
  private readonly byName = new Map<string, ToolDefinition>();
  /** Every tool by its spec name, served or not: a task's poll tool may be filtered out. */
  private readonly bySpecName = new Map<string, ToolDefinition>();
  private readonly confirmSkip: RegExp[];
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
    for (const tool of tools) this.bySpecName.set(tool.name, tool);
    for (const tool of selectTools(tools, options)) this.byName.set(`${prefix}${tool.name}`, tool);
    this.confirmSkip = (options.confirmSkip ?? []).map(globPattern);
    for (const tool of options.localTools ?? []) this.local.set(`${prefix}${tool.name}`, tool);
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
    const entry = (name: string, tool: ToolDefinition | LocalTool): ListedTool => ({
      annotations: tool.annotations,
      description: tool.description,
      inputSchema: tool.inputSchema,
      name,
      ...(tool.outputSchema && this.options.outputValidation !== 'off' ? { outputSchema: tool.outputSchema } : {}),
      title: tool.title,
    });
    const mode = this.options.mode ?? 'direct';
    const served: ListedTool[] =
      mode === 'direct'
        ? [...this.byName].map(([name, tool]) => entry(name, tool))
        : mode === 'dynamic'
          ? metaTools(this.api.title, this.byName.size, this.options.prefix)
          : this.codeTools();
    if (!this.listed && mode !== 'direct') prepareSearch(this.byName, this.searchIgnores());
    // In code mode the server's own tools (ping, status) are `api` methods, keeping tools/list at two tools.
    this.listed ??= [...served, ...(mode === 'code' ? [] : [...this.local].map(([name, tool]) => entry(name, tool)))];
    return this.listed;
  }

  /** Shutdown: best effort, never throws. */
  async close(): Promise<void> {
    await this.options.onClose?.().catch(() => undefined);
  }

  has(name: string): boolean {
    return this.byName.has(name) || this.local.has(name);
  }

  /** Each call masks its own caller's secrets and the environment's, nobody else's. */
  call(name: string, rawArgs: unknown, context: CallContext = {}): Promise<ToolResult> {
    return withCallSecrets(() => {
      if (context.credentials) rememberSecrets(this.api, context.credentials);
      const localTool = this.local.get(name);
      if (localTool) return this.callLocal(localTool, context);
      if (this.options.mode === 'dynamic') return this.callMeta(name, rawArgs, context);
      if (this.options.mode === 'code') return this.callCode(name, rawArgs, context);
      return this.callTool(name, rawArgs, context);
    });
  }

  private codeTools(): ReturnType<typeof codeTools> {
    return codeTools(
      this.api.title,
      this.byName.size,
      this.options.prefix,
      [...this.local.values()].map((tool) => tool.name),
    );
  }

  /**
   * Code mode's search (signatures of the matching `api` methods) and execute: each call a
   * program makes is `callTool` with the caller's context, so it passes every gate a direct call does.
   */
  private async callCode(name: string, rawArgs: unknown, context: CallContext): Promise<ToolResult> {
    const prefix = this.options.prefix ?? '';
    const args = (rawArgs ?? {}) as Record<string, unknown>;
    const tool = this.codeTools().find((candidate) => candidate.name === name);
    if (!tool)
      return textError(`Unknown tool "${name}". In code mode use ${prefix}${CODE_TOOLS.search} and ${prefix}${CODE_TOOLS.execute}.`);
    const problems = this.validator.validate(`code:${tool.name}`, tool.inputSchema, args);
    if (problems.length > 0) return textError(`Invalid arguments for ${name}: ${problems.map((problem) => problem.message).join('; ')}.`);
    if (name === `${prefix}${CODE_TOOLS.search}`) {
      return searchAnswer(name, this.byName, args, CODE_SEARCH, this.searchIgnores(), (hit, target) => ({
        signature: operationSignature(target),
        summary: hit.summary,
        ...(hit.destructive ? { destructive: true } : {}),
      }));
    }
    const local = new Map([...this.local.values()].map((localTool) => [localTool.name, localTool]));
    const methods = [...[...this.byName.values()].map((target) => target.name), ...local.keys()];
    const limits = { ...DEFAULT_SANDBOX_LIMITS, ...this.options.codeLimits };
    return executeProgram(
      String(args.code),
      methods,
      async (method, methodArgs, signal) => {
        const localTool = local.get(method);
        const result = localTool
          ? await this.callLocal(localTool, context)
          : await this.callTool(`${prefix}${method}`, methodArgs, { ...context, signal });
        if (result.isError) throw new Error(programError(result));
        return programValue(result);
      },
      limits,
      context.signal,
      suggestMethods(this.byName, this.searchIgnores(), (_name, target) => operationSignature(target)),
    );
  }

  /** Words search ranks low: the API's name and title, which most operations share. */
  private searchIgnores(): string[] {
    return [this.api.name, this.api.title];
  }

  /** search_operations, describe_operation and invoke_operation. */
  private async callMeta(name: string, rawArgs: unknown, context: CallContext): Promise<ToolResult> {
    const prefix = this.options.prefix ?? '';
    const args = (rawArgs ?? {}) as Record<string, unknown>;
    const meta = metaTools(this.api.title, this.byName.size, prefix).find((tool) => tool.name === name);
    if (!meta)
      return textError(
        `Unknown tool "${name}". In dynamic mode use ${prefix}${META_TOOLS.search}, ${prefix}${META_TOOLS.describe} and ${prefix}${META_TOOLS.invoke}.`,
      );
    const problems = this.validator.validate(`meta:${meta.name}`, meta.inputSchema, args);
    if (problems.length > 0) return textError(`Invalid arguments for ${name}: ${problems.map((problem) => problem.message).join('; ')}.`);
    if (name === `${prefix}${META_TOOLS.search}`) return searchAnswer(name, this.byName, args, META_SEARCH, this.searchIgnores());
    const target = this.byName.get(String(args.name));
    if (!target) return textError(`No operation named "${String(args.name)}". Find names with ${prefix}${META_TOOLS.search}.`);
    if (name === `${prefix}${META_TOOLS.describe}`) return describeAnswer(String(args.name), target);
    return this.callTool(String(args.name), args.arguments ?? {}, context);
  }

  private async callTool(name: string, rawArgs: unknown, context: CallContext): Promise<ToolResult> {
    const tool = this.byName.get(name);
    if (!tool) return textError(`Unknown tool "${name}". Call tools/list to see the ${this.size} available tools.`);
    try {
      const args = (rawArgs ?? {}) as Record<string, unknown>;
      if (typeof args !== 'object' || Array.isArray(args)) return textError(`Tool ${name} takes an object of arguments.`);
      const problems = this.validator.validate(`in:${tool.name}`, tool.inputSchema, args);
      if (problems.length > 0) {
        return textError(`Invalid arguments for ${name}: ${problems.map((problem) => problem.message).join('; ')}.`);
      }
      const refusal = await this.confirmation(name, tool, args, context);
      if (refusal) return refusal;
      const request = this.requestFor(tool, args);
      const serverVariables = this.serverVariablesFrom(args);
      const credentials = this.credentialsFor(serverVariables, context);
      const callOptions = {
        ...(credentials ? { credentials } : {}),
        serverVariables,
        ...(context.signal ? { signal: context.signal } : {}),
      };
      let response = await this.options.client.call(tool.operation, request, callOptions);
      const notes: string[] = [];
      let failedTask = false;

      const maxItems = tool.controls?.maxItems ? args[tool.controls.maxItems] : undefined;
      // Pagination pointers read the body as the API sent it; everything after sees the tool's payload.
      const payloadOf = (body: unknown) => (this.api.envelope ? unwrapEnvelope(this.api.envelope, body) : body);
      if (tool.pagination && typeof maxItems === 'number') {
        const collected = await collectPages(tool.pagination, request, response.data, maxItems, async (next) => {
          const page = await this.options.client.call(tool.operation, next, callOptions);
          return page.data;
        });
        response = {
          ...response,
          data: attach(payloadOf(collected.data), 'pagination', { pages: collected.pages, items: collected.items, more: collected.more }),
        };
        notes.push(
          `Collected ${collected.items} item(s) from ${collected.pages} page(s)${collected.more ? '; more remain' : '; no more remain'}.`,
        );
      } else {
        response = { ...response, data: payloadOf(response.data) };
      }

      const tasks = this.api.tasks;
      const taskId = tool.startsTask && tasks ? taskIdOf(tasks, response.data) : undefined;
      if (tasks && taskId !== undefined) {
        const pollTool = this.bySpecName.get(tasks.pollTool);
        if (tool.controls?.wait && args[tool.controls.wait] === true && pollTool) {
          const outcome = await waitForTask(
            tasks,
            taskId,
            async (id) => {
              const pollRequest = requestFromArguments(pollTool.arguments, { ...args, [tasks.pollParam]: id });
              return (await this.options.client.call(pollTool.operation, pollRequest, callOptions)).data;
            },
            {
              timeoutMs: this.options.taskTimeoutMs ?? DEFAULT_TASK_TIMEOUT_MS,
              ...(this.options.taskPollMs ? { intervalMs: this.options.taskPollMs } : {}),
              ...(context.progress ? { onProgress: context.progress } : {}),
              ...(context.signal ? { signal: context.signal } : {}),
            },
          );
          response = { ...response, data: attach(response.data, 'task', outcome) };
          failedTask = outcome.done && outcome.success === false;
          notes.push(
            !outcome.done
              ? `Task ${taskId} is still running after ${Math.round(outcome.elapsedMs / 1000)} s; follow it with ${tasks.pollTool} (${tasks.pollParam}: "${taskId}").`
              : outcome.success === false
                ? `Task ${taskId} failed${outcome.error ? `: ${outcome.error}` : ''}.`
                : `Task ${taskId} finished in ${Math.round(outcome.elapsedMs / 1000)} s.`,
          );
        } else {
          notes.push(
            `Started task ${taskId}: follow it with ${tasks.pollTool} (${tasks.pollParam}: "${taskId}")${tool.controls?.wait ? `, or pass ${tool.controls.wait}: true to wait for it` : ''}.`,
          );
        }
      }

      const result = successResult(response, {
        maxTextChars: this.options.maxTextChars ?? DEFAULT_MAX_TEXT_CHARS,
        structured: tool.outputSchema !== undefined && this.options.outputValidation !== 'off',
        ...(tool.output?.wrap ? { wrap: tool.output.wrap } : {}),
      });
      if (notes.length > 0) result.content.unshift({ type: 'text', text: notes.join(' ') });
      if (failedTask) result.isError = true;
      return this.checkOutput(name, tool, result, response);
    } catch (error) {
      if (error instanceof ApiError) return this.conformingError(tool, errorResult(error, this.options.maxTextChars));
      this.options.logger?.error('tool call failed unexpectedly', {
        tool: name,
        error: error instanceof Error ? error.message : String(error),
      });
      return textError(`Tool ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * Destructive tools change nothing until confirmed: by the user through the client when it
   * supports elicitation, else by the model passing `confirm: true` after asking the user. Over
   * HTTP only the operator or the caller's client configuration can allow them (CallContext.remote).
   */
  private async confirmation(
    name: string,
    tool: ToolDefinition,
    args: Record<string, unknown>,
    context: CallContext,
  ): Promise<ToolResult | undefined> {
    if (!tool.confirm || this.options.confirm === false || this.confirmSkip.some((pattern) => pattern.test(tool.name))) return undefined;
    const flag = tool.controls?.confirm;
    if (context.remote) {
      // The globs come from a request header: matched in linear time, whatever their stars.
      if (context.remote.approvedTools.some((glob) => linearRegExp(globSource(glob), 'i').test(tool.name))) return undefined;
      const header = displayHeader(confirmHeader(this.api));
      return textError(
        `${name} is destructive, and over HTTP a model's own ${flag ?? 'confirm'}: true is no one's approval. Nothing was changed. ` +
          `To allow it, add the header "${header}: ${tool.name}" to this server's entry in your MCP client's configuration, ` +
          `or the server's operator sets ${this.api.envPrefix}_CONFIRM_SKIP=${tool.name}.`,
      );
    }
    if (flag && args[flag] === true) return undefined;
    const described = `${tool.title} (${tool.operation.method} ${tool.operation.path}) with ${JSON.stringify(args)}`;
    const answer = await context.elicit?.(`Confirm: ${described}. This is destructive.`);
    if (answer === true) return undefined;
    if (answer === false) return textError(`Not confirmed: ${name} was cancelled and nothing was changed.`);
    return textError(
      `${name} is destructive and needs confirmation: ask the user, then call it again with ${flag ?? 'confirm'}: true. Nothing was changed.`,
    );
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

  /**
   * Tolerant (default): structured content keeps only what conforms to the output schema, so no
   * client refuses it; the full body stays in the text with a note, and each kind of drift is
   * logged once per tool and pointer. Strict: any drift is an error naming pointer and type.
   */
  private checkOutput(name: string, tool: ToolDefinition, result: ToolResult, response: ApiResponse): ToolResult {
    const mode = this.options.outputValidation ?? 'tolerant';
    if (mode === 'off' || !tool.outputSchema) return result;
    const schema = tool.outputSchema;
    // An error result need not carry structured content; one that does must still conform.
    if (result.isError && !result.structuredContent) return result;
    const { mismatches, structured } = fitToSchema(
      result.structuredContent,
      (value) => this.validator.errors(`out:${tool.name}`, schema, value),
      describeBody(response.data, response.contentType),
    );
    if (mismatches.length === 0) return result;
    const summary = describeMismatches(mismatches);
    if (mode === 'strict') {
      const error = textError(`The API's response for ${name} does not match its output schema: ${summary}.`);
      error.content.push(...result.content);
      return error;
    }
    this.reportDrift(name, mismatches);
    const note = `Note: the API's response does not match this tool's output schema (${summary}); structured content leaves those parts out, the text below has the full response.`;
    if (!structured) {
      const error = textError(`The API's response for ${name} cannot be given as structured content: ${summary}.`);
      error.content.push(...result.content);
      return error;
    }
    return { ...result, content: [{ type: 'text', text: redactor.redact(note) }, ...result.content], structuredContent: structured };
  }

  /**
   * Clients check the structured content of error results too: our error fields stay where the
   * tool's output schema allows them (always, for generated schemas; a spec's own top-level
   * `error` property of another type would not), else the text alone carries them.
   */
  private conformingError(tool: ToolDefinition, result: ToolResult): ToolResult {
    const schema = tool.outputSchema;
    if (!schema || !result.structuredContent || this.options.outputValidation === 'off') return result;
    if (this.validator.errors(`out:${tool.name}`, schema, result.structuredContent).length === 0) return result;
    const { structuredContent: _refused, ...withoutFields } = result;
    return withoutFields;
  }

  /** One warn line per tool, pointer (array indices as `*`) and kind of mismatch. */
  private reportDrift(name: string, mismatches: readonly Mismatch[]): void {
    for (const mismatch of mismatches) {
      const key = `${name}|${pointerPattern(mismatch.pointer)}|${mismatch.kind}`;
      if (this.driftReported.has(key) || this.driftReported.size > MAX_DRIFT_REPORTS) continue;
      this.driftReported.add(key);
      if (this.driftReported.size > MAX_DRIFT_REPORTS) {
        this.options.logger?.warn(`more drift than the ${MAX_DRIFT_REPORTS} lines logged; the rest is not logged`);
        continue;
      }
      this.options.logger?.warn(DRIFT_LOG_MESSAGE, { tool: name, ...mismatch });
    }
  }
}

/** What a body that is not a JSON object is, as a drift note names it. */
function describeBody(data: unknown, contentType: string): string {
  if (data === undefined) return 'an empty body';
  const mimeType = contentType.split(';')[0]?.trim() || 'untyped';
  if (Buffer.isBuffer(data)) return `binary ${mimeType}`;
  if (typeof data === 'string' && !/json/i.test(contentType)) return `${mimeType} text`;
  return jsonTypeOf(data);
}

/** Adds a field to an object body (wrapping nothing else), so structured content keeps its shape. */
function attach(data: unknown, key: string, value: unknown): unknown {
  if (data !== null && typeof data === 'object' && !Array.isArray(data)) return { ...(data as Record<string, unknown>), [key]: value };
  return data;
}

export function selectTools(tools: readonly ToolDefinition[], selection: ToolSelection): ToolDefinition[] {
  const include = (selection.include ?? []).map(selector);
  const exclude = (selection.exclude ?? []).map(selector);
  return tools.filter((tool) => {
    if (selection.readOnly && tool.scope !== 'read') return false;
    if (include.length > 0 && !include.some((matches) => matches(tool))) return false;
    return !exclude.some((matches) => matches(tool));
  });
}

/** A glob on tool names, or on tags when written `tag:<glob>`. */
function selector(glob: string): (tool: ToolDefinition) => boolean {
  const trimmed = glob.trim();
  if (trimmed.toLowerCase().startsWith('tag:')) {
    const pattern = globPattern(trimmed.slice(4));
    return (tool) => (tool.tags ?? []).some((tag) => pattern.test(tag));
  }
  const pattern = globPattern(trimmed);
  return (tool) => pattern.test(tool.name);
}

function globPattern(glob: string): RegExp {
  return new RegExp(globSource(glob), 'i');
}

function globSource(glob: string): string {
  const escaped = glob
    .trim()
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return `^${escaped}$`;
}
