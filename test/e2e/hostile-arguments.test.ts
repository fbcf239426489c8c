/**
 * Property-based: thousands of hostile argument sets against the built Cloudron server (and a
 * fixture API with a parameter in every location and style), in-process over the real SDK
 * client, with a real upstream on 127.0.0.1 recording what actually arrives.
 */
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../generator/index.js';
import type { ToolDefinition } from '../../templates/runtime/types.js';
import { argumentsFor, hostileString } from '../support/hostile-values.js';
import { HostileHarness, mappedParams } from '../support/hostile-harness.js';
import { ROOT } from '../support/mcp-client.js';
import { type PrivateBuild, privateBuild } from '../support/private-build.js';

const TOKEN = 'hostile-arguments-secret-4e8c1d';
const CLOUDRON_RUNS = Number(process.env.HOSTILE_RUNS ?? 10_000);
const FIXTURE_RUNS = Math.ceil(CLOUDRON_RUNS / 4);

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
let prototypeKeys: string[];

beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
});

afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
});

/** Runs `runs` generated argument sets across a package's tools; fails with the smallest counterexample. */
async function hammer(harness: HostileHarness, runs: number, seed?: number): Promise<void> {
  const byTool = new Map<string, fc.Arbitrary<unknown>>();
  const argumentsOf = (tool: ToolDefinition) => {
    let arbitrary = byTool.get(tool.name);
    if (!arbitrary) {
      arbitrary = argumentsFor(tool.inputSchema);
      byTool.set(tool.name, arbitrary);
    }
    return arbitrary;
  };
  const toolAndArguments = fc.noShrink(
    fc.constantFrom(...harness.tools).chain((tool) => argumentsOf(tool).map((args) => ({ tool, args }))),
  );
  const details = await fc.check(
    fc.asyncProperty(toolAndArguments, async ({ tool, args }) => {
      const problems = await harness.call(tool, args);
      if (problems.length > 0) throw new Error(`${tool.name}: ${problems.join(' | ')}`);
    }),
    { numRuns: runs, ...(seed !== undefined ? { seed } : {}), endOnFailure: true },
  );
  if (details.failed) {
    // Counterexamples hold 100 kB strings: report them cut short, with the seed to replay.
    const example = JSON.stringify(details.counterexample?.[0]?.args, (_, value: unknown) =>
      typeof value === 'string' && value.length > 200 ? `${value.slice(0, 200)}…(${value.length} chars)` : value,
    );
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(
      `after ${details.numRuns} runs (seed ${details.seed}, path ${details.counterexamplePath}): ${cause.slice(0, 2000)}\nargs: ${example?.slice(0, 2000)}`,
    );
  }
}

function report(name: string, harness: HostileHarness, started: number): void {
  const { tools, ...counts } = harness.stats;
  console.log(`${name}: ${JSON.stringify({ ...counts, tools: tools.size, ms: Date.now() - started })}`);
}

describe('hostile arguments against the built Cloudron server', () => {
  let build: PrivateBuild;
  let harness: HostileHarness;

  beforeAll(async () => {
    // A private build of generated/cloudron/src: parallel test files never see a half-written dist/.
    build = privateBuild('cloudron');
    harness = new HostileHarness(build.dir, { basePath: '/api/v1', token: TOKEN });
    await harness.start();
  });
  afterAll(async () => {
    await harness?.stop();
    build?.remove();
  });

  it(`answers ${CLOUDRON_RUNS} generated argument sets across every tool without one broken invariant`, async () => {
    const started = Date.now();
    await hammer(harness, CLOUDRON_RUNS);
    report('cloudron', harness, started);
    const { stats } = harness;
    expect(stats.calls).toBeGreaterThanOrEqual(CLOUDRON_RUNS);
    expect(stats.tools.size).toBe(harness.tools.length);
    // Both halves are exercised: refusals and requests that really reached the upstream.
    expect(stats.invalid).toBeGreaterThan(CLOUDRON_RUNS / 10);
    expect(stats.sent).toBeGreaterThan(CLOUDRON_RUNS / 10);
    expect(stats.refusedBeforeSending).toBeGreaterThan(0);
    expect(harness.logs.filter((line) => line.startsWith('error'))).toEqual([]);
  }, 120_000);

  it('keeps every path parameter inside its segment for each traversal, URL and unicode-dot string', async () => {
    const values = fc.sample(hostileString, { numRuns: 16, seed: 7 });
    const attempts = [
      '..',
      '../admin',
      '%2e%2e',
      '%2F..%2F',
      '．．',
      '.．',
      '\u2024\u2024',
      '?x=1',
      '#top',
      '//evil.com',
      'http://evil.com/',
      'https://evil.com',
      '@evil.com',
      'a\r\nb',
      ...values,
    ];
    for (const tool of harness.tools) {
      const pathArguments = mappedParams(tool).filter((param) => param.in === 'path');
      if (pathArguments.length === 0) continue;
      const fill: Record<string, unknown> = Object.fromEntries(pathArguments.map((param) => [param.argument[0] ?? param.name, 'ok']));
      if (tool.controls?.confirm) fill[tool.controls.confirm] = true;
      for (const param of pathArguments) {
        for (const attempt of attempts) {
          const problems = await harness.call(tool, { ...fill, [param.argument[0] ?? param.name]: attempt });
          expect(problems, `${tool.name} ${param.name}=${JSON.stringify(attempt.slice(0, 60))}`).toEqual([]);
        }
      }
    }
  }, 60_000);
});

describe('hostile arguments against a fixture API with every parameter location and style', () => {
  const out = path.join(ROOT, 'test', '.tmp', 'hostile-api');
  // The tenant server variable sits in the base path and is a tool argument of its own.
  const harness = new HostileHarness(out, { basePath: '/base/{tenant}/v1', token: TOKEN });

  beforeAll(async () => {
    await generate(path.join(ROOT, 'test/fixtures/specs/hostile/hostile-api.yaml'), { root: ROOT, outDir: out });
    await harness.start();
  });
  afterAll(() => harness.stop());

  it(`answers ${FIXTURE_RUNS} argument sets: headers without CR/LF, encoded queries and cookies, the host unchanged`, async () => {
    const started = Date.now();
    await hammer(harness, FIXTURE_RUNS);
    report('fixture', harness, started);
    expect(harness.stats.sent).toBeGreaterThan(FIXTURE_RUNS / 20);
    expect(harness.stats.refusedBeforeSending).toBeGreaterThan(0);
  }, 120_000);

  it('refuses CR/LF in header values and dot segments in the tenant, naming the argument', async () => {
    const getFile = harness.tools.find((tool) => tool.name === 'get_file');
    if (!getFile) throw new Error('get_file not generated');
    const cases: [args: Record<string, unknown>, refused: boolean][] = [
      [{ folder: 'f', name: 'n', 'X-Trace-Id': 'a\r\nX-Injected: 1' }, true],
      [{ folder: 'f', name: 'n', 'X-Tags': ['a', 'b\nc'] }, true],
      [{ folder: 'f', name: 'n', tenant: '../../admin' }, true],
      [{ folder: 'f', name: 'n', tenant: '..' }, true],
      [{ folder: 'f', name: 'n', tenant: 'a/./b' }, true],
      [{ folder: 'f', name: 'n', tenant: 'evil.com?x' }, true],
      [{ folder: 'f', name: 'n', tenant: 'team/eu' }, false],
    ];
    for (const [args, refused] of cases) {
      expect(await harness.call(getFile, args), JSON.stringify(args)).toEqual([]);
      expect(harness.upstream.requests.length, JSON.stringify(args)).toBe(refused ? 0 : 1);
    }
  });
});

describe('after every hostile call', () => {
  it('saw no unhandled rejection or uncaught exception, and no prototype was polluted', () => {
    expect(unhandled).toEqual([]);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    expect(({} as Record<string, unknown>).appId).toBeUndefined();
  });
});
