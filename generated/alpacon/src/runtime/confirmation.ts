// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/alpacon.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import { confirmHeader, displayHeader } from './caller-credentials.js';
import type { ServerConfig } from './config.js';
import { globMatcher, matchesAnyGlob } from './glob.js';
import { type ToolResult, textError } from './results.js';
import type { ApiDefinition, ToolDefinition } from './types.js';

/** What a call brings to the gate (part of tools.ts' CallContext). */
export interface ConfirmationContext {
  /**
   * Asks the user through the client (MCP elicitation). Resolves true when confirmed,
   * false when declined, undefined when this client cannot be asked.
   */
  readonly elicit?: (message: string) => Promise<boolean | undefined>;
  /**
   * Set for calls over HTTP, where no one can be asked and the model's own `confirm: true` is no
   * human's approval: a destructive tool runs only when the operator allows it (`confirm: false`,
   * `confirmSkip`) or the caller's client configuration pre-approves it (`approvedTools`, globs
   * from the `x-<prefix>-confirm` header, which a model cannot set).
   */
  readonly remote?: { readonly approvedTools: readonly string[] };
}

/**
 * Destructive tools change nothing until confirmed: by the user through the client when it
 * supports elicitation, else by the model passing `confirm: true` after asking the user. Over
 * HTTP only the operator or the caller's client configuration can allow them (ConfirmationContext.remote).
 */
export class ConfirmationGate {
  private readonly skip: ((name: string) => boolean)[];

  constructor(
    private readonly api: ApiDefinition,
    private readonly options: Pick<ServerConfig, 'confirm' | 'confirmSkip'>,
  ) {
    this.skip = (options.confirmSkip ?? []).map(globMatcher);
  }

  /** Undefined when the call may go ahead, else the result that says why it does not. */
  async refusal(
    name: string,
    tool: ToolDefinition,
    args: Record<string, unknown>,
    context: ConfirmationContext,
  ): Promise<ToolResult | undefined> {
    if (!tool.confirm || this.options.confirm === false || this.skip.some((matches) => matches(tool.name))) return undefined;
    const flag = tool.controls?.confirm ?? 'confirm';
    if (context.remote) {
      // The globs come from a request header: globMatcher's time is bounded whatever their stars.
      if (matchesAnyGlob(context.remote.approvedTools, tool.name)) return undefined;
      const header = displayHeader(confirmHeader(this.api));
      return textError(
        `${name} is destructive, and over HTTP a model's own ${flag}: true is no one's approval. Nothing was changed. ` +
          `To allow it, add the header "${header}: ${tool.name}" to this server's entry in your MCP client's configuration, ` +
          `or the server's operator sets ${this.api.envPrefix}_CONFIRM_SKIP=${tool.name}.`,
      );
    }
    if (tool.controls?.confirm && args[tool.controls.confirm] === true) return undefined;
    const described = `${tool.title} (${tool.operation.method} ${tool.operation.path}) with ${JSON.stringify(args)}`;
    const answer = await context.elicit?.(`Confirm: ${described}. This is destructive.`);
    if (answer === true) return undefined;
    if (answer === false) return textError(`Not confirmed: ${name} was cancelled and nothing was changed.`);
    return textError(
      `${name} is destructive and needs confirmation: ask the user, then call it again with ${flag}: true. Nothing was changed.`,
    );
  }
}
