/**
 * The runtime's performance shortcuts against the library path each one replaces, measured on
 * generated servers (issue 15 point 7). Each variant is a copy of one generated package whose
 * transpiled runtime is patched to take the library path, then bundled as `mcpgen generate`
 * bundles a bin. Cold start, per-call overhead and RSS as bench/run.ts measures them, A/B
 * interleaved (rounds rotate the order), medians.
 *
 *   npm run build && node --import tsx bench/shortcuts.ts [cloudron|stripe ...]
 *
 * PARTS=cold,stdio,http,load picks the measurements, COLD_RUNS (7), CALLS (500), REPEATS (3)
 * and LOAD_CALLS (1600) their sizes. Writes bench/.work/shortcuts/report.md; ARCHITECTURE.md
 * quotes its figures. Server CPU per call is the steadiest per-call figure on a loaded machine.
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { measure } from './lib/proc.js';
import { coldStart, directFetch, interleavedLatency, type Launch, openHttp, openStdio, type OpenSession } from './lib/mcp.js';
import { SERVER_SPECS, type ServerSpec } from './lib/servers.js';
import { median, rotate, round } from './lib/stats.js';
import { CORPUS, ROOT, WORK } from './lib/subjects.js';
import { startUpstream } from './lib/upstream.js';

/** One file of dist/runtime/ (as esbuild transpiles it, `MCPGEN_BUNDLE=0`) and the text replaced in it. */
interface Patch {
  readonly file: string;
  readonly from: string;
  readonly to: string;
}

interface Variant {
  readonly name: string;
  /** What the variant does instead of the shortcut. */
  readonly library: string;
  readonly patches: readonly Patch[];
}

const VARIANTS: readonly Variant[] = [
  { name: 'shipped', library: 'every shortcut in place', patches: [] },
  {
    name: 'stdio-eager',
    library: "the SDK server loaded at start, before the handshake (stdio.ts' own transport kept)",
    patches: [{ file: 'stdio.js', from: 'open() {\n', to: 'open() {\n        this.load();\n' }],
  },
  {
    name: 'stdio-sdk',
    library: "the SDK server loaded at start over the SDK's StdioServerTransport",
    patches: [
      {
        file: 'cli.js',
        from: '  await serveStdio(\n',
        to: `  {
    const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
    const { createMcpServer, mountTools } = await import('./mcp.js');
    const server = createMcpServer(serverInfo);
    mountTools(server, served);
    const closed = new Promise((resolve) => { server.onclose = resolve; process.stdin.once('end', () => void server.close()); });
    await server.connect(new StdioServerTransport());
    await closed;
  }
  if (false) await serveStdio(
`,
      },
    ],
  },
  {
    name: 'fetch',
    library: 'the global fetch for API calls',
    patches: [
      {
        file: 'http.js',
        from: 'if (options.fetch) return viaFetch(options.fetch, request, options, remaining);',
        to: 'return viaFetch(options.fetch ?? fetch, request, options, remaining);',
      },
    ],
  },
  {
    name: 'ajv-only',
    library: 'Ajv for every schema',
    patches: [{ file: 'validate.js', from: 'const simple = compileSimple(schema);', to: 'const simple = undefined;' }],
  },
  {
    name: 'ajv-eager',
    library: 'Ajv loaded with the runtime instead of on the first schema that needs it',
    patches: [{ file: 'validate.js', from: 'class SchemaValidator {', to: 'createAjv();\nclass SchemaValidator {' }],
  },
  {
    name: 'http-sdk',
    library: "the SDK's StreamableHTTPServerTransport, stateless: a server and a transport per POST",
    patches: [
      {
        file: 'http-server.js',
        from: 'await statelessHttpEndpoint(serverForRuntime(api, runtime))',
        to: 'await statelessHttpEndpoint(() => serverForRuntime(api, runtime))',
      },
      {
        file: 'mcp.js',
        from: 'async function statelessHttpEndpoint(server) {',
        to: `import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
async function statelessHttpEndpoint(makeServer) {
    return {
        handle: (request, response, body, caller) => {
            request.auth = { clientId: 'http-caller', scopes: [], token: '', extra: { [HTTP_CALLER]: caller } };
            const server = makeServer();
            const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
            response.on('close', () => { void transport.close(); void server.close(); });
            void server.connect(transport).then(() => transport.handleRequest(request, response, body));
        },
        close: async () => {},
    };
}
async function unusedStatelessHttpEndpoint(server) {`,
      },
    ],
  },
];

/** VARIANTS=a,b limits a run to those (shipped is always measured). */
const CHOSEN = process.env.VARIANTS?.split(',');
const chosen = (names: string[]) => names.filter((name) => name === 'shipped' || !CHOSEN || CHOSEN.includes(name));
const STDIO_VARIANTS = chosen(['shipped', 'stdio-eager', 'stdio-sdk', 'fetch', 'ajv-only', 'ajv-eager']);
const HTTP_VARIANTS = chosen(['shipped', 'http-sdk', 'fetch']);
const COLD_RUNS = Number(process.env.COLD_RUNS ?? 7);
const CALLS = Number(process.env.CALLS ?? 500);
const REPEATS = Number(process.env.REPEATS ?? 3);
/** Which measurements to run (comma-separated): cold, stdio, http, load. */
const PARTS = new Set((process.env.PARTS ?? 'cold,stdio,http,load').split(','));
const LOAD_CALLERS = 16;
const LOAD_CALLS = Number(process.env.LOAD_CALLS ?? 1600);

const SPEC_FILES: Record<string, string> = {
  cloudron: path.join(ROOT, 'specs', 'cloudron.yaml'),
  stripe: path.join(CORPUS, 'stripe.yaml'),
};

const dirOf = (spec: string, variant: string) => path.join(WORK, 'shortcuts', `${spec}-${variant}`);

/** The package generated once without the bundled bin, then one patched and bundled copy per variant. */
async function prepare(spec: string): Promise<void> {
  const raw = dirOf(spec, 'raw');
  if (!existsSync(path.join(raw, 'dist', 'bin.js'))) {
    const cli = path.join(ROOT, 'dist', 'generator', 'cli', 'index.js');
    const result = await measure({
      command: process.execPath,
      args: [cli, 'generate', SPEC_FILES[spec]!, '-o', raw],
      cwd: ROOT,
      env: { ...process.env, MCPGEN_BUNDLE: '0' },
    });
    if (result.code !== 0) throw new Error(`generating ${spec} failed:\n${result.tail}`);
  }
  for (const variant of VARIANTS) {
    const dir = dirOf(spec, variant.name);
    rmSync(dir, { recursive: true, force: true });
    cpSync(raw, dir, { recursive: true });
    for (const patch of variant.patches) {
      const file = path.join(dir, 'dist', 'runtime', patch.file);
      const text = readFileSync(file, 'utf8');
      if (!text.includes(patch.from)) throw new Error(`${variant.name}: ${patch.file} no longer has ${JSON.stringify(patch.from)}`);
      writeFileSync(file, text.replace(patch.from, patch.to));
    }
    await bundleAsGenerated(dir);
  }
}

/**
 * The patched modules bundled as `mcpgen generate` bundles src/ (generator/build/bundle.ts: the bin
 * and the sandbox's worker, chunks in chunks/, packages left as imports), from their JavaScript.
 */
async function bundleAsGenerated(dir: string): Promise<void> {
  const dist = path.join(dir, 'dist');
  const { build } = await import('esbuild');
  await build({
    entryPoints: ['bin.js', 'runtime/sandbox-worker.js'].map((entry) => path.join(dist, entry)),
    outbase: dist,
    outdir: dist,
    allowOverwrite: true,
    bundle: true,
    splitting: true,
    packages: 'external',
    chunkNames: 'chunks/[name]-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
  });
}

function launchOf(spec: string, variant: string, server: ServerSpec, upstream: string, extra: string[] = []): Launch {
  return {
    command: process.execPath,
    args: ['dist/bin.js', ...extra],
    cwd: dirOf(spec, variant),
    env: { [`${server.prefix}_BASE_URL`]: upstream, ...server.env.ours },
  };
}

async function main(): Promise<void> {
  const specs = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['cloudron', 'stripe'];
  const servers = SERVER_SPECS.filter((server) => specs.includes(server.spec));
  const upstream = await startUpstream(Object.fromEntries(servers.map((server) => [server.path, server.body])));
  const report: string[] = [];
  const line = (text: string) => {
    report.push(text);
    console.log(text);
  };
  try {
    for (const server of servers) {
      await prepare(server.spec);
      const names = [server.ourTool];
      // Cold start and first call, each round in a rotated order.
      const cold = new Map<string, { listed: number[]; first: number[]; idle: number[] }>();
      for (const variant of STDIO_VARIANTS) cold.set(variant, { listed: [], first: [], idle: [] });
      for (let run = 0; run < (PARTS.has('cold') ? COLD_RUNS : 0); run++) {
        for (const variant of rotate(STDIO_VARIANTS, run)) {
          const result = await coldStart(launchOf(server.spec, variant, server, upstream.url), names);
          const samples = cold.get(variant)!;
          samples.listed.push(result.listedMs);
          samples.first.push(result.firstCallMs);
          samples.idle.push(result.idleRssKb / 1024);
        }
      }
      if (PARTS.has('cold')) line(`\n## ${server.spec}: cold start, n=${COLD_RUNS} (medians)`);
      if (PARTS.has('cold')) line('| variant | tools/list ms | first call ms | idle RSS MB |\n|---|---|---|---|');
      for (const [variant, samples] of PARTS.has('cold') ? cold : []) {
        line(`| ${variant} | ${round(median(samples.listed))} | ${round(median(samples.first))} | ${round(median(samples.idle), 1)} |`);
      }
      if (PARTS.has('stdio'))
        await latency(
          server,
          STDIO_VARIANTS,
          (variant) => openStdio(launchOf(server.spec, variant, server, upstream.url), names),
          'stdio',
          upstream,
          line,
        );
      let port = 39000 + Math.floor(Math.random() * 2000);
      const open = (variant: string) => {
        port += 1;
        const launch = launchOf(server.spec, variant, server, upstream.url, ['--http', String(port)]);
        return openHttp(launch, `http://127.0.0.1:${port}/mcp`, server.httpHeaders, names);
      };
      if (PARTS.has('http')) await latency(server, HTTP_VARIANTS, open, 'HTTP', upstream, line);
      if (PARTS.has('load')) await load(server, HTTP_VARIANTS, open, line);
    }
  } finally {
    await upstream.close();
  }
  writeFileSync(path.join(WORK, 'shortcuts', 'report.md'), `${report.join('\n')}\n`);
}

/**
 * Sequential calls of every variant at once, interleaved in chunks with the direct fetch, in
 * REPEATS fresh sessions: medians of the p50s, of the server's CPU time per call and of its RSS
 * after the calls.
 */
async function latency(
  server: ServerSpec,
  variants: readonly string[],
  open: (variant: string) => Promise<OpenSession>,
  kind: string,
  upstream: { url: string; hits: Map<string, number> },
  line: (text: string) => void,
): Promise<void> {
  const samples = new Map(
    variants.map((variant) => [variant, { p50: [] as number[], overhead: [] as number[], cpu: [] as number[], rss: [] as number[] }]),
  );
  const floors: number[] = [];
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    const sessions = new Map<string, OpenSession>();
    try {
      for (const variant of rotate(variants, repeat)) sessions.set(variant, await open(variant));
      // Whatever loads on the first call (the SDK server, Ajv) is not a per-call cost.
      for (const session of sessions.values()) for (let index = 0; index < 5; index++) await session.call();
      const cpuBefore = new Map([...sessions].map(([variant, session]) => [variant, session.cpuMs()]));
      const direct = directFetch(`${upstream.url}${server.path}`);
      const contestants = [direct, ...[...sessions].map(([key, session]) => ({ key, call: () => session.call() }))];
      const warmup = 20;
      const results = await interleavedLatency(
        contestants,
        { toolNames: [server.ourTool], path: server.path, calls: CALLS, warmup },
        upstream.hits,
      );
      const floor = results.get('direct')!.p50;
      floors.push(floor);
      for (const [variant, session] of sessions) {
        const result = results.get(variant)!;
        if (result.errors > 0) throw new Error(`${variant}: ${result.errors} calls failed`);
        const sample = samples.get(variant)!;
        sample.p50.push(result.p50);
        sample.overhead.push(result.p50 - floor);
        sample.cpu.push((session.cpuMs() - cpuBefore.get(variant)!) / (CALLS + warmup));
        sample.rss.push(session.rssKb() / 1024);
      }
    } finally {
      for (const session of sessions.values()) await session.close();
    }
  }
  line(
    `\n## ${server.spec}: ${kind} per call, ${CALLS} calls × ${REPEATS} sessions (medians; direct fetch p50 ${round(median(floors), 2)} ms)`,
  );
  line('| variant | p50 ms | overhead p50 ms | server CPU ms / call | RSS after MB |');
  line('|---|---|---|---|---|');
  for (const [variant, sample] of samples) {
    line(
      `| ${variant} | ${round(median(sample.p50), 2)} | ${round(median(sample.overhead), 2)} | ${round(median(sample.cpu), 3)} | ${round(median(sample.rss), 1)} |`,
    );
  }
}

/** HTTP under load: LOAD_CALLERS concurrent callers, LOAD_CALLS calls in all; wall time and RSS after. */
async function load(
  server: ServerSpec,
  variants: readonly string[],
  open: (variant: string) => Promise<OpenSession>,
  line: (text: string) => void,
): Promise<void> {
  line(`\n## ${server.spec}: HTTP under load, ${LOAD_CALLERS} concurrent callers, ${LOAD_CALLS} calls (3 rounds, medians)`);
  line('| variant | wall ms | calls/s | RSS after MB |');
  line('|---|---|---|---|');
  const samples = new Map(variants.map((variant) => [variant, { wall: [] as number[], rss: [] as number[] }]));
  for (let roundIndex = 0; roundIndex < 3; roundIndex++) {
    for (const variant of rotate(variants, roundIndex)) {
      const session = await open(variant);
      try {
        for (let index = 0; index < 50; index++) await session.call();
        let left = LOAD_CALLS;
        const started = performance.now();
        await Promise.all(
          Array.from({ length: LOAD_CALLERS }, async () => {
            while (left-- > 0) await session.call();
          }),
        );
        samples.get(variant)!.wall.push(performance.now() - started);
        samples.get(variant)!.rss.push(session.rssKb() / 1024);
      } finally {
        await session.close();
      }
    }
  }
  for (const [variant, { wall, rss }] of samples) {
    const ms = median(wall);
    line(`| ${variant} | ${round(ms)} | ${round((LOAD_CALLS / ms) * 1000)} | ${round(median(rss), 1)} |`);
  }
}

await main();
