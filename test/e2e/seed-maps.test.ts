import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStdio, ROOT } from '../support/mcp-client.js';
import { type PrivateBuild, privateBuild } from '../support/private-build.js';

/**
 * specs/notes/<api>-seed-map.md map every tool of the seed MCP servers to the tools of the
 * generated server. The maps are checked against the seed documents on one side and the built
 * server's tools/list on the other, so neither a renamed operation nor a forgotten seed tool
 * goes unnoticed.
 */

const SEEDS = path.join(ROOT, 'test', 'fixtures', 'seeds');
const REFERENCE = path.join(SEEDS, 'seed-systems.md');

interface MapRow {
  readonly seed: string[];
  /** Generated tool names in the mapping column; empty for "none" / "not covered". */
  readonly generated: string[];
  /** The mapping cell as written. */
  readonly mapping: string;
  readonly line: number;
}

const ticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '');

/** Every row of every table whose header has a "seed tool" (or "seed endpoint") and a "generated tool(s)" column. */
function parseMap(file: string): MapRow[] {
  const rows: MapRow[] = [];
  let columns: { seed: number; generated: number } | undefined;
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      if (!text.startsWith('|')) {
        columns = undefined;
        return;
      }
      const cells = text
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim());
      if (columns === undefined) {
        const seed = Math.max(cells.indexOf('seed tool'), cells.indexOf('seed endpoint'));
        const generated = cells.indexOf('generated tool(s)');
        columns = seed >= 0 && generated >= 0 ? { seed, generated } : { seed: -1, generated: -1 };
        return;
      }
      if (columns.seed < 0 || cells.every((cell) => /^-+$/.test(cell))) return;
      const mapping = cells[columns.generated] ?? '';
      rows.push({ seed: ticked(cells[columns.seed] ?? ''), generated: ticked(mapping), mapping, line: index + 1 });
    });
  return rows;
}

/** Tool names of the Cloudways seed README: the first column of its tool tables. */
function cloudwaysSeedTools(): string[] {
  const text = readFileSync(path.join(SEEDS, 'cloudways-mcp-server-readme.md'), 'utf8');
  return [...new Set([...text.matchAll(/^\|\s*`([a-z][a-z0-9_]*)`\s*\|/gm)].map((match) => match[1] ?? ''))];
}

/** Tool names of the Alpacon seed API reference: its `### `tool`` / `#### `tool`` headings. */
function alpaconSeedTools(): string[] {
  const text = readFileSync(path.join(SEEDS, 'alpacon-mcp-api-reference.md'), 'utf8');
  return [...new Set([...text.matchAll(/^#{3,4} `([a-z][a-z0-9_]*)`\s*$/gm)].map((match) => match[1] ?? ''))];
}

/** Endpoints of the control plane's seed API reference: its `#### METHOD /path` headings. */
function controlPlaneSeedEndpoints(): string[] {
  const text = readFileSync(path.join(SEEDS, 'infra-mcp-server-api-reference.md'), 'utf8');
  return [...new Set([...text.matchAll(/^#### (GET|POST|PUT|DELETE) (\/\S+)\s*$/gm)].map((match) => `${match[1]} ${match[2]}`))];
}

/** MCPBox's 28 management tools, as the seed reference lists them (§5.3). */
function mcpboxSeedTools(): string[] {
  const text = readFileSync(REFERENCE, 'utf8');
  const line = text.split('\n').find((candidate) => candidate.startsWith('- The 28 management tools')) ?? '';
  return [...new Set(line.match(/\bmcpbox_[a-z_]+/g) ?? [])];
}

const CASES = [
  {
    api: 'cloudways',
    env: { CLOUDWAYS_BASE_URL: 'http://127.0.0.1:9/api/v1' },
    seedTools: cloudwaysSeedTools,
    seedCount: 19,
    maps: ['cloudways-seed-map.md'],
    // Seed tools with no generated counterpart, each explained in its row.
    uncovered: [],
  },
  {
    api: 'alpacon',
    env: { ALPACON_BASE_URL: 'http://127.0.0.1:9/{region}/{workspace}' },
    seedTools: alpaconSeedTools,
    seedCount: 58,
    maps: ['alpacon-seed-map.md', 'alpacon-not-covered.md'],
    uncovered: [
      'auth_set_token',
      'auth_remove_token',
      'websh_websocket_execute',
      'websh_websocket_batch_execute',
      'websh_channel_connect',
      'websh_channel_execute',
      'websh_channels_list',
      'websh_channel_disconnect',
    ],
  },
  {
    api: 'control-plane',
    env: { CONTROL_PLANE_BASE_URL: 'http://127.0.0.1:9' },
    seedTools: controlPlaneSeedEndpoints,
    seedCount: 41,
    maps: ['control-plane-seed-map.md'],
    uncovered: ['POST /auth/login', 'POST /auth/refresh', 'POST /auth/logout', 'POST /api-keys', 'GET /metrics'],
  },
  {
    api: 'mcpbox',
    env: { MCPBOX_BASE_URL: 'http://127.0.0.1:9' },
    seedTools: mcpboxSeedTools,
    seedCount: 28,
    maps: ['mcpbox-seed-map.md'],
    uncovered: ['mcpbox_request_module', 'mcpbox_request_network_access'],
  },
] as const;

describe.each(CASES)('$api seed map', ({ api, env, seedTools, seedCount, maps, uncovered }) => {
  const mapFile = path.join(ROOT, 'specs', 'notes', maps[0]);
  const rows = parseMap(mapFile);
  let build: PrivateBuild;
  let listed: Set<string>;

  beforeAll(async () => {
    build = privateBuild(api);
    const session = await connectStdio(build.bin, env);
    try {
      listed = new Set((await session.client.listTools()).tools.map((tool) => tool.name));
    } finally {
      await session.close();
    }
  });

  afterAll(() => build?.remove());

  it('every generated tool named in the mapping column is in the server’s tools/list', () => {
    expect(rows.length).toBeGreaterThanOrEqual(seedCount);
    const missing = rows.flatMap((row) => row.generated.filter((name) => !listed.has(name)).map((name) => `line ${row.line}: ${name}`));
    expect(missing).toEqual([]);
  });

  it('a row without a generated tool says so in words ("none" or "not covered"), and only for the known ones', () => {
    const empty = rows.filter((row) => row.generated.length === 0);
    for (const row of empty) expect(['none', 'not covered'], `line ${row.line}`).toContain(row.mapping);
    expect(new Set(empty.flatMap((row) => row.seed))).toEqual(new Set(uncovered));
    // And none of them has a counterpart under another row.
    const mapped = new Set(rows.filter((row) => row.generated.length > 0).flatMap((row) => row.seed));
    expect(uncovered.filter((name) => mapped.has(name))).toEqual([]);
  });

  it('every tool of the seed document appears in a row', () => {
    const seed = seedTools();
    expect(seed).toHaveLength(seedCount);
    const inMap = new Set(rows.flatMap((row) => row.seed));
    expect(seed.filter((name) => !inMap.has(name))).toEqual([]);
  });

  it('the generated README carries the map (x-mcp readme)', () => {
    const readme = readFileSync(path.join(ROOT, 'generated', api, 'README.md'), 'utf8');
    for (const file of maps) {
      const text = readFileSync(path.join(ROOT, 'specs', 'notes', file), 'utf8').trim();
      expect(readme.includes(text), `${file} is not in generated/${api}/README.md: run mcpgen generate`).toBe(true);
    }
  });
});
