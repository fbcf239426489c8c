import { spawn } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CallToolResultSchema, ListToolsResultSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { percentile, rotate } from './stats.js';
import { treeCpuMs, treePids, treeRssKb } from './proc.js';

/** How to start one server: a command line, and for HTTP the port it will listen on. */
export interface Launch {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
}

export interface ToolsStats {
  readonly count: number;
  /** UTF-8 bytes of the `tools` array of the tools/list result, as JSON. */
  readonly bytes: number;
  readonly bytesPerTool: number;
  /** Bytes per tool of name, description and inputSchema alone: what every server here serves. */
  readonly coreBytesPerTool: number;
  /** Tools that state readOnlyHint, destructiveHint, idempotentHint and openWorldHint. */
  readonly allFourAnnotations: number;
  readonly withOutputSchema: number;
}

export interface Latency {
  readonly calls: number;
  readonly p50: number;
  readonly p99: number;
  /** Results flagged isError (the upstream answered 200, so these are the server's own failures). */
  readonly errors: number;
  /** Requests the upstream received for the tool's path during the measured calls. */
  readonly upstreamHits: number;
}

const HINTS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;

export function toolsStats(tools: readonly Tool[]): ToolsStats {
  const bytes = Buffer.byteLength(JSON.stringify(tools));
  return {
    count: tools.length,
    bytes,
    bytesPerTool: tools.length ? bytes / tools.length : Number.NaN,
    coreBytesPerTool: tools.length
      ? Buffer.byteLength(JSON.stringify(tools.map(({ name, description, inputSchema }) => ({ name, description, inputSchema })))) /
        tools.length
      : Number.NaN,
    allFourAnnotations: tools.filter((tool) => HINTS.every((hint) => typeof tool.annotations?.[hint] === 'boolean')).length,
    withOutputSchema: tools.filter((tool) => tool.outputSchema !== undefined).length,
  };
}

interface StdioConnection {
  readonly client: Client;
  readonly pid: number;
  readonly stderr: () => string;
  close(): Promise<void>;
}

async function connectStdio(launch: Launch): Promise<StdioConnection> {
  const transport = new StdioClientTransport({
    command: launch.command,
    args: [...launch.args],
    cwd: launch.cwd,
    env: { ...(process.env as Record<string, string>), ...launch.env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-3000);
  });
  const client = new Client({ name: 'mcpgen-bench', version: '1.0.0' });
  await client.connect(transport);
  const pid = transport.pid ?? 0;
  return {
    client,
    pid,
    stderr: () => stderr,
    close: async () => {
      for (const each of pid ? treePids(pid).reverse() : []) {
        try {
          process.kill(each, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await client.close();
    },
  };
}

/** tools/list through the SDK client without its client-side output-schema compilation. */
async function listTools(client: Client): Promise<Tool[]> {
  const tools: Tool[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.request({ method: 'tools/list', params: cursor ? { cursor } : {} }, ListToolsResultSchema);
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor);
  return tools;
}

export interface ColdStart {
  /** Spawn → initialize → tools/list answered (the cold start the targets use). */
  readonly listedMs: number;
  /** Spawn → … → the first call of the read tool answered: a server may defer work past the listing. */
  readonly firstCallMs: number;
  /** Resident memory right after tools/list, before any call: what a connected but unused server costs. */
  readonly idleRssKb: number;
}

/** Spawn → initialize → tools/list answered, then the first call. */
export async function coldStart(launch: Launch, toolNames: readonly string[]): Promise<ColdStart> {
  const started = performance.now();
  const connection = await connectStdio(launch);
  try {
    const tools = await listTools(connection.client);
    const listedMs = performance.now() - started;
    const idleRssKb = treeRssKb(connection.pid);
    const name = pickTool(tools, toolNames);
    const afterRss = performance.now();
    await callTool(connection.client, name);
    const firstCallMs = listedMs + (performance.now() - afterRss); // the RSS reading is not the server's time
    return { listedMs, firstCallMs, idleRssKb };
  } finally {
    await connection.close();
  }
}

export interface CallPlan {
  /** Candidate tool names, first match wins (each generator names tools its own way). */
  readonly toolNames: readonly string[];
  readonly path: string;
  readonly calls: number;
  readonly warmup: number;
}

/** One connected server: its tools and a call of the argument-free read tool. */
export interface OpenSession {
  readonly tools: ToolsStats;
  readonly tool: string;
  /** Resident memory of the server now, KiB. */
  rssKb(): number;
  /** CPU time the server has used so far, ms. */
  cpuMs(): number;
  /** One call; true when the result is flagged isError. */
  call(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * `calls` calls of a stdio server that writes a CPU profile into `dir` when it exits: closed by
 * its client (stdin ends), not killed, so that it writes one.
 */
export async function profiledStdio(launch: Launch, toolNames: readonly string[], calls: number, dir: string): Promise<void> {
  const profiled = { ...launch, args: ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...launch.args] };
  const connection = await connectStdio(profiled);
  try {
    const name = pickTool(await listTools(connection.client), toolNames);
    for (let index = 0; index < calls; index++) await callTool(connection.client, name);
  } catch (error) {
    await connection.close();
    throw error;
  }
  await connection.client.close();
}

/** Spawns a server over stdio, lists its tools and picks the tool to call. */
export async function openStdio(launch: Launch, toolNames: readonly string[]): Promise<OpenSession> {
  const connection = await connectStdio(launch);
  try {
    const tools = await listTools(connection.client);
    const name = pickTool(tools, toolNames);
    return {
      tools: toolsStats(tools),
      tool: name,
      rssKb: () => treeRssKb(connection.pid),
      cpuMs: () => treeCpuMs(connection.pid),
      call: () => callTool(connection.client, name),
      close: () => connection.close(),
    };
  } catch (error) {
    await connection.close();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${connection.stderr()}`, { cause: error });
  }
}

/** The same over Streamable HTTP: the server is started here and listens at `url`. */
export async function openHttp(
  launch: Launch,
  url: string,
  headers: Record<string, string>,
  toolNames: readonly string[],
): Promise<OpenSession> {
  const child = spawn(launch.command, [...launch.args], {
    cwd: launch.cwd,
    env: { ...process.env, ...launch.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-3000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    child.kill('SIGKILL');
    await exited;
  };
  try {
    const client = await connectHttp(
      url,
      headers,
      () => child.exitCode !== null,
      () => output,
    );
    const tools = await listTools(client);
    const name = pickTool(tools, toolNames);
    return {
      tools: toolsStats(tools),
      tool: name,
      rssKb: () => treeRssKb(child.pid ?? 0),
      cpuMs: () => treeCpuMs(child.pid ?? 0),
      call: () => callTool(client, name),
      close: async () => {
        await client.close().catch(() => undefined);
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function callTool(client: Client, name: string): Promise<boolean> {
  const result = await client.request({ method: 'tools/call', params: { name, arguments: {} } }, CallToolResultSchema);
  return result.isError === true;
}

/** Something timed call by call: a server's tool, or the direct fetch of the upstream. */
export interface Timed {
  readonly key: string;
  /** One call; true when it failed. */
  call(): Promise<boolean>;
}

/** Calls per chunk: every contestant runs one chunk a round, so each sees the machine as it was then. */
const CHUNK = 50;

/**
 * `plan.calls` timed calls of each contestant after `plan.warmup` untimed ones, interleaved in
 * chunks (each round in a rotated order), the direct fetch among them. On a machine whose speed
 * drifts, calls made minutes apart are not comparable; chunks of the same round are.
 */
export async function interleavedLatency(
  contestants: readonly Timed[],
  plan: CallPlan,
  hits: Map<string, number>,
): Promise<Map<string, Latency>> {
  for (const contestant of contestants) for (let index = 0; index < plan.warmup; index++) await contestant.call();
  const samples = new Map(contestants.map((contestant) => [contestant.key, { times: [] as number[], errors: 0, hits: 0 }]));
  const rounds = Math.ceil(plan.calls / CHUNK);
  for (let round = 0; round < rounds; round++) {
    const size = Math.min(CHUNK, plan.calls - round * CHUNK);
    for (const contestant of rotate(contestants, round)) {
      const sample = samples.get(contestant.key)!;
      const before = hitsFor(hits, plan.path);
      for (let index = 0; index < size; index++) {
        const started = performance.now();
        const failed = await contestant.call();
        sample.times.push(performance.now() - started);
        if (failed) sample.errors++;
      }
      sample.hits += hitsFor(hits, plan.path) - before;
    }
  }
  return new Map(
    [...samples].map(([key, sample]) => [
      key,
      {
        calls: sample.times.length,
        p50: percentile(sample.times, 50),
        p99: percentile(sample.times, 99),
        errors: sample.errors,
        upstreamHits: sample.hits,
      },
    ]),
  );
}

/** The floor: the same upstream URL fetched directly from this process (failed: not a 200). */
export function directFetch(url: string): Timed {
  return {
    key: 'direct',
    call: async () => {
      const response = await fetch(url);
      await response.json();
      return !response.ok;
    },
  };
}

async function connectHttp(url: string, headers: Record<string, string>, dead: () => boolean, output: () => string): Promise<Client> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = new Client({ name: 'mcpgen-bench', version: '1.0.0' });
    try {
      await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
      return client;
    } catch (error) {
      if (dead() || Date.now() > deadline) {
        throw new Error(`HTTP server at ${url} did not answer: ${error instanceof Error ? error.message : String(error)}\n${output()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function pickTool(tools: readonly Tool[], names: readonly string[]): string {
  const normalize = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');
  for (const wanted of names) {
    const found = tools.find((tool) => tool.name === wanted) ?? tools.find((tool) => normalize(tool.name) === normalize(wanted));
    if (found) return found.name;
  }
  throw new Error(`none of the tools ${names.join(', ')} is served (${tools.length} tools)`);
}

function hitsFor(hits: Map<string, number>, suffix: string): number {
  let total = 0;
  for (const [pathname, count] of hits) if (pathname.endsWith(suffix)) total += count;
  return total;
}

/**
 * For a server whose tools/list the SDK client could not take: initialize, then tools/list as
 * raw JSON-RPC lines over stdio, counting the bytes of the answer (stopped at `timeoutMs`).
 */
export async function rawToolsList(launch: Launch, timeoutMs: number): Promise<{ bytes: number; ms: number; complete: boolean }> {
  const child = spawn(launch.command, [...launch.args], {
    cwd: launch.cwd,
    env: { ...process.env, ...launch.env },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const started = performance.now();
  let lines = 0;
  let bytes = 0;
  let listStart = 0;
  const done = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      for (let index = 0; index < chunk.length; index++) {
        bytes++;
        if (chunk[index] !== 10) continue;
        lines++;
        if (lines === 1) {
          listStart = bytes;
          child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
          child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} })}\n`);
        } else if (lines === 2) {
          clearTimeout(timer);
          resolve(true);
          return;
        }
      }
    });
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  const initialize = { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'mcpgen-bench', version: '1.0.0' } };
  child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: initialize })}\n`);
  const complete = await done;
  const ms = performance.now() - started;
  for (const pid of child.pid ? treePids(child.pid).reverse() : []) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return { bytes: bytes - listStart, ms, complete };
}
