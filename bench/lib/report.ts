import type { GenCell, RunResults, ServerRow, ServerSpecResult } from './results.js';
import type { McpgenImpl } from './servers.js';
import { median, ratio, round } from './stats.js';
import type { Task } from './subjects.js';

export interface Target {
  readonly id: string;
  readonly description: string;
  readonly limit: number;
  /** Per spec (and transport): our value, the peer's, and the ratio. */
  /** `bound`: the peer's run was stopped at the time limit, so the ratio is an upper bound. */
  readonly ratios: { readonly where: string; readonly ratio: number; readonly bound?: boolean }[];
  readonly met: boolean | undefined;
  readonly note?: string;
}

export const medianMs = (cell: GenCell | undefined): number | undefined =>
  cell && cell.samples.length > 0 && !cell.failure ? median(cell.samples.map((sample) => sample.ms)) : undefined;
export const censored = (cell: GenCell | undefined): boolean => Boolean(cell?.samples.some((sample) => sample.censored));
const medianPeakMb = (cell: GenCell | undefined): number | undefined =>
  cell && cell.samples.length > 0 && !cell.failure ? median(cell.samples.map((sample) => sample.peakKb)) / 1024 : undefined;

const row = (results: RunResults, spec: string, impl: ServerRow['impl']) =>
  results.servers.find((entry) => entry.spec === spec)?.rows.find((entry) => entry.impl === impl);
/** Call − direct fetch, against the direct fetch timed in the same rounds (stdio or HTTP). */
const overhead = (server: ServerSpecResult | undefined, latency: { p50: number } | undefined, http = false) =>
  server && latency ? latency.p50 - floorOf(server, http).p50 : undefined;
const floorOf = (server: ServerSpecResult, http: boolean) => (http ? (server.directHttp ?? server.direct) : server.direct);

/**
 * Every target of issue 7, as ratios from this run: of our generator's servers, or with `subject`
 * 'baseline' of the earlier mcpgen's (BENCH_BASELINE) against the same peers.
 */
export function evaluateTargets(results: RunResults, subject: McpgenImpl = 'ours'): Target[] {
  const targets: Target[] = [];
  const build: Task = `${subject}+build`;
  const genRatio = (id: string, description: string, limit: number, ours: Task, peer: Task) => {
    const ratios = results.generation
      .map((spec) => ({
        where: spec.spec,
        ratio: censored(spec.cells[ours]) ? Number.NaN : ratio(medianMs(spec.cells[ours]), medianMs(spec.cells[peer])),
        bound: censored(spec.cells[peer]),
      }))
      .filter((entry) => Number.isFinite(entry.ratio));
    targets.push({ id, description, limit, ratios, met: ratios.length ? ratios.every((entry) => entry.ratio <= limit) : undefined });
  };
  genRatio('generation-vs-kubb', 'generation wall time, ours / Kubb (same work: types, client, tools)', 0.2, subject, 'kubb');
  genRatio('generation-vs-floor', 'generation wall time, ours / openapi-typescript alone', 1.3, subject, 'openapi-typescript');
  genRatio('runnable-vs-omg', 'spec → runnable server, ours / openapi-mcp-generator (generate + npm run build)', 0.35, build, 'omg+build');

  const serverRatio = (
    id: string,
    description: string,
    limit: number,
    value: (server: ServerSpecResult, row: ServerRow) => number | undefined,
  ) => {
    const ratios = results.servers
      .map((server) => {
        const ours = row(results, server.spec, subject);
        const peer = row(results, server.spec, 'omg');
        return { where: server.spec, ratio: ours && peer ? ratio(value(server, ours), value(server, peer)) : Number.NaN };
      })
      .filter((entry) => Number.isFinite(entry.ratio));
    targets.push({ id, description, limit, ratios, met: ratios.length ? ratios.every((entry) => entry.ratio <= limit) : undefined });
    return ratios;
  };
  serverRatio('cold-start-vs-omg', 'cold start (spawn → tools/list answered), ours / openapi-mcp-generator', 0.4, (_, entry) =>
    entry.coldStartMs.length ? median(entry.coldStartMs) : undefined,
  );
  const stdio = serverRatio(
    'overhead-vs-omg',
    'per-call overhead p50 over stdio (call − direct fetch), ours / openapi-mcp-generator',
    0.3,
    (server, entry) => overhead(server, entry.stdio?.latency),
  );
  const http = results.servers
    .map((server) => {
      const ours = row(results, server.spec, subject);
      const peer = row(results, server.spec, 'omg');
      return {
        where: `${server.spec} (HTTP)`,
        ratio: ratio(overhead(server, ours?.http?.latency, true), overhead(server, peer?.http?.latency, true)),
      };
    })
    .filter((entry) => Number.isFinite(entry.ratio));
  if (http.length > 0) {
    const last = targets.pop() as Target;
    const ratios = [...stdio, ...http];
    targets.push({
      ...last,
      description: 'per-call overhead p50 (call − direct fetch), stdio and HTTP, ours / openapi-mcp-generator',
      ratios,
      met: ratios.every((entry) => entry.ratio <= last.limit),
    });
  }
  serverRatio('rss-vs-omg', 'RSS after the calls, ours / openapi-mcp-generator', 0.5, (_, entry) => entry.stdio?.rssKb);
  serverRatio(
    'bytes-per-tool-vs-omg',
    'tools/list bytes per tool, ours / openapi-mcp-generator',
    0.6,
    (_, entry) => entry.stdio?.tools.bytesPerTool,
  );

  const complete = results.servers.map((server) => {
    const tools = row(results, server.spec, subject)?.stdio?.tools;
    return { server, tools };
  });
  const annotated = complete.filter(({ tools }) => tools);
  targets.push({
    id: 'annotations-and-output-schemas',
    description: 'every tool carries all four annotations; outputSchema on every operation whose spec has a 2xx JSON schema',
    limit: 1,
    ratios: annotated.map(({ server, tools }) => ({
      where: `${server.spec}: annotations ${tools?.allFourAnnotations}/${tools?.count}, outputSchema ${tools?.withOutputSchema}/${server.withResponseSchema}`,
      ratio: Math.min(
        (tools?.allFourAnnotations ?? 0) / (tools?.count || 1),
        (tools?.withOutputSchema ?? 0) / (server.withResponseSchema || 1),
      ),
    })),
    met: annotated.length
      ? annotated.every(
          ({ server, tools }) => tools && tools.allFourAnnotations === tools.count && tools.withOutputSchema >= server.withResponseSchema,
        )
      : undefined,
  });
  return targets;
}

const s = (ms: number | undefined) => (ms === undefined || !Number.isFinite(ms) ? '–' : (ms / 1000).toFixed(2));
const f = (value: number | undefined, digits = 2) => (value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits));
const x = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '–');

function genCell(cell: GenCell | undefined): string {
  if (!cell) return 'not run';
  if (cell.failure) return `fails: ${cell.failure.split('\n')[0]?.replace(/\|/g, '/').slice(0, 160)}`;
  if (censored(cell)) return `> ${s(medianMs(cell))} s (stopped at the time limit)`;
  return `${s(medianMs(cell))} s · ${f(medianPeakMb(cell), 0)} MB · n=${cell.samples.length}`;
}

const bounded = (value: number, bound: boolean) => (Number.isFinite(value) ? `${bound ? '≤ ' : ''}${x(value)}` : '–');

/**
 * With BENCH_BASELINE: each target's ratio for our servers and for the earlier mcpgen's, from
 * this one run (same peers, same load), and ours over the baseline's: above 1.10 is more than
 * 10% worse.
 */
function baselineSection(results: RunResults, targets: readonly Target[], baseline: BaselineRun): string[] {
  const theirs = new Map(evaluateTargets(results, 'baseline').map((target) => [target.id, target]));
  const lines = [
    '## Against an earlier mcpgen (BENCH_BASELINE)',
    '',
    `The same run also generated and served every spec with mcpgen ${baseline.label}, interleaved with the contestants above: its ratios to the same peers, and ours over its (above 1.10×: more than 10% worse than it).`,
    '',
    '| target | where | ours | baseline | ours / baseline |',
    '|---|---|---|---|---|',
  ];
  for (const target of targets) {
    if (target.id === 'annotations-and-output-schemas') continue;
    for (const entry of target.ratios) {
      const before = theirs.get(target.id)?.ratios.find((candidate) => candidate.where === entry.where)?.ratio;
      const change = ratio(entry.ratio, before);
      lines.push(
        `| ${target.description} | ${entry.where} | ${x(entry.ratio)} | ${x(before ?? Number.NaN)} | ${Number.isFinite(change) && change > 1.1 ? `**${x(change)}**` : x(change)} |`,
      );
    }
  }
  lines.push('');
  return lines;
}

export interface BaselineRun {
  /** How the report names the earlier tree (its commit). */
  readonly label: string;
}

export function renderMarkdown(results: RunResults, targets: readonly Target[], baseline?: BaselineRun): string {
  const lines: string[] = [];
  const date = results.started.toISOString().replace(/\.\d+Z$/, 'Z');
  lines.push('# Benchmarks: mcpgen against openapi-mcp-generator and Kubb', '');
  lines.push(
    'Written by `npm run bench` (bench/run.ts); every figure comes from the one run described here. Ratios matter, absolute times on a shared machine much less.',
    '',
  );
  lines.push('| date | Node | cores | CPU | memory | load average (start → end) | run took |', '|---|---|---|---|---|---|---|');
  lines.push(
    `| ${date} | ${results.node} | ${results.cores} | ${results.cpu} | ${results.memoryGiB} GiB | ${results.load.join(' → ')} | ${Math.round(results.durationMs / 1000)} s |`,
    '',
  );
  lines.push(
    `Contestants: ${Object.entries(results.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}.`,
    '',
  );

  lines.push('## Targets (issue 7)', '', '| target | limit | ratios in this run | met |', '|---|---|---|---|');
  for (const target of targets) {
    const ratios = target.ratios
      .map((entry) =>
        target.id === 'annotations-and-output-schemas' ? entry.where : `${entry.where} ${bounded(entry.ratio, entry.bound ?? false)}`,
      )
      .join('; ');
    const limit = target.id === 'annotations-and-output-schemas' ? 'all' : `≤ ${target.limit}×`;
    lines.push(
      `| ${target.description} | ${limit} | ${ratios || 'not measured'} | ${target.met === undefined ? 'not measured' : target.met ? 'met' : '**missed**'} |`,
    );
  }
  lines.push('');

  if (baseline) lines.push(...baselineSection(results, targets, baseline));

  lines.push('## Generation', '');
  lines.push(
    'Median wall time of the generator as a child process, its peak RSS (largest process of the tree) and the number of runs, interleaved (each round rotates the order).',
    '',
  );
  lines.push(
    '| spec | tools | ours | openapi-typescript (floor) | openapi-mcp-generator | Kubb | ours / Kubb | ours / floor |',
    '|---|---|---|---|---|---|---|---|',
  );
  for (const spec of results.generation) {
    const ours = medianMs(spec.cells.ours);
    lines.push(
      `| ${spec.spec} | ${spec.tools ?? '–'} | ${genCell(spec.cells.ours)} | ${genCell(spec.cells['openapi-typescript'])} | ${genCell(spec.cells.omg)} | ${genCell(spec.cells.kubb)} | ${bounded(ratio(ours, medianMs(spec.cells.kubb)), censored(spec.cells.kubb))} | ${x(ratio(ours, medianMs(spec.cells['openapi-typescript'])))} |`,
    );
  }
  lines.push('');
  lines.push('## Spec → runnable server', '');
  lines.push(
    'Ours: `mcpgen generate` with its build (transpile, no type check). openapi-mcp-generator: its CLI, then `npm run build` in the project it writes (tsc + chmod). Kubb: no build step, its server runs from TypeScript through tsx, so its figure is its generation.',
    '',
  );
  lines.push(
    '| spec | ours (generate + build) | openapi-mcp-generator (generate + npm run build) | Kubb (generate) | ours / openapi-mcp-generator |',
    '|---|---|---|---|---|',
  );
  for (const spec of results.generation) {
    lines.push(
      `| ${spec.spec} | ${genCell(spec.cells['ours+build'])} | ${genCell(spec.cells['omg+build'])} | ${genCell(spec.cells.kubb)} | ${x(ratio(medianMs(spec.cells['ours+build']), medianMs(spec.cells['omg+build'])))} |`,
    );
  }
  lines.push('');

  lines.push('## Servers', '');
  lines.push(
    `Each server against the same loopback upstream (node:http, 200 JSON). Cold start: spawn → tools/list answered through the MCP SDK client over stdio, and spawn → the first call answered (after the listing), medians of ${results.servers[0]?.rows[0]?.coldStartMs.length ?? 0} runs; idle RSS is read between the two, RSS after the calls at the end of the latency run. Latency: ${results.calls} sequential calls of an argument-free read tool per server after a warm-up, all servers connected at once and their calls interleaved in chunks of 50 (each round in a rotated order) with as many direct fetches of the same upstream URL from the bench process: overhead = call − direct fetch from the same rounds, stdio and HTTP each against their own. RSS after the calls. Bytes / tool counts the whole tool; "name + description + inputSchema" only the three fields every server here serves (no title, annotations or outputSchema). Annotations: tools stating all four hints.`,
    '',
  );
  lines.push(
    '| spec | server | tool | cold start ms: tools/list · first call | idle RSS MB | stdio p50 / p99 ms | stdio overhead p50 / p99 ms | HTTP p50 / p99 ms | HTTP overhead p50 / p99 ms | RSS MB | tools | tools/list KB | bytes / tool | of which name + description + inputSchema | 4 annotations | outputSchema |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  );
  const names = { ours: 'ours', baseline: 'mcpgen baseline', omg: 'openapi-mcp-generator', kubb: 'Kubb' } as const;
  for (const server of results.servers) {
    lines.push(
      `| ${server.spec} | direct fetch (floor) | | | | ${f(server.direct.p50)} / ${f(server.direct.p99)} | | ${server.directHttp ? `${f(server.directHttp.p50)} / ${f(server.directHttp.p99)}` : ''} | | | ${server.operations} ops | | | | | ${server.withResponseSchema} ops with a 2xx JSON schema |`,
    );
    for (const entry of server.rows) {
      if (entry.failure && !entry.stdio) {
        const raw = entry.rawList
          ? `; a raw JSON-RPC tools/list read ${entry.rawList.complete ? '' : 'was stopped after '}${f(entry.rawList.bytes / 2 ** 20, 1)} MB in ${f(entry.rawList.ms / 1000, 1)} s`
          : '';
        lines.push(
          `| ${server.spec} | ${names[entry.impl]} | | – | fails: ${entry.failure.split('\n')[0]?.slice(0, 100)}${raw} | | | | | | ${entry.rawList ? f(entry.rawList.bytes / 1024, 0) : '–'} | | | | |`,
        );
        continue;
      }
      const stdio = entry.stdio;
      const http = entry.http;
      const lat = (latency: { p50: number; p99: number } | undefined) => (latency ? `${f(latency.p50)} / ${f(latency.p99)}` : '–');
      const over = (latency: { p50: number; p99: number } | undefined, http = false) =>
        latency ? `${f(latency.p50 - floorOf(server, http).p50)} / ${f(latency.p99 - floorOf(server, http).p99)}` : '–';
      const errors = (session: { latency: { errors: number; upstreamHits: number; calls: number } } | undefined) =>
        session && (session.latency.errors > 0 || session.latency.upstreamHits < session.latency.calls)
          ? ` (${session.latency.errors} isError, ${session.latency.upstreamHits} upstream hits)`
          : '';
      lines.push(
        `| ${server.spec} | ${names[entry.impl]} | \`${stdio?.tool ?? http?.tool ?? '–'}\` | ${entry.coldStartMs.length ? `${f(median(entry.coldStartMs), 0)} · ${f(median(entry.firstCallMs), 0)}` : '–'} | ${entry.idleRssKb.length ? f(median(entry.idleRssKb) / 1024, 0) : '–'} | ${lat(stdio?.latency)}${errors(stdio)} | ${over(stdio?.latency)} | ${http ? `${lat(http.latency)}${errors(http)}` : (entry.httpNote ?? '–')} | ${over(http?.latency, true)} | ${stdio ? f(stdio.rssKb / 1024, 0) : '–'} | ${stdio?.tools.count ?? '–'} | ${stdio ? f(stdio.tools.bytes / 1024, 0) : '–'} | ${stdio ? f(stdio.tools.bytesPerTool, 0) : '–'} | ${stdio ? f(stdio.tools.coreBytesPerTool, 0) : '–'} | ${stdio?.tools.allFourAnnotations ?? '–'} | ${stdio?.tools.withOutputSchema ?? '–'} |`,
      );
    }
  }
  lines.push('');

  if (results.profiles.length > 0) {
    lines.push('## Profile of our generator', '');
    for (const profile of results.profiles) {
      lines.push(`\`${profile.command}\` (${profile.spec}, ${profile.totalMs} ms profiled), top self time (idle excluded):`, '');
      lines.push('| function (file:function:line) | self ms | total ms |', '|---|---|---|');
      for (const entry of profile.functions) lines.push(`| \`${entry.frame}\` | ${entry.selfMs} | ${entry.totalMs} |`);
      lines.push('');
    }
  }
  if (results.serverProfiles.length > 0) {
    lines.push(
      '## Where our stdio server spends its CPU per call',
      '',
      `\`node --cpu-prof\` on our server over the latency run's tool: a profile of 1 + N calls less one of 1 call (start-up and the SDK's load), over N; self time by the script that runs it, µs per call.`,
      '',
      `| owner | ${results.serverProfiles.map((profile) => `${profile.spec} (N=${profile.calls})`).join(' | ')} |`,
      `|---|${results.serverProfiles.map(() => '---|').join('')}`,
    );
    const owners = Object.keys(results.serverProfiles[0]?.perCallUs ?? {});
    for (const owner of owners)
      lines.push(`| ${owner} | ${results.serverProfiles.map((profile) => f(profile.perCallUs[owner] ?? 0, 0)).join(' | ')} |`);
    lines.push(
      `| **all** | ${results.serverProfiles
        .map(
          (profile) =>
            `**${f(
              Object.values(profile.perCallUs).reduce((sum, us) => sum + us, 0),
              0,
            )}**`,
        )
        .join(' | ')} |`,
      '',
    );
  }
  if (results.notes.length > 0) {
    lines.push('## Notes', '');
    for (const note of results.notes) lines.push(`- ${note}`);
    lines.push('');
  }
  return `${lines.join('\n')}`;
}

/** The short machine-readable summary: medians, ratios and targets. */
export function summaryJson(results: RunResults, targets: readonly Target[]): unknown {
  const mb = (kb: number | undefined) => (kb === undefined ? null : round(kb / 1024, 1));
  return {
    date: results.started.toISOString(),
    node: results.node,
    loadAverage: results.load,
    cores: results.cores,
    cpu: results.cpu,
    durationS: round(results.durationMs / 1000, 1),
    versions: results.versions,
    serverCpuPerCallUs: Object.fromEntries(
      results.serverProfiles.map((profile) => [
        profile.spec,
        Object.fromEntries(Object.entries(profile.perCallUs).map(([owner, us]) => [owner, round(us)])),
      ]),
    ),
    generation: Object.fromEntries(
      results.generation.map((spec) => [
        spec.spec,
        {
          tools: spec.tools ?? null,
          ...Object.fromEntries(
            Object.entries(spec.cells).map(([task, cell]) => [
              task,
              cell?.failure
                ? { failed: cell.failure.split('\n')[0] }
                : {
                    ms: round(medianMs(cell) ?? Number.NaN),
                    peakMb: mb(cell && median(cell.samples.map((sample) => sample.peakKb))),
                    runs: cell?.samples.length ?? 0,
                    ...(censored(cell) ? { stoppedAtLimit: true } : {}),
                  },
            ]),
          ),
        },
      ]),
    ),
    servers: Object.fromEntries(
      results.servers.map((server) => [
        server.spec,
        {
          directMs: { p50: round(server.direct.p50, 3), p99: round(server.direct.p99, 3) },
          ...(server.directHttp ? { directHttpMs: { p50: round(server.directHttp.p50, 3), p99: round(server.directHttp.p99, 3) } } : {}),
          operations: server.operations,
          operationsWithResponseSchema: server.withResponseSchema,
          ...Object.fromEntries(
            server.rows.map((entry) => [
              entry.impl,
              {
                coldStartMs: entry.coldStartMs.length ? round(median(entry.coldStartMs)) : null,
                firstCallMs: entry.firstCallMs.length ? round(median(entry.firstCallMs)) : null,
                idleRssMb: entry.idleRssKb.length ? mb(median(entry.idleRssKb)) : null,
                stdio: entry.stdio
                  ? { p50: round(entry.stdio.latency.p50, 3), p99: round(entry.stdio.latency.p99, 3), errors: entry.stdio.latency.errors }
                  : null,
                http: entry.http
                  ? { p50: round(entry.http.latency.p50, 3), p99: round(entry.http.latency.p99, 3), errors: entry.http.latency.errors }
                  : (entry.httpNote ?? null),
                rssMb: mb(entry.stdio?.rssKb),
                tools: entry.stdio?.tools.count ?? null,
                toolsListBytes: entry.stdio?.tools.bytes ?? null,
                bytesPerTool: entry.stdio ? round(entry.stdio.tools.bytesPerTool) : null,
                coreBytesPerTool: entry.stdio ? round(entry.stdio.tools.coreBytesPerTool) : null,
                allFourAnnotations: entry.stdio?.tools.allFourAnnotations ?? null,
                withOutputSchema: entry.stdio?.tools.withOutputSchema ?? null,
                ...(entry.failure ? { failure: entry.failure.split('\n')[0] } : {}),
                ...(entry.rawList ? { rawToolsList: entry.rawList } : {}),
              },
            ]),
          ),
        },
      ]),
    ),
    targets: targets.map((target) => ({
      id: target.id,
      limit: target.limit,
      met: target.met ?? null,
      ratios: Object.fromEntries(
        target.ratios.map((entry) => [entry.where, entry.bound ? `<= ${round(entry.ratio, 3)}` : round(entry.ratio, 3)]),
      ),
    })),
  };
}
