import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectStdio, ROOT, type StdioSession, textOf } from '../support/mcp-client.js';
import { npmPack, run, runCommand, userEnv } from '../support/npm.js';
import { freePort } from '../support/redis.js';

/**
 * mcpgen as a new user meets it, outside this repo, with real npm and nothing but 127.0.0.1:
 * pack a fresh copy of mcpgen (its `prepare` builds the CLI), install the tarball into an empty
 * project, `init` two APIs, `generate`, `check`, pack both generated packages, install them into
 * a consumer project, type-check the consumer's server under strict flags against the packages'
 * declarations, then mount both packages and a tool of the consumer's own in one MCP server and
 * call all three kinds of tool with the SDK client against `mcpgen mock`.
 *
 * npm runs with --prefer-offline: package tarballs come from the npm cache that `npm ci` filled
 * (no other network than the registry's metadata). Each step's time is printed at the end.
 */

const WORK = mkdtempSync(path.join(os.tmpdir(), 'mcpgen-adoption-'));
const ADOPTER = path.join(WORK, 'adopter');
const CONSUMER = path.join(WORK, 'consumer');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
// Tarballs come from the cache `npm ci` filled; what npm ci does not cache (the registry's
// metadata for version ranges) is fetched once from the registry, then cached too.
const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
const ROOT_MANIFEST = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

const timings: [string, number][] = [];
const children: ChildProcess[] = [];
let session: StdioSession | undefined;

afterAll(async () => {
  await session?.close();
  for (const child of children) child.kill();
  rmSync(WORK, { recursive: true, force: true });
  process.stdout.write(
    `\nadoption test, step timings:\n${timings.map(([name, ms]) => `  ${(ms / 1000).toFixed(1).padStart(6)} s  ${name}`).join('\n')}\n`,
  );
});

async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    timings.push([name, performance.now() - started]);
  }
}

/** `npm pack` in `dir` into WORK. */
const npmPackHere = (dir: string) => npmPack(dir, WORK, NPM_FLAGS);

/** `mcpgen mock <spec>` in the adopting project; resolves to the URL it serves. */
function startMock(spec: string): Promise<string> {
  const child = spawn('npx', ['--no', '--', 'mcpgen', 'mock', spec], { cwd: ADOPTER, env: userEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const seen = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const url = /upstream on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url) resolve(url);
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.once('exit', (code) => reject(new Error(`mcpgen mock ${spec} exited (${code}): ${output}`)));
  });
}

/** The consumer's own MCP server: both generated packages and a tool of its own, over stdio. */
const CONSUMER_SERVER = `import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { registerTools as registerNotes } from '@mcpgen/notes';
import { ShopClient, registerTools as registerShop } from '@mcpgen/shop';

const shopUrl = process.env['SHOP_URL'] ?? 'http://127.0.0.1:9';
const notesUrl = process.env['NOTES_URL'] ?? 'http://127.0.0.1:9';
const shop = new ShopClient({ baseUrl: shopUrl, credentials: { API_TOKEN: 'shop-token' } });

const mcp = new McpServer({ name: 'adopter', version: '1.0.0' });
mcp.registerTool(
  'count_shop_items',
  {
    title: 'Count shop items',
    description: 'How many items the first page of the shop lists (a tool of our own, using the typed client).',
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  },
  async () => {
    const page = await shop.listItems();
    const count: number = page.data.items?.length ?? 0;
    return { content: [{ type: 'text', text: \`the shop lists \${count} item(s)\` }] };
  },
);
registerShop(mcp, { baseUrl: shopUrl, credentials: { API_TOKEN: 'shop-token' } });
registerNotes(mcp, { baseUrl: notesUrl, credentials: { API_TOKEN: 'notes-token' }, prefix: 'notes_' });
await mcp.connect(new StdioServerTransport());
`;

const CONSUMER_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    exactOptionalPropertyTypes: true,
    noPropertyAccessFromIndexSignature: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: false,
    types: ['node'],
    rootDir: 'src',
    outDir: 'dist',
  },
  include: ['src'],
};

describe('adopting mcpgen from outside its repo (real npm from its cache, servers on 127.0.0.1 only)', () => {
  let mcpgenTarball = '';
  const packages: Record<string, string> = {};

  it('npm pack of a fresh copy builds the CLI (prepare) and ships no tests', { timeout: 300_000 }, async () => {
    const clone = path.join(WORK, 'mcpgen');
    await step('copy a fresh checkout (no dist/)', async () => {
      for (const entry of [
        'package.json',
        'package-lock.json',
        'README.md',
        'tsconfig.base.json',
        'tsconfig.build.json',
        'generator',
        'templates',
      ]) {
        cpSync(path.join(ROOT, entry), path.join(clone, entry), { recursive: true });
      }
      symlinkSync(path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules'), 'dir');
    });
    expect(existsSync(path.join(clone, 'dist'))).toBe(false);
    const packed = await step('npm pack mcpgen (prepare: npm run build)', () => npmPackHere(clone));
    mcpgenTarball = packed.tarball;
    expect(packed.files).toContain('dist/generator/cli/index.js');
    expect(packed.files).toContain('dist/generator/build/runtime-declarations.json');
    expect(packed.files).toContain('templates/init/starter.yaml');
    expect(packed.files.filter((file) => /\.test\.[jt]s$|^test\//.test(file))).toEqual([]);
  });

  it('installs into an empty project, where init, generate and check work', { timeout: 300_000 }, async () => {
    mkdirSync(ADOPTER, { recursive: true });
    writeFileSync(path.join(ADOPTER, 'package.json'), JSON.stringify({ name: 'adopter', version: '1.0.0', private: true, type: 'module' }));
    await step('npm install the mcpgen tarball', () => run('npm', ['install', '--save-dev', mcpgenTarball, ...NPM_FLAGS], ADOPTER));

    const init = await step('mcpgen init shop; mcpgen init notes', async () => {
      const first = await run('npx', ['--no', '--', 'mcpgen', 'init', 'shop'], ADOPTER);
      await run('npx', ['--no', '--', 'mcpgen', 'init', 'notes'], ADOPTER);
      return first;
    });
    expect(init.stdout).toContain('npx mcpgen generate specs/shop.yaml');
    expect(init.stdout).toContain('npx mcpgen mock specs/shop.yaml');
    expect(readFileSync(path.join(ADOPTER, '.gitignore'), 'utf8')).toBe('generated/*/dist/\n');

    const generated = await step('mcpgen generate (both specs)', () => run('npx', ['--no', '--', 'mcpgen', 'generate'], ADOPTER));
    expect(generated.stdout).toMatch(/specs\/shop\.yaml → generated\/shop: 6 tools/);
    expect(existsSync(path.join(ADOPTER, 'generated', 'notes', 'dist', 'index.d.ts'))).toBe(true);

    const checked = await step('mcpgen check --json', () => run('npx', ['--no', '--', 'mcpgen', 'check', '--json'], ADOPTER));
    const report = JSON.parse(checked.stdout) as { command: string; ok: boolean; specs: { spec: string; upToDate: boolean }[] };
    expect(report).toMatchObject({ command: 'check', ok: true });
    expect(report.specs.map(({ spec, upToDate }) => [spec, upToDate]).sort()).toEqual([
      ['specs/notes.yaml', true],
      ['specs/shop.yaml', true],
    ]);
  });

  it('packs both generated packages with declarations and no sources', { timeout: 120_000 }, async () => {
    await step('npm pack generated/shop and generated/notes', async () => {
      for (const api of ['shop', 'notes']) {
        const packed = await npmPackHere(path.join(ADOPTER, 'generated', api));
        expect(packed.files).toEqual(
          expect.arrayContaining(['dist/bin.js', 'dist/index.js', 'dist/index.d.ts', 'dist/client.d.ts', 'package.json']),
        );
        expect(packed.files.filter((file) => file.startsWith('src/'))).toEqual([]);
        packages[api] = packed.tarball;
      }
    });
  });

  it('a consumer installs them (ioredis not needed) and type-checks its server under strict flags', { timeout: 300_000 }, async () => {
    mkdirSync(path.join(CONSUMER, 'src'), { recursive: true });
    writeFileSync(
      path.join(CONSUMER, 'package.json'),
      JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }),
    );
    const sdk = `@modelcontextprotocol/sdk@${ROOT_MANIFEST.dependencies['@modelcontextprotocol/sdk']}`;
    const typesNode = `@types/node@${ROOT_MANIFEST.devDependencies['@types/node']}`;
    await step('npm install both package tarballs (+ the SDK, @types/node)', () =>
      run('npm', ['install', packages.shop!, packages.notes!, sdk, typesNode, ...NPM_FLAGS], CONSUMER),
    );
    expect(existsSync(path.join(CONSUMER, 'node_modules', '@mcpgen', 'shop', 'dist', 'index.d.ts'))).toBe(true);
    expect(existsSync(path.join(CONSUMER, 'node_modules', 'ioredis')), 'ioredis is an optional peer').toBe(false);

    writeFileSync(path.join(CONSUMER, 'src', 'server.ts'), CONSUMER_SERVER);
    writeFileSync(path.join(CONSUMER, 'tsconfig.json'), JSON.stringify(CONSUMER_TSCONFIG, null, 2));
    const { stdout } = await step('tsc: strict, exactOptionalPropertyTypes, noPropertyAccessFromIndexSignature, skipLibCheck false', () =>
      run(process.execPath, [TSC, '-p', 'tsconfig.json', '--listFiles'], CONSUMER),
    );
    const ours = stdout.split('\n').filter((file) => file.includes(`${path.sep}node_modules${path.sep}@mcpgen${path.sep}`));
    expect(ours.length).toBeGreaterThan(0);
    expect(
      ours.filter((file) => !file.endsWith('.d.ts')),
      'only declarations of the packages are read',
    ).toEqual([]);
  });

  it('without ioredis, a server asked for Redis exits 2 saying to install it', { timeout: 60_000 }, async () => {
    const bin = path.join(CONSUMER, 'node_modules', '@mcpgen', 'shop', 'dist', 'bin.js');
    const port = await freePort();
    const ran = await step('start the installed bin in Redis mode', () =>
      runCommand(process.execPath, [bin, '--http', String(port)], CONSUMER, {
        REDIS_URL: 'redis://127.0.0.1:9',
        SHOP_REDIS_KEY: Buffer.alloc(32, 7).toString('base64'),
      }),
    );
    expect(ran.code, ran.stderr).toBe(2);
    expect(ran.stderr).toContain('npm install ioredis');
  });

  it(
    'mounts two generated packages and its own tool; the SDK client calls all three against mcpgen mock',
    { timeout: 120_000 },
    async () => {
      const [shopUrl, notesUrl] = await step('mcpgen mock (two upstreams)', () =>
        Promise.all([startMock('specs/shop.yaml'), startMock('specs/notes.yaml')]),
      );
      session = await step('start the consumer server over stdio', () =>
        connectStdio(path.join(CONSUMER, 'dist', 'server.js'), { SHOP_URL: shopUrl!, NOTES_URL: notesUrl! }),
      );
      const client = session.client;
      const results = await step('tools/list and three tool calls', async () => {
        const { tools } = await client.listTools();
        const names = tools.map((tool) => tool.name);
        expect(names).toEqual(expect.arrayContaining(['list_items', 'get_item', 'notes_list_items', 'notes_get_item', 'count_shop_items']));
        expect(names).toHaveLength(13);
        return {
          shop: await client.callTool({ name: 'list_items', arguments: {} }),
          notes: await client.callTool({ name: 'notes_get_item', arguments: { itemId: 'it_1' } }),
          own: await client.callTool({ name: 'count_shop_items', arguments: {} }),
        };
      });
      expect(results.shop.isError ?? false, textOf(results.shop)).toBe(false);
      expect(textOf(results.shop)).toContain('Write the spec');
      expect(results.notes.isError ?? false, textOf(results.notes)).toBe(false);
      expect(textOf(results.notes)).toContain('it_1');
      expect(textOf(results.own)).toBe('the shop lists 1 item(s)');
    },
  );
});
