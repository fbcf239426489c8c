import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import ts from 'typescript';
import type { Launch } from './mcp.js';
import { measure } from './proc.js';
import { BASELINE, outputDir, ROOT, type Spec, WORK } from './subjects.js';

/** `baseline`: the server an earlier mcpgen (BENCH_BASELINE) generates from the same spec. */
export type Impl = 'ours' | 'baseline' | 'omg' | 'kubb';
export const IMPLS: readonly Impl[] = ['ours', ...(BASELINE ? (['baseline'] as const) : []), 'omg', 'kubb'];
/** The servers mcpgen generated (ours and the baseline): same launch, flags and credentials. */
export type McpgenImpl = Extract<Impl, 'ours' | 'baseline'>;
export const isMcpgen = (impl: Impl): impl is McpgenImpl => impl === 'ours' || impl === 'baseline';

/** The argument-free read tool called on each server, and what the upstream answers for it. */
export interface ServerSpec {
  readonly spec: string;
  /** Our env prefix. */
  readonly prefix: string;
  readonly ourTool: string;
  readonly operationId: string;
  readonly path: string;
  readonly body: unknown;
  readonly env: { readonly ours: Record<string, string>; readonly omg: Record<string, string> };
  /** Sent with every HTTP request: our HTTP mode takes credentials per caller, from headers. */
  readonly httpHeaders: Record<string, string>;
}

export const SERVER_SPECS: readonly ServerSpec[] = [
  {
    spec: 'cloudron',
    prefix: 'CLOUDRON',
    ourTool: 'get_cloudron_status',
    operationId: 'getStatus',
    path: '/cloudron/status',
    body: { version: '8.1.0' },
    env: { ours: { CLOUDRON_API_TOKEN: 'bench-token' }, omg: { BEARER_TOKEN_BEARER_AUTH: 'bench-token' } },
    // get_cloudron_status needs no credential
    httpHeaders: {},
  },
  {
    spec: 'stripe',
    prefix: 'STRIPE',
    ourTool: 'get_balance',
    operationId: 'GetBalance',
    path: '/v1/balance',
    body: { object: 'balance', available: [], livemode: false, pending: [] },
    env: { ours: { STRIPE_BEARER_AUTH_TOKEN: 'bench-token' }, omg: { BEARER_TOKEN_BEARERAUTH: 'bench-token' } },
    // Over HTTP ours takes each caller's credential from headers (its README); the peer ignores it.
    httpHeaders: { 'x-stripe-bearer-auth-token': 'bench-token' },
  },
];

/** The stdio launch of each server, from the outputs the timed runs left behind. */
export function stdioLaunch(impl: Impl, spec: Spec, server: ServerSpec, upstreamUrl: string): Launch {
  switch (impl) {
    case 'ours':
    case 'baseline': {
      const dir = outputDir(`${impl}+build`, spec);
      return {
        command: process.execPath,
        args: ['dist/bin.js'],
        cwd: dir,
        env: { [`${server.prefix}_BASE_URL`]: upstreamUrl, ...server.env.ours },
      };
    }
    case 'omg': {
      const dir = outputDir('omg+build', spec);
      return { command: process.execPath, args: ['build/index.js'], cwd: dir, env: { API_BASE_URL: upstreamUrl, ...server.env.omg } };
    }
    case 'kubb':
      // Kubb bakes the base URL in at generation (pluginClient baseURL); tsx runs its TypeScript.
      return { command: process.execPath, args: ['--import', 'tsx', 'start.ts'], cwd: outputDir('kubb', spec), env: {} };
  }
}

export function builtOutputExists(impl: Impl, spec: Spec): boolean {
  if (isMcpgen(impl)) return existsSync(path.join(outputDir(`${impl}+build`, spec), 'dist', 'bin.js'));
  if (impl === 'omg') return existsSync(path.join(outputDir('omg+build', spec), 'build', 'index.js'));
  return existsSync(path.join(outputDir('kubb', spec), 'gen', 'mcp', 'server.ts'));
}

/** Whether an mcpgen-generated runtime has the Streamable HTTP transport (`--http <port>`). */
export function mcpgenHasHttp(impl: McpgenImpl, spec: Spec): boolean {
  const cli = path.join(outputDir(`${impl}+build`, spec), 'src', 'runtime', 'cli.ts');
  return existsSync(cli) && readFileSync(cli, 'utf8').includes('--http');
}

export interface HttpLaunch {
  readonly launch: Launch;
  readonly url: string;
}

export async function mcpgenHttpLaunch(impl: McpgenImpl, spec: Spec, server: ServerSpec, upstreamUrl: string): Promise<HttpLaunch> {
  const port = await freePort();
  const launch = stdioLaunch(impl, spec, server, upstreamUrl);
  return { launch: { ...launch, args: [...launch.args, '--http', String(port)] }, url: `http://127.0.0.1:${port}/mcp` };
}

/**
 * openapi-mcp-generator's Streamable HTTP server is a different generation (`--transport
 * streamable-http --port N`). Not timed: it is transpiled without type checking to save the run
 * a second full tsc.
 */
export async function omgHttpLaunch(spec: Spec, server: ServerSpec, upstreamUrl: string): Promise<HttpLaunch> {
  const port = await freePort();
  const dir = path.join(WORK, spec.id, 'omg-http');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const omg = path.join(ROOT, 'node_modules', 'openapi-mcp-generator', 'bin', 'openapi-mcp-generator.js');
  const result = await measure({
    command: process.execPath,
    args: [omg, '-i', spec.file, '-o', dir, '--force', '--transport', 'streamable-http', '--port', String(port)],
    cwd: ROOT,
  });
  if (result.code !== 0) throw new Error(`openapi-mcp-generator --transport streamable-http failed:\n${result.tail}`);
  transpileFolder(path.join(dir, 'src'), path.join(dir, 'build'));
  return {
    launch: { command: process.execPath, args: ['build/index.js'], cwd: dir, env: { API_BASE_URL: upstreamUrl, ...server.env.omg } },
    url: `http://127.0.0.1:${port}/mcp`,
  };
}

function transpileFolder(source: string, out: string): void {
  for (const entry of readdirSync(source)) {
    if (!entry.endsWith('.ts')) continue;
    const output = ts.transpileModule(readFileSync(path.join(source, entry), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: entry,
    });
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, entry.replace(/\.ts$/, '.js')), output.outputText);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
