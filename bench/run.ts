/**
 * `npm run bench`: our generator against openapi-mcp-generator and Kubb (and openapi-typescript as
 * the floor) on every spec in specs/ plus four large corpus specs, then the Cloudron and Stripe
 * servers each of them makes against one loopback upstream. Writes bench/RESULTS.md and
 * bench/results.json. Budgeted to finish in under 10 minutes on 2 cores.
 *
 * Environment: BENCH_BUDGET_S (default 540), BENCH_RUNS (max generation runs per cell, default 3),
 * BENCH_CALLS (default 500), BENCH_COLD (cold starts per server, default 5), BENCH_SPECS
 * (comma-separated spec ids), BENCH_SERVERS=0 to skip the server half, BENCH_PROFILE=0 to skip it,
 * BENCH_KUBB_CAP_S (a Kubb run is stopped after this long, default 40: the figure is then a lower
 * bound, which only makes our ratio to it an upper bound), BENCH_CAP_S (any other run, default 150),
 * BENCH_BASELINE (a built checkout of another mcpgen commit, benched beside ours: its ratios and
 * ours over its go to an "Against an earlier mcpgen" section).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { cpuByOwner, OWNERS, summarizeProfile } from './lib/cpuprofile.js';
import {
  type CallPlan,
  coldStart,
  type Launch,
  directFetch,
  interleavedLatency,
  type OpenSession,
  openHttp,
  openStdio,
  profiledStdio,
  rawToolsList,
  type Timed,
} from './lib/mcp.js';
import { measure, measureSequence } from './lib/proc.js';
import { evaluateTargets, medianMs, renderMarkdown, summaryJson } from './lib/report.js';
import type { GenCell, RunResults, ServerRow, ServerSpecResult, SpecGeneration } from './lib/results.js';
import {
  builtOutputExists,
  IMPLS,
  type Impl,
  isMcpgen,
  mcpgenHasHttp,
  mcpgenHttpLaunch,
  omgHttpLaunch,
  SERVER_SPECS,
  stdioLaunch,
} from './lib/servers.js';
import { scaleSection, withScaleSection } from './lib/scale.js';
import { CONTEXT_HEADING, sectionOf, withSection } from './lib/sections.js';
import { countOperations } from './lib/spec-scan.js';
import { ratio, rotate } from './lib/stats.js';
import { BASELINE, benchSpecs, outputDir, ROOT, type Spec, type Task, taskCommands, TASKS, WORK } from './lib/subjects.js';
import { startUpstream } from './lib/upstream.js';

const budgetMs = Number(process.env.BENCH_BUDGET_S ?? 540) * 1000;
const maxRuns = Number(process.env.BENCH_RUNS ?? 3);
const calls = Number(process.env.BENCH_CALLS ?? 500);
const coldRuns = Number(process.env.BENCH_COLD ?? 5);
const warmup = 30;
const kubbCapMs = Number(process.env.BENCH_KUBB_CAP_S ?? 40) * 1000;
const capMs = Number(process.env.BENCH_CAP_S ?? 150) * 1000;
const onlySpecs = process.env.BENCH_SPECS?.split(',').filter(Boolean);
/** Time kept back from the generation rounds for the server half and the profile. */
const serverReserveMs = process.env.BENCH_SERVERS === '0' ? 15_000 : 120_000;

const startedAt = Date.now();
const elapsed = () => Date.now() - startedAt;
const log = (message: string) => process.stdout.write(`[${(elapsed() / 1000).toFixed(0).padStart(3)} s] ${message}\n`);

function version(name: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'missing';
  }
}

if (!existsSync(path.join(ROOT, 'dist', 'generator', 'cli', 'index.js'))) {
  process.stderr.write('dist/ is missing: run `npm run build` first (npm run bench does)\n');
  process.exit(2);
}

const specs = benchSpecs().filter((spec) => !onlySpecs || onlySpecs.includes(spec.id));
const results: RunResults = {
  started: new Date(startedAt),
  durationMs: 0,
  node: process.version,
  cores: cpus().length,
  cpu: cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown',
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  load: [Math.round((loadavg()[0] ?? 0) * 10) / 10],
  versions: {
    mcpgen: (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
    'openapi-mcp-generator': version('openapi-mcp-generator'),
    '@kubb/cli': version('@kubb/cli'),
    '@kubb/plugin-mcp': version('@kubb/plugin-mcp'),
    'openapi-typescript': version('openapi-typescript'),
    '@modelcontextprotocol/sdk': version('@modelcontextprotocol/sdk'),
    tsx: version('tsx'),
  },
  calls,
  generation: specs.map((spec): SpecGeneration => ({ spec: spec.id, cells: {} })),
  servers: [],
  profiles: [],
  serverProfiles: [],
  notes: [],
};

rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
const upstream = await startUpstream(Object.fromEntries(SERVER_SPECS.map((server) => [server.path, server.body])));
log(`upstream ${upstream.url}; ${specs.length} specs; budget ${budgetMs / 1000} s`);

// ---- generation: round 1 runs everything, later rounds what the budget allows --------------
const generation = new Map(results.generation.map((entry) => [entry.spec, entry]));
const estimate = new Map<string, number>();
const key = (spec: Spec, task: Task) => `${spec.id}/${task}`;

async function runTask(spec: Spec, task: Task, round: number): Promise<void> {
  const entry = generation.get(spec.id) as SpecGeneration;
  const cell: GenCell = (entry.cells[task] ??= { samples: [] });
  if (cell.failure) return;
  const result = await measureSequence(taskCommands(task, spec, upstream.url), task === 'kubb' ? kubbCapMs : capMs);
  estimate.set(key(spec, task), result.ms);
  if (result.timedOut) {
    cell.samples.push({ ms: result.ms, peakKb: result.peakKb, censored: true });
    log(`${spec.id} ${task} round ${round}: stopped at ${(result.ms / 1000).toFixed(0)} s (time limit)`);
    return;
  }
  if (result.code !== 0) {
    cell.failure = `exit ${result.code}: ${failureSummary(result.tail)}`;
    log(`${spec.id} ${task} round ${round}: FAILED ${cell.failure}`);
    return;
  }
  cell.samples.push({ ms: result.ms, peakKb: result.peakKb });
  if (task === 'ours' && entry.tools === undefined) entry.tools = countTools(outputDir('ours', spec));
  log(`${spec.id} ${task} round ${round}: ${(result.ms / 1000).toFixed(2)} s, ${(result.peakKb / 1024).toFixed(0)} MB`);
}

/** The lines of a failed run's output that say why (Kubb marks them ✗), else its last lines. */
function failureSummary(tail: string): string {
  const lines = tail
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const reasons = [...new Set(lines.filter((line) => /✗|Error|error TS|ERR_/.test(line)))];
  return (reasons.length ? reasons.slice(0, 2) : lines.slice(-2)).join(' / ').replace(/\|/g, '/').slice(0, 300);
}

function countTools(dir: string): number | undefined {
  const tools = path.join(dir, 'src', 'tools');
  if (!existsSync(tools)) return undefined;
  let count = 0;
  const walk = (folder: string) => {
    for (const item of readdirSync(folder, { withFileTypes: true })) {
      if (item.isDirectory()) walk(path.join(folder, item.name));
      else if (item.name.endsWith('.ts') && !(folder === tools && item.name === 'index.ts')) count++;
    }
  };
  walk(tools);
  return count;
}

for (const [index, spec] of specs.entries()) {
  for (const task of rotate(TASKS, index)) await runTask(spec, task, 1);
}
for (let round = 2; round <= maxRuns; round++) {
  const remaining = budgetMs - serverReserveMs - elapsed();
  const share = remaining / (maxRuns - round + 1);
  const chosen = new Set<string>();
  let planned = 0;
  const candidates = specs
    .flatMap((spec) => TASKS.map((task) => ({ spec, task, ms: estimate.get(key(spec, task)) ?? Number.POSITIVE_INFINITY })))
    .filter(({ spec, task }) => {
      const cell = generation.get(spec.id)?.cells[task];
      return !cell?.failure && !cell?.samples.some((sample) => sample.censored);
    })
    .sort((a, b) => a.ms - b.ms);
  for (const candidate of candidates) {
    if (planned + candidate.ms > share) break;
    planned += candidate.ms;
    chosen.add(key(candidate.spec, candidate.task));
  }
  if (chosen.size === 0) break;
  log(`round ${round}: ${chosen.size} of ${candidates.length} cells fit (${(planned / 1000).toFixed(0)} s planned)`);
  for (const [index, spec] of specs.entries()) {
    for (const task of rotate(TASKS, index + round)) if (chosen.has(key(spec, task))) await runTask(spec, task, round);
  }
}

// ---- profile: where a generation target is missed, where our time goes ---------------------
if (process.env.BENCH_PROFILE !== '0') {
  let worst: { spec: Spec; ratio: number } | undefined;
  for (const spec of specs) {
    const cells = generation.get(spec.id)?.cells ?? {};
    const ours = medianMs(cells.ours);
    const worstHere = Math.max(ratio(ours, medianMs(cells['openapi-typescript'])) / 1.3, ratio(ours, medianMs(cells.kubb)) / 0.2);
    if (Number.isFinite(worstHere) && worstHere > 1 && (!worst || worstHere > worst.ratio)) worst = { spec, ratio: worstHere };
  }
  if (worst) {
    const dir = path.join(WORK, 'profile');
    mkdirSync(dir, { recursive: true });
    const out = path.join(dir, 'out');
    const cli = path.join(ROOT, 'dist', 'generator', 'cli', 'index.js');
    const args = ['--cpu-prof', `--cpu-prof-dir=${dir}`, cli, 'generate', worst.spec.file, '-o', out, '--no-build'];
    const result = await measure({ command: process.execPath, args, cwd: ROOT });
    // One profile per thread: CPU.<date>.<pid>.<thread id>.<seq>.cpuprofile, thread 0 the main one.
    const profiles = readdirSync(dir).filter((file) => file.endsWith('.cpuprofile'));
    if (result.code === 0) {
      for (const file of profiles.sort((a, b) => threadOf(a) - threadOf(b))) {
        const summary = summarizeProfile(path.join(dir, file), ROOT, 12);
        results.profiles.push({
          spec: worst.spec.id,
          command: `node --cpu-prof dist/generator/cli/index.js generate ${path.relative(ROOT, worst.spec.file)} --no-build (${threadOf(file) === 0 ? 'main thread' : 'worker thread: openapi-typescript'})`,
          totalMs: summary.totalMs,
          functions: summary.functions,
        });
      }
      log(`profiled ours on ${worst.spec.id}`);
    }
  }
}

/** The baseline checkout's commit, as the report names it. */
function baselineLabel(dir: string): string {
  try {
    return `at ${execFileSync('git', ['-C', dir, 'log', '-1', '--format=%h (%cs)'], { encoding: 'utf8' }).trim()}`;
  } catch {
    return `in ${dir}`;
  }
}

function threadOf(file: string): number {
  return Number(file.split('.').at(-3) ?? 0);
}

// ---- servers --------------------------------------------------------------------------------
if (process.env.BENCH_SERVERS !== '0') {
  for (const server of SERVER_SPECS) {
    const spec = specs.find((candidate) => candidate.id === server.spec);
    if (!spec) continue;
    const plan: CallPlan = { toolNames: [server.ourTool, server.operationId], path: server.path, calls, warmup };
    const direct = directFetch(`${upstream.url}${server.path}`);
    const counted = countOperations(spec.file);
    const entry: ServerSpecResult = {
      spec: spec.id,
      operations: counted.operations,
      withResponseSchema: counted.withResponseSchema,
      direct: { p50: Number.NaN, p99: Number.NaN },
      rows: [],
    };
    results.servers.push(entry);
    const rows = new Map<Impl, ServerRow>();
    for (const impl of IMPLS) {
      const row: ServerRow = { spec: spec.id, impl, coldStartMs: [], firstCallMs: [], idleRssKb: [] };
      if (!builtOutputExists(impl, spec)) row.failure = 'no runnable output from the generation runs';
      rows.set(impl, row);
      entry.rows.push(row);
    }
    const live = () => IMPLS.filter((impl) => !rows.get(impl)?.failure);
    for (let round = 0; round < coldRuns; round++) {
      for (const impl of rotate(live(), round)) {
        const row = rows.get(impl) as ServerRow;
        try {
          const cold = await coldStart(stdioLaunch(impl, spec, server, upstream.url), plan.toolNames);
          row.coldStartMs.push(cold.listedMs);
          row.firstCallMs.push(cold.firstCallMs);
          row.idleRssKb.push(cold.idleRssKb);
        } catch (error) {
          row.failure = `cold start: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`;
          row.rawList = await rawToolsList(stdioLaunch(impl, spec, server, upstream.url), 45_000);
          log(
            `${spec.id} ${impl}: ${row.failure}; raw tools/list ${row.rawList.complete ? '' : '(incomplete) '}${(row.rawList.bytes / 2 ** 20).toFixed(1)} MB in ${(row.rawList.ms / 1000).toFixed(1)} s`,
          );
        }
      }
    }
    log(
      `${spec.id}: cold starts ${IMPLS.map(
        (impl) =>
          `${impl} ${rows
            .get(impl)
            ?.coldStartMs.map((ms) => ms.toFixed(0))
            .join('/')}`,
      ).join(', ')}`,
    );
    // stdio: every live server connected at once, their calls and the direct fetch interleaved
    const stdioSessions = new Map<Impl, OpenSession>();
    for (const impl of live()) {
      const row = rows.get(impl) as ServerRow;
      try {
        stdioSessions.set(impl, await openStdio(stdioLaunch(impl, spec, server, upstream.url), plan.toolNames));
      } catch (error) {
        row.failure = `stdio: ${error instanceof Error ? error.message : String(error)}`;
        log(`${spec.id} ${impl} stdio FAILED: ${row.failure}`);
      }
    }
    const stdioLatency = await interleavedLatency(timedSessions(stdioSessions, direct), plan, upstream.hits);
    entry.direct = stdioLatency.get('direct')!;
    for (const [impl, session] of stdioSessions) {
      const row = rows.get(impl) as ServerRow;
      const latency = stdioLatency.get(impl)!;
      row.stdio = { tools: session.tools, tool: session.tool, latency, rssKb: session.rssKb() };
      log(
        `${spec.id} ${impl} stdio: p50 ${latency.p50.toFixed(2)} ms, p99 ${latency.p99.toFixed(2)} ms, ${latency.errors} errors, RSS ${(row.stdio.rssKb / 1024).toFixed(0)} MB`,
      );
      await session.close();
    }
    log(`${spec.id} direct fetch (stdio rounds): p50 ${entry.direct.p50.toFixed(2)} ms, p99 ${entry.direct.p99.toFixed(2)} ms`);
    if (process.env.BENCH_PROFILE !== '0' && rows.get('ours')?.stdio) {
      try {
        const perCallUs = await profileOursPerCall(
          stdioLaunch('ours', spec, server, upstream.url),
          plan,
          path.join(WORK, 'server-profile', spec.id),
        );
        results.serverProfiles.push({ spec: spec.id, calls: plan.calls, perCallUs });
        log(
          `${spec.id} ours profiled: ${Object.values(perCallUs)
            .reduce((sum, us) => sum + us, 0)
            .toFixed(0)} µs CPU per call`,
        );
      } catch (error) {
        log(`${spec.id} ours profile FAILED: ${error instanceof Error ? error.message : String(error)}`);
      }
    }

    // HTTP: the same, for the servers that have a Streamable HTTP transport
    const httpSessions = new Map<Impl, OpenSession>();
    for (const impl of IMPLS) {
      const row = rows.get(impl) as ServerRow;
      if (impl === 'kubb') {
        row.httpNote = 'no HTTP transport';
        continue;
      }
      if (isMcpgen(impl) && !mcpgenHasHttp(impl, spec)) {
        row.httpNote = 'no --http yet';
        continue;
      }
      if (row.failure) continue;
      try {
        const launch = isMcpgen(impl)
          ? await mcpgenHttpLaunch(impl, spec, server, upstream.url)
          : await omgHttpLaunch(spec, server, upstream.url);
        httpSessions.set(impl, await openHttp(launch.launch, launch.url, server.httpHeaders, plan.toolNames));
      } catch (error) {
        row.httpNote = `HTTP failed: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`;
        log(`${spec.id} ${impl} ${row.httpNote}`);
      }
    }
    if (httpSessions.size > 0) {
      const httpLatency = await interleavedLatency(timedSessions(httpSessions, direct), plan, upstream.hits);
      entry.directHttp = httpLatency.get('direct')!;
      for (const [impl, session] of httpSessions) {
        const row = rows.get(impl) as ServerRow;
        const latency = httpLatency.get(impl)!;
        row.http = { tool: session.tool, latency, rssKb: session.rssKb() };
        log(`${spec.id} ${impl} HTTP: p50 ${latency.p50.toFixed(2)} ms, p99 ${latency.p99.toFixed(2)} ms, ${latency.errors} errors`);
        await session.close();
      }
      log(`${spec.id} direct fetch (HTTP rounds): p50 ${entry.directHttp.p50.toFixed(2)} ms, p99 ${entry.directHttp.p99.toFixed(2)} ms`);
    }
  }
}

/** CPU per call by owner: a profiled run of 1 + N calls less one of 1 call (start-up, SDK load), over N. */
async function profileOursPerCall(launch: Launch, plan: CallPlan, dir: string): Promise<Record<string, number>> {
  const owners = async (calls: number) => {
    const folder = path.join(dir, String(calls));
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    await profiledStdio(launch, plan.toolNames, calls, folder);
    const [file] = readdirSync(folder).filter((name) => name.endsWith('.cpuprofile'));
    if (!file) throw new Error('the profiled server wrote no profile');
    return cpuByOwner(path.join(folder, file));
  };
  const once = await owners(1);
  const many = await owners(1 + plan.calls);
  return Object.fromEntries(
    OWNERS.map((owner) => [owner, Math.max(0, ((many.get(owner) ?? 0) - (once.get(owner) ?? 0)) * 1000) / plan.calls]),
  );
}

function timedSessions(sessions: ReadonlyMap<Impl, OpenSession>, direct: Timed): Timed[] {
  return [direct, ...[...sessions].map(([impl, session]) => ({ key: impl, call: () => session.call() }))];
}

await upstream.close();
results.durationMs = elapsed();
results.load.push(Math.round((loadavg()[0] ?? 0) * 10) / 10);
if (!results.servers.some((server) => server.rows.some((row) => row.impl === 'ours' && row.http))) {
  results.notes.push(
    'Our Streamable HTTP transport (`--http`) was not in the generated runtime at the time of this run: HTTP latency is reported for openapi-mcp-generator only.',
  );
}
results.notes.push(
  'openapi-mcp-generator: default stdio project; `npm run build` is its `tsc && shx chmod`; its HTTP figures come from a second generation with `--transport streamable-http`, transpiled without type check (not timed). It types no responses: no outputSchema, no annotations.',
  "Kubb: @kubb/plugin-oas, -ts, -zod, -client (fetch client, baseURL set to the upstream) and -mcp with their defaults (including Kubb's own prettier pass), except plugin-zod `version: '3'`: zod 3.25 is what resolves here and plugin-mcp's server.ts imports `z` from 'zod', so with the default 'zod/v4' schemas its server throws 'Mixed Zod versions' at start. Its server.ts exports startServer() without calling it; a two-line start.ts calls it, run with `node --import tsx` (its .mcp.json runs server.ts through tsx). It has no HTTP transport. A Kubb run is stopped at BENCH_KUBB_CAP_S (40 s) to keep the run under 10 minutes; such a figure is a lower bound and our ratio to it an upper bound.",
  'openapi-typescript is its CLI (`openapi-typescript spec -o types.ts`); it refuses Swagger 2.0, so the floor is missing for Docker.',
  'Generation rounds: the first runs every cell; later rounds rerun the cheapest cells that fit the time budget, so slow cells may have n=1.',
);
const targets = evaluateTargets(results);
// the scale section comes from its own run (bench/scale.ts) and is kept as it was
const resultsFile = path.join(ROOT, 'bench', 'RESULTS.md');
const previous = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '';
const keptScale = scaleSection(previous);
// so is the context-cost section (bench/context-cost.ts, run after this script by npm run bench)
const keptContext = sectionOf(previous, CONTEXT_HEADING);
const markdown = renderMarkdown(results, targets, BASELINE ? { label: baselineLabel(BASELINE) } : undefined);
writeFileSync(resultsFile, withSection(withScaleSection(markdown, keptScale), CONTEXT_HEADING, keptContext));
writeFileSync(path.join(ROOT, 'bench', 'results.json'), `${JSON.stringify(summaryJson(results, targets), null, 2)}\n`);
log(`wrote bench/RESULTS.md and bench/results.json in ${(results.durationMs / 1000).toFixed(0)} s`);
for (const target of targets) {
  log(
    `${target.met === undefined ? 'n/a ' : target.met ? 'met ' : 'MISS'} ${target.id}: ${target.ratios.map((entry) => `${entry.where} ${entry.ratio.toFixed(2)}`).join(', ')}`,
  );
}
