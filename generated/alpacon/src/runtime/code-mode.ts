// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/alpacon.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import {
  LOCAL_READ,
  type OperationCatalog,
  type SearchArguments,
  type SearchLimits,
  searchAnswer,
  searchInputSchema,
  searchOperations,
} from './dynamic.js';
import { redactor } from './redact.js';
import { textError, type ToolResult } from './results.js';
import type { SandboxLimits } from './sandbox.js';
import type { ListedTool, ToolDefinition } from './types.js';
import { methodSignature } from './type-signature.js';

/**
 * Code mode: two tools instead of one per operation. `search_operations` answers with the
 * TypeScript signatures of the matching `api` methods; `execute` runs the model's
 * `async function run(api)` in a WebAssembly sandbox on a worker thread (sandbox-host.ts, loaded only here), where every
 * `api.<operation>(args)` is a tool call through the same gates as a direct one.
 */
export const CODE_TOOLS = { search: 'search_operations', execute: 'execute' } as const;

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = {
  memoryBytes: 64 * 1024 * 1024,
  timeoutMs: 30_000,
  maxCalls: 100,
  maxOutputChars: 50_000,
  maxWorkers: 8,
};

/** Results per query a code-mode search returns unless asked for more: each carries a signature. */
export const CODE_SEARCH: SearchLimits = { default: 5, max: 20 };

/** `localMethods`: the server's own tools (ping, status), `api` methods in code mode rather than listed tools. */
export function codeTools(apiTitle: string, operations: number, prefix = '', localMethods: readonly string[] = []): ListedTool[] {
  const status = localMethods.length > 0 ? ` Server status: ${localMethods.map((method) => `api.${method}()`).join(', ')}.` : '';
  return [
    {
      annotations: LOCAL_READ,
      description: `Finds ${apiTitle} operations (${operations} in all) for a few words or the user's request. Returns the TypeScript signature of each matching \`api\` method for ${prefix}${CODE_TOOLS.execute}.`,
      inputSchema: searchInputSchema('What you want to do.', CODE_SEARCH),
      name: `${prefix}${CODE_TOOLS.search}`,
      title: 'Search operations',
    },
    {
      annotations: { destructiveHint: true, idempotentHint: false, openWorldHint: true, readOnlyHint: false },
      description: `Runs JavaScript or TypeScript defining \`async function run(api)\` in a sandbox and returns its JSON result and console output. Each \`await api.<method>(args)\` calls ${apiTitle} (signatures from ${prefix}${CODE_TOOLS.search}); a failed call throws. Destructive calls still need confirmation. No network, files or timers.${status}`,
      inputSchema: {
        type: 'object',
        properties: { code: { type: 'string', minLength: 1, maxLength: 100_000, description: 'The program.' } },
        required: ['code'],
        additionalProperties: false,
      },
      name: `${prefix}${CODE_TOOLS.execute}`,
      title: 'Execute code',
    },
  ];
}

/** `list_apps(args?: { ... }): Promise<{ ... }>`: the method `api.list_apps` in a program. */
export function operationSignature(tool: ToolDefinition): string {
  const required = (tool.inputSchema as { required?: unknown }).required;
  return methodSignature(tool.name, tool.inputSchema, tool.outputSchema, Array.isArray(required) && required.length > 0);
}

/** What an `api` call resolves to in the program: the tool's structured content, else its JSON text; a failed call throws its text. */
export function programResult(result: ToolResult): unknown {
  const texts = result.content.flatMap((part) => (part.type === 'text' ? [part.text] : []));
  if (result.isError) throw new Error(texts.join(' '));
  if (result.structuredContent !== undefined) return result.structuredContent;
  const text = texts.at(-1) ?? '';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** What code mode searches, and how it shows a tool as an `api` method. */
export interface CodeCatalog extends OperationCatalog {
  /** The method as a program calls it; by default operationSignature. */
  readonly signature?: (name: string, tool: ToolDefinition) => string;
}

/** What a server's and a hub's code mode differ in besides the catalog: the `api` methods and how one is called. */
export interface CodeServer extends CodeCatalog {
  readonly limits: SandboxLimits;
  /** Every method of a program's `api`. */
  readonly methods: readonly string[];
  readonly callMethod: (method: string, args: unknown, signal: AbortSignal) => Promise<ToolResult>;
  /** The program as the sandbox runs it (a hub's nests `api` by API); by default as written. */
  readonly program?: (code: string) => string;
}

/** search_operations (each hit as the signature of its `api` method) or execute, `name` being one of them. */
export function codeAnswer(
  name: string,
  args: Readonly<Record<string, unknown>>,
  server: CodeServer,
  signal?: AbortSignal,
): Promise<ToolResult> {
  if (name !== `${server.prefix}${CODE_TOOLS.search}`) {
    const code = String(args.code);
    return executeProgram(server.program ? server.program(code) : code, server, signal);
  }
  return searchAnswer(name, server, args as SearchArguments, CODE_SEARCH, (hit, tool) => ({
    signature: methodOf(server, hit.name, tool),
    summary: hit.summary,
    ...(hit.destructive ? { destructive: true } : {}),
  }));
}

function methodOf(catalog: CodeCatalog, name: string, tool: ToolDefinition): string {
  return catalog.signature ? catalog.signature(name, tool) : operationSignature(tool);
}

/** The signatures of the best three methods for a name a program guessed. */
async function closestMethods(guessed: string, catalog: CodeCatalog): Promise<string[]> {
  const hits = await searchOperations(catalog, guessed.replace(/[_.]+/g, ' '), 3);
  return hits.flatMap((hit) => {
    const tool = catalog.tools.get(hit.name);
    return tool ? [methodOf(catalog, hit.name, tool)] : [];
  });
}

/** Strips TypeScript (esbuild) and runs the program; the result or the error, with console output. */
async function executeProgram(code: string, server: CodeServer, signal?: AbortSignal): Promise<ToolResult> {
  let source: string;
  try {
    const { transform } = await import('esbuild');
    source = (await transform(code, { loader: 'ts', target: 'es2022', logLevel: 'silent' })).code;
  } catch (error) {
    const first = (error as { errors?: { text: string; location?: { line: number; column: number } | null }[] }).errors?.[0];
    const where = first?.location ? ` (line ${first.location.line}, column ${first.location.column + 1})` : '';
    return textError(`The program does not parse${where}: ${first?.text ?? (error instanceof Error ? error.message : String(error))}`);
  }
  const { runInWorker } = await import('./sandbox-host.js');
  const call = async (method: string, args: unknown, callSignal: AbortSignal) =>
    programResult(await server.callMethod(method, args, callSignal));
  const outcome = await runInWorker(source, server.methods, call, server.limits, signal);
  const consoleText = outcome.console ? [{ type: 'text' as const, text: redactor.redact(`console:\n${outcome.console}`) }] : [];
  if (!outcome.ok) {
    // a guessed method name answers what a search would have: the model's next program can be right
    const closest = await Promise.all(
      (outcome.unknownMethods ?? []).map(async (name) => {
        const signatures = await closestMethods(name, server).catch(() => []);
        return `api has no method ${JSON.stringify(name)}${signatures.length > 0 ? `; the closest: ${signatures.join('; ')}` : ''}.`;
      }),
    );
    const error = textError([`${outcome.error} (${outcome.calls} API call(s) made)`, ...closest].join('\n'));
    error.content.push(...consoleText);
    return error;
  }
  return { content: [{ type: 'text', text: redactor.redact(JSON.stringify(outcome.result)) }, ...consoleText] };
}
