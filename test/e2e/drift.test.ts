/**
 * Upstream drift, end to end: every tool with an output schema of the three shipped servers and
 * of the Stripe corpus server answers each kind of drifted 2xx body, called with the real SDK
 * Client after listTools() (so the client checks structured content as real clients do). No call
 * may be rejected; the body must be in the text; structured content must be valid against the
 * declared schema (Ajv); strict mode must turn the drift into an isError; and `mcpgen drift` must
 * report what the servers logged.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProgram } from '../../generator/cli/program.js';
import { generate } from '../../generator/index.js';
import { connectStdio, ROOT, type StdioSession, textOf } from '../support/mcp-client.js';
import { type PrivateBuild, privateBuild, TMP } from '../support/private-build.js';
import { sampleObject, wrongTypes } from '../support/schema-samples.js';
import { MAX_DRIFT_REPORTS } from '../../templates/runtime/output-check.js';

interface Reply {
  readonly body?: string;
  readonly contentType?: string;
  readonly status: number;
}

interface DriftKind {
  readonly name: string;
  readonly reply: (tool: Tool) => Reply;
  /** What the text content must hold: the body as sent, or for no body the server's words for it. */
  readonly inText: (reply: Reply) => string;
}

const json = (value: unknown): Reply => ({ status: 200, contentType: 'application/json', body: JSON.stringify(value) });
const bodyText = (reply: Reply) => reply.body ?? '';

/** Every property the output schema declares, of another type. */
const WRONG_TYPES: DriftKind = {
  name: 'every declared property of another type',
  reply: (tool) => json(wrongTypes(tool.outputSchema)),
  inText: bodyText,
};
const PLAIN_TEXT: DriftKind = {
  name: 'plain text',
  reply: () => ({ status: 200, contentType: 'text/plain', body: 'OK: queued as job 7' }),
  inText: bodyText,
};

const KINDS: readonly DriftKind[] = [
  WRONG_TYPES,
  { name: 'declared properties missing, others added', reply: () => json({ drift_extra: { nested: [1, 'two'] } }), inText: bodyText },
  { name: 'an array instead of an object', reply: () => json([{ id: 1 }, 'two', null]), inText: bodyText },
  { name: 'an object where a list is expected', reply: () => json({ items: 'not a list', data: { count: 'three' } }), inText: bodyText },
  { name: 'JSON null', reply: () => json(null), inText: bodyText },
  { name: 'a number', reply: () => json(42.5), inText: bodyText },
  { name: 'a JSON string', reply: () => json('accepted'), inText: bodyText },
  { name: 'an empty 200 body', reply: () => ({ status: 200, contentType: 'application/json' }), inText: () => 'HTTP 200, no content' },
  { name: 'a 204', reply: () => ({ status: 204 }), inText: () => 'HTTP 204, no content' },
  PLAIN_TEXT,
  {
    name: 'an HTML page',
    reply: () => ({ status: 200, contentType: 'text/html', body: '<html><body><h1>Maintenance</h1></body></html>' }),
    inText: bodyText,
  },
];

/** Strict mode: a drift of every kind that no output schema accepts, and the per-property one. */
const STRICT_KINDS = [WRONG_TYPES, PLAIN_TEXT];

/** One upstream for every server: the first path segment names the API, whose current reply it sends. */
class DriftUpstream {
  readonly current = new Map<string, Reply>();
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
        // Cloudways exchanges its e-mail and API key for a bearer token first.
        if (pathname.endsWith('/oauth/access_token')) {
          response.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"drift-token","expires_in":3600}');
          return;
        }
        const reply = this.current.get(pathname.split('/')[1] ?? '') ?? { status: 500, body: 'no reply set' };
        response.writeHead(reply.status, reply.contentType ? { 'content-type': reply.contentType } : {}).end(reply.body);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

interface ApiUnderTest {
  readonly name: string;
  readonly bin: () => string;
  readonly env: (base: string) => Record<string, string>;
}

const upstream = new DriftUpstream();
const OUT = path.join(TMP, 'drift');
const builds: PrivateBuild[] = [];
let stripeBin = '';

const shipped = (name: string) => () => {
  const build = privateBuild(name);
  builds.push(build);
  return build.bin;
};

const APIS: readonly ApiUnderTest[] = [
  { name: 'cloudron', bin: shipped('cloudron'), env: (base) => ({ CLOUDRON_BASE_URL: base, CLOUDRON_API_TOKEN: 'drift-token' }) },
  {
    name: 'cloudways',
    bin: shipped('cloudways'),
    env: (base) => ({ CLOUDWAYS_BASE_URL: base, CLOUDWAYS_EMAIL: 'drift@example.com', CLOUDWAYS_API_KEY: 'drift-key' }),
  },
  {
    name: 'alpacon',
    bin: shipped('alpacon'),
    env: (base) => ({
      ALPACON_BASE_URL: `${base}/{region}/{workspace}`,
      ALPACON_REGION: 'ap1',
      ALPACON_WORKSPACE: 'drift',
      ALPACON_TOKEN: 'drift-token',
    }),
  },
  { name: 'stripe', bin: () => stripeBin, env: (base) => ({ STRIPE_BASE_URL: base, STRIPE_BEARER_AUTH_TOKEN: 'drift-token' }) },
];

/** Per API: drifted calls tried and rejected by the client (printed at the end, for the record). */
const tally: Record<string, { tried: number; rejected: number; strictTried: number; strictRejected: number }> = {};

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  await upstream.start();
  const stripe = await generate(path.join(ROOT, 'test', 'fixtures', 'corpus', 'stripe.yaml'), {
    root: ROOT,
    outDir: path.join(OUT, 'stripe'),
  });
  stripeBin = path.join(stripe.outDir, 'dist', 'bin.js');
}, 300_000);

afterAll(async () => {
  await upstream.stop();
  for (const build of builds) build.remove();
  rmSync(OUT, { recursive: true, force: true });
  console.log(`drifted calls per server: ${JSON.stringify(tally)}`);
});

async function start(api: ApiUnderTest, bin: string, env: Record<string, string> = {}): Promise<StdioSession> {
  const prefix = api.name.toUpperCase();
  return connectStdio(bin, {
    ...api.env(`${upstream.url}/${api.name}`),
    [`${prefix}_LOG_LEVEL`]: 'warn',
    [`${prefix}_CONFIRM`]: 'off',
    [`${prefix}_RATE_LIMIT`]: 'off',
    [`${prefix}_TIMEOUT_MS`]: '10000',
    ...env,
  });
}

type CallResult = Awaited<ReturnType<StdioSession['client']['callTool']>>;

/**
 * Calls every tool once per kind of drift, the upstream answering that kind. A result the client
 * refuses is counted as rejected; each other result goes to `check`, which names what is wrong.
 */
async function callEvery(
  session: StdioSession,
  api: string,
  tools: readonly Tool[],
  kinds: readonly DriftKind[],
  check: (tool: Tool, kind: DriftKind, reply: Reply, result: CallResult, text: string) => string | undefined,
): Promise<{ tried: number; rejected: number; failures: string[] }> {
  const outcome = { tried: 0, rejected: 0, failures: [] as string[] };
  for (const kind of kinds) {
    for (const tool of tools) {
      const reply = kind.reply(tool);
      upstream.current.set(api, reply);
      outcome.tried += 1;
      try {
        const result = await session.client.callTool({ name: tool.name, arguments: sampleObject(tool.inputSchema) });
        const failure = check(tool, kind, reply, result, textOf(result));
        if (failure) outcome.failures.push(`${tool.name} / ${kind.name}: ${failure}`);
      } catch (error) {
        outcome.rejected += 1;
        outcome.failures.push(`${tool.name} / ${kind.name}: rejected: ${(error as Error).message}`);
      }
    }
  }
  return outcome;
}

describe.each(APIS)('$name: every tool with an output schema, every kind of drifted body', (api) => {
  let bin = '';
  let tools: Tool[] = [];
  const validators = new Map<string, ValidateFunction>();
  /** Tools whose wrong-types answer drifted in tolerant mode: strict must refuse exactly those. */
  const drifted = new Set<string>();
  let log = '';

  beforeAll(() => {
    bin = api.bin();
  }, 300_000);

  it('tolerant (default): no call is rejected, the body is in the text, structured content is valid', async () => {
    const session = await start(api, bin);
    try {
      // The API's tools; ping and the like answer locally (openWorldHint false) and never see the upstream.
      tools = (await session.client.listTools()).tools.filter(
        (tool) => tool.outputSchema !== undefined && tool.annotations?.openWorldHint !== false,
      );
      expect(tools.length).toBeGreaterThan(0);
      const ajv = new Ajv2020({ strict: false, logger: false, validateFormats: false });
      for (const tool of tools) validators.set(tool.name, ajv.compile(tool.outputSchema as object));
      const counts = await callEvery(session, api.name, tools, KINDS, (tool, kind, reply, result, text) => {
        if (kind === WRONG_TYPES && /does not match this tool's output schema/.test(text)) drifted.add(tool.name);
        if (!text.includes(kind.inText(reply))) return `body not in the text: ${text.slice(0, 300)}`;
        const validate = validators.get(tool.name);
        if (result.structuredContent !== undefined && validate && !validate(result.structuredContent))
          return `invalid structured content ${ajv.errorsText(validate.errors)}`;
        if (result.isError !== true && result.structuredContent === undefined) return 'a success without structured content';
        return undefined;
      });
      tally[api.name] = { tried: counts.tried, rejected: counts.rejected, strictTried: 0, strictRejected: 0 };
      expect(counts.failures.slice(0, 20)).toEqual([]);
      expect(counts.rejected).toBe(0);
      expect(counts.tried).toBe(tools.length * KINDS.length);
    } finally {
      await session.close();
      log = session.stderr();
    }
  }, 600_000);

  it('logs each drift once per tool, pointer and kind, at warn, and `mcpgen drift` reports it', async () => {
    const lines = log
      .split('\n')
      .filter((line) => line.includes('response drifts from its output schema'))
      .map((line) => JSON.parse(line) as { level: string; tool: string; pointer: string; kind: string });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => line.level === 'warn')).toBe(true);
    const keys = lines.map((line) => `${line.tool}|${line.pointer.replace(/\/\d+(?=\/|$)/g, '/*')}|${line.kind}`);
    expect(new Set(keys).size).toBe(keys.length);
    // Every tool drifted at its root (null, a number, text...): one root line each, unless the
    // server stopped logging at its limit (Stripe: every property of 467 tools drifted first).
    const rooted = new Set(lines.filter((line) => line.pointer === '').map((line) => line.tool));
    if (lines.length < MAX_DRIFT_REPORTS) expect(rooted.size).toBe(tools.length);
    else expect(log).toContain(`more drift than the ${MAX_DRIFT_REPORTS} lines logged`);
    expect(lines.length).toBeLessThanOrEqual(MAX_DRIFT_REPORTS);

    const file = path.join(OUT, `${api.name}.log`);
    writeFileSync(file, log);
    const out: string[] = [];
    const code = await runProgram(['drift', file, '--json'], { out: (text) => out.push(text), err: (text) => out.push(text) });
    expect(code).toBe(0);
    const report = JSON.parse(out.join('')) as { entries: { tool: string; pointer: string; kind: string }[] };
    expect(report.entries).toHaveLength(new Set(keys).size);
    expect(new Set(report.entries.map((entry) => entry.tool))).toEqual(new Set(lines.map((line) => line.tool)));
  });

  it('strict: the same drift is an isError naming the pointer and the expected type, never a rejection', async () => {
    const session = await start(api, bin, { [`${api.name.toUpperCase()}_OUTPUT_VALIDATION`]: 'strict' });
    try {
      await session.client.listTools();
      const counts = await callEvery(session, api.name, tools, STRICT_KINDS, (tool, kind, _reply, result, text) => {
        const shouldFail = kind === PLAIN_TEXT || drifted.has(tool.name);
        if (shouldFail && (result.isError !== true || !/does not match its output schema: \S*: expected \S+/.test(text)))
          return `not an isError naming pointer and type: ${text.slice(0, 200)}`;
        if (!shouldFail && result.isError === true) return `an error without drift: ${text.slice(0, 200)}`;
        return undefined;
      });
      const entry = tally[api.name];
      if (entry) Object.assign(entry, { strictTried: counts.tried, strictRejected: counts.rejected });
      expect(counts.failures.slice(0, 20)).toEqual([]);
      expect(counts.rejected).toBe(0);
    } finally {
      await session.close();
    }
  }, 600_000);
});
