// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/cloudron.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
/**
 * One MCP server for several generated APIs (`mcpgen hub`): each API keeps its own runtime (its
 * `<PREFIX>_*` configuration and credentials, read-only/include/exclude, token logins and rate
 * limits), its tools served under its name as a prefix (`cloudron_list_apps`). In dynamic mode the
 * hub serves three meta-tools that search, describe and invoke across every API at once; in code
 * mode one search and one `execute` whose `api` has a namespace per API (`api.cloudron.list_apps()`).
 */
import { type CodeCatalog, CODE_TOOLS, codeAnswer, codeTools, DEFAULT_SANDBOX_LIMITS, operationSignature } from './code-mode.js';
import { configFromEnv, type Env, type ToolsMode } from './config.js';
import { ConfigurationError } from './errors.js';
import { metaAnswer, metaTools, prepareSearch } from './dynamic.js';
import { ModeTools } from './mode-tools.js';
import { textError, type ToolResult } from './results.js';
import type { SandboxLimits } from './sandbox.js';
import { createToolRuntime, type RegisterOptions } from './tool-setup.js';
import type { CallContext, ToolRuntime } from './tools.js';
import type { ApiDefinition, ListedTool, ToolDefinition } from './types.js';
import { SchemaValidator } from './validate.js';

/** A generated package's definitions, as its index exports them. */
export interface HubPackage {
  readonly api: ApiDefinition;
  readonly tools: readonly ToolDefinition[];
}

/** `toolsMode` and `codeLimits` (from `MCPGEN_HUB_*`) as a single server takes them, over all APIs at once. */
export interface HubOptions extends Pick<RegisterOptions, 'codeLimits' | 'logger' | 'toolsMode'> {
  /** Where every API's `<PREFIX>_*` variables are read. */
  readonly env: Env;
  /**
   * Over HTTP: false keeps every API's environment credentials from the callers (each sends its
   * own, see hub-http.ts); `describeCredential` says which header carries a missing one.
   */
  readonly envCredentials?: boolean;
  readonly describeCredential?: (api: ApiDefinition) => NonNullable<RegisterOptions['describeCredential']>;
}

/** The API's namespace in a code-mode program's `api` object: "control-plane" → `api.control_plane`. */
export function hubNamespace(api: Pick<ApiDefinition, 'name'>): string {
  return api.name.replace(/[^A-Za-z0-9]+/g, '_').toLowerCase();
}

/**
 * Over HTTP one request carries every API's caller credentials and approvals: each keyed
 * `<namespace>/<name>` (no namespace holds a slash), and each API's runtime is handed only its own.
 */
export function hubCallerKey(api: Pick<ApiDefinition, 'name'>, name: string): string {
  return `${hubNamespace(api)}/${name}`;
}

export class HubRuntime {
  /** Served tool name → the runtime of its API and the API's namespace (code mode's `api.<namespace>.<method>`, caller keys). */
  private readonly owners = new Map<string, { readonly runtime: ToolRuntime; readonly namespace: string }>();
  /** Every API tool of every API, by served name: what dynamic mode searches. */
  private readonly operations = new Map<string, ToolDefinition>();
  /** What the modes search: every API tool, in code mode each shown as `cloudron.list_apps(args?: ...): Promise<...>`. */
  private readonly catalog: CodeCatalog;
  /** Dynamic or code mode's tools across every API; none in direct mode. */
  private readonly modeTools: ModeTools | undefined;
  private listed: ListedTool[] | undefined;

  constructor(
    private readonly runtimes: readonly ToolRuntime[],
    private readonly apis: readonly ApiDefinition[],
    mode: ToolsMode = 'direct',
    private readonly codeLimits: SandboxLimits = DEFAULT_SANDBOX_LIMITS,
  ) {
    runtimes.forEach((runtime, index) => {
      const namespace = hubNamespace(apis[index] as ApiDefinition);
      for (const name of runtime.names()) {
        if (this.owners.has(name)) throw new ConfigurationError(`two APIs in the hub serve a tool named "${name}"`);
        this.owners.set(name, { runtime, namespace });
      }
      for (const [name, tool] of runtime.served()) this.operations.set(name, tool);
    });
    // Each API's name and title are shared by all its operations: they rank little, but a query
    // naming one API ranks that API's operations first.
    const ignoredWords = apis.flatMap((api) => [api.name, api.title]);
    const parts = apis.map((api) => ({ name: api.name, prefix: `${hubNamespace(api)}_` }));
    const signature = (served: string, tool: ToolDefinition) => `${this.owners.get(served)?.namespace ?? ''}.${operationSignature(tool)}`;
    this.catalog = { prefix: '', tools: this.operations, ignoredWords, parts, signature };
    if (mode !== 'direct') this.modeTools = new ModeTools(mode, this.servedModeTools(mode), new SchemaValidator());
  }

  get size(): number {
    return this.owners.size;
  }

  list(): ListedTool[] {
    if (this.listed) return this.listed;
    const all = this.runtimes.flatMap((runtime) => runtime.list());
    if (!this.modeTools) return (this.listed = all);
    prepareSearch(this.catalog);
    // in code mode the servers' own tools are `api` methods
    const local = this.modeTools.mode === 'code' ? [] : all.filter((tool) => !this.operations.has(tool.name));
    return (this.listed = [...this.modeTools.tools, ...local]);
  }

  /** Dynamic mode's three meta-tools, or code mode's two, the servers' own tools (ping, status) `api` methods. */
  private servedModeTools(mode: ModeTools['mode']): ListedTool[] {
    const titles = this.apis.map((api) => api.title).join(', ');
    if (mode === 'dynamic') return metaTools(titles, this.operations.size);
    const local = [...this.owners.keys()].filter((name) => !this.operations.has(name)).map((name) => this.method(name));
    const namespaces = this.apis.map((api) => `api.${hubNamespace(api)}`).join(', ');
    return codeTools(titles, this.operations.size, '', local).map((tool) =>
      tool.name === CODE_TOOLS.execute
        ? {
            ...tool,
            description: `${tool.description} Each API is a namespace of \`api\` (${namespaces}): \`await api.${hubNamespace(this.apis[0] as ApiDefinition)}.<method>(args)\`.`,
          }
        : tool,
    );
  }

  /** `cloudron_list_apps` → `cloudron.list_apps`: where a served tool is in a program's `api`. */
  private method(name: string): string {
    const namespace = this.owners.get(name)?.namespace ?? '';
    return `${namespace}.${name.slice(namespace.length + 1)}`;
  }

  async call(name: string, args: unknown, context: CallContext = {}): Promise<ToolResult> {
    // As on a single server: in dynamic mode API tools are reached through invoke_operation and the
    // servers' own tools (ping, status) by name; in code mode everything goes through the two tools.
    const { modeTools } = this;
    if (modeTools && (modeTools.mode === 'code' || !this.owners.has(name) || this.operations.has(name))) {
      return this.callModeTool(modeTools, name, args ?? {}, context);
    }
    return this.callOwner(name, args, context);
  }

  /** Every path to an API's tool ends here: its own runtime, given only its own caller credentials and approvals. */
  private callOwner(name: string, args: unknown, context: CallContext): Promise<ToolResult> {
    const owner = this.owners.get(name);
    if (!owner) {
      return Promise.resolve(textError(`Unknown tool "${name}". Call tools/list to see the ${this.size} available tools.`));
    }
    return owner.runtime.call(name, args, scopeContext(context, owner.namespace));
  }

  /** A call to one of the mode's tools, its arguments checked first, as on a single server. */
  private async callModeTool(modeTools: ModeTools, name: string, rawArgs: unknown, context: CallContext): Promise<ToolResult> {
    const refusal = modeTools.refusal(name, rawArgs);
    if (refusal) return refusal;
    const args = rawArgs as Record<string, unknown>;
    if (modeTools.mode === 'dynamic') {
      return metaAnswer(name, args, { ...this.catalog, invoke: (target, targetArgs) => this.callOwner(target, targetArgs, context) });
    }
    const served = new Map([...this.owners.keys()].map((tool) => [this.method(tool), tool]));
    const callMethod = (method: string, methodArgs: unknown, signal: AbortSignal) =>
      this.callOwner(served.get(method) ?? method, methodArgs, { ...context, signal });
    const server = {
      ...this.catalog,
      limits: this.codeLimits,
      methods: [...served.keys()],
      callMethod,
      program: nestedApiProgram,
    };
    return codeAnswer(name, args, server, context.signal);
  }

  /** Logs every API out where it has a logout. */
  async close(): Promise<void> {
    await Promise.all(this.runtimes.map((runtime) => runtime.close()));
  }
}

/**
 * The hub of these packages: each API configured from its own `<PREFIX>_*` variables (credentials,
 * base URL, read-only, include/exclude...), always direct, its tools prefixed with its name.
 */
export function createHubRuntime(packages: readonly HubPackage[], options: HubOptions): HubRuntime {
  const runtimes = packages.map(({ api, tools }) =>
    createToolRuntime(api, tools, {
      ...configFromEnv(api, options.env),
      ...(options.logger ? { logger: options.logger } : {}),
      // Over HTTP without the operator's opt-in, the environment's credentials serve no caller.
      ...(options.envCredentials === false ? { credentials: {}, credentialsFile: undefined } : {}),
      ...(options.describeCredential ? { describeCredential: options.describeCredential(api) } : {}),
      // "control-plane" → control_plane_list_apps
      prefix: `${hubNamespace(api)}_`,
      toolsMode: 'direct',
    }),
  );
  return new HubRuntime(
    runtimes,
    packages.map((entry) => entry.api),
    options.toolsMode,
    { ...DEFAULT_SANDBOX_LIMITS, ...options.codeLimits },
  );
}

/**
 * The part of a hub call's context that is this API's: caller credentials and approvals keyed
 * `<namespace>/<name>` (hubCallerKey) with the key stripped; another API's never pass.
 */
export function scopeContext(context: CallContext, namespace: string): CallContext {
  const { credentials, remote, ...rest } = context;
  const own = (key: string) => (key.startsWith(`${namespace}/`) ? [key.slice(namespace.length + 1)] : []);
  const scoped = Object.fromEntries(Object.entries(credentials ?? {}).flatMap(([key, value]) => own(key).map((name) => [name, value])));
  return {
    ...rest,
    ...(Object.keys(scoped).length > 0 ? { credentials: scoped } : {}),
    ...(remote ? { remote: { approvedTools: remote.approvedTools.flatMap(own) } } : {}),
  };
}

/**
 * The sandbox gives a program a flat `api` ("cloudron.list_apps" a key): this wraps the program so
 * its `run` gets one object per API instead; names that are no method still reach the flat `api`,
 * so a guessed one (`api.cloudron.list_app`) is answered with the closest methods. The wrapper opens on the program's first line, so
 * parse errors keep their line numbers.
 */
function nestedApiProgram(code: string): string {
  return `globalThis.run = (() => {${code}
;return typeof run === 'function'
  ? (flat) => {
      const api = {};
      for (const key of Object.keys(flat)) {
        const dot = key.indexOf('.');
        (api[key.slice(0, dot)] ??= {})[key.slice(dot + 1)] = flat[key];
      }
      // a name that is no method is looked up on flat, which reports it to the host
      const lookup = (target, prefix) =>
        new Proxy(Object.freeze(target), { get: (own, key) => (typeof key === 'string' && !(key in own) ? flat[prefix + key] : own[key]) });
      for (const namespace of Object.keys(api)) api[namespace] = lookup(api[namespace], namespace + '.');
      return run(lookup(api, ''));
    }
  : undefined;
})();`;
}
