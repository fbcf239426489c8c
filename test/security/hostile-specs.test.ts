/**
 * The hostile-spec suite (issue 12, generator side): specs written to read local files, to run
 * code, to hang or crash the loader, or to write files where they should not. Each must end in
 * a clear error or inert output; nothing may be written outside the output folder, no payload
 * may run at generate, type-check, import, tools/list or tools/call, and a failed generation
 * leaves the previous output as it was.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { typecheckPackage } from '../../generator/build/index.js';
import { McpgenError } from '../../generator/errors.js';
import { generate } from '../../generator/index.js';
import { ROOT } from '../support/mcp-client.js';
import { RecordingUpstream } from '../support/recording-upstream.js';
import {
  aliasBomb,
  allText,
  badHeaderName,
  cleanSpec,
  codeInjection,
  createWorkspace,
  depthBomb,
  explicitNameCollision,
  fileEscapes,
  hostileAppendix,
  hostileNames,
  markersWritten,
  payload,
  refChain,
  SECRET,
  treeDigest,
  type Workspace,
  writeSpec,
} from './hostile-specs.js';

let workspace: Workspace;
/** The output every failing generation targets; it holds the clean spec's package. */
let previous: string;
let previousDigest: Map<string, string>;

beforeAll(async () => {
  workspace = createWorkspace();
  previous = path.join(workspace.out, 'previous');
  await generate(writeSpec(workspace, 'clean.json', cleanSpec()), { root: workspace.root, outDir: previous, build: false });
  previousDigest = treeDigest(previous);
});

afterAll(() => {
  rmSync(workspace.root, { recursive: true, force: true });
});

/** Generation of `spec` into the previous output fails with a McpgenError; returns it. */
async function refused(spec: string, options: { allowFiles?: string[] } = {}): Promise<McpgenError> {
  const error = await generate(spec, { root: workspace.root, outDir: previous, build: false, ...options }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(McpgenError);
  expect(treeDigest(previous)).toEqual(previousDigest);
  return error as McpgenError;
}

describe('the payload marker', () => {
  it('is written when the payload runs as code (so its absence below means nothing ran)', () => {
    new Function(payload(workspace, 'control'))();
    expect(markersWritten(workspace)).toEqual(['control']);
    rmSync(path.join(workspace.markers, 'control'));
  });
});

describe('a spec reading files outside its folder', () => {
  it.each([0, 1, 2, 3, 4, 5, 6, 7])('is refused with file, pointer and the path tried (case %i)', async (index) => {
    const fixture = fileEscapes(workspace)[index];
    if (!fixture) throw new Error(`no fixture ${index}`);
    const spec = writeSpec(workspace, `${fixture.name}.json`, fixture.document);
    const error = await refused(spec);
    const issue = error.issues.find((candidate) => candidate.code === 'file-outside-spec-folder');
    expect(issue, `${fixture.name}: ${error.message}`).toMatchObject({ file: `specs/${fixture.name}.json`, pointer: fixture.pointer });
    expect(issue?.message).toMatch(/reads \/.*, outside the spec's folder; pass --allow-files/);
    expect(error.describe()).not.toContain(SECRET);
    expect(allText(previous)).not.toContain(SECRET);
  });

  it('reads them when the user allows the folder with --allow-files (the refusal is what kept them out)', async () => {
    const fixture = fileEscapes(workspace).find((candidate) => candidate.name === 'readme-parent');
    const spec = writeSpec(workspace, 'allowed.json', fixture?.document);
    const out = path.join(workspace.out, 'allowed');
    await generate(spec, { root: workspace.root, outDir: out, build: false, allowFiles: ['secret'] });
    expect(readFileSync(path.join(out, 'README.md'), 'utf8')).toContain(SECRET);
  });

  it('exits 3 from the CLI, naming the pointer, and 0 with --allow-files', () => {
    const spec = writeSpec(workspace, 'cli.json', fileEscapes(workspace)[0]?.document);
    const cli = path.join(ROOT, 'dist', 'generator', 'cli', 'index.js');
    const run = (...extra: string[]) =>
      spawnSync(process.execPath, [cli, 'generate', spec, '-o', path.join(workspace.out, 'cli'), '--no-build', ...extra], {
        cwd: workspace.root,
        encoding: 'utf8',
      });
    const refusedRun = run();
    expect(refusedRun.status).toBe(3);
    expect(refusedRun.stderr).toContain('error file-outside-spec-folder at specs/cli.json#/x-mcp/readme/0');
    expect(run('--allow-files', 'secret').status).toBe(0);
  });
});

describe('spec text that tries to become code', () => {
  let out: string;
  let before: Map<string, string>;

  beforeAll(async () => {
    before = treeDigest(workspace.root);
    out = path.join(workspace.out, 'evil');
    writeFileSync(path.join(workspace.specs, 'appendix.md'), hostileAppendix(workspace));
    await generate(writeSpec(workspace, 'evil.json', codeInjection(workspace)), { root: workspace.root, outDir: out });
  });

  it('is generated without running anything or writing outside the output folder', () => {
    expect(markersWritten(workspace)).toEqual([]);
    const after = treeDigest(workspace.root);
    const outside = [...after.keys()].filter((file) => !file.startsWith(`out${path.sep}evil${path.sep}`) && !before.has(file));
    expect(outside.sort()).toEqual(['specs/appendix.md', 'specs/evil.json']);
  });

  it('type-checks under the package tsconfig (nothing broke out of a string or comment)', () => {
    expect(typecheckPackage(out)).toEqual([]);
    expect(markersWritten(workspace)).toEqual([]);
  });

  it('gives a README with no raw HTML, a closed fence and shell-quoted values', () => {
    const readme = readFileSync(path.join(out, 'README.md'), 'utf8');
    expect(readme).not.toMatch(/<script|<img|<!-- a comment/);
    expect(readme).toContain('&lt;script>');
    expect(readme).toContain('&lt;!-- a comment left open');
    expect(readme.split('\n').filter((line) => /^```/.test(line)).length % 2).toBe(0);
    const inspector = readme.split('\n').find((line) => line.startsWith('npx -- @modelcontextprotocol/inspector')) ?? '';
    // the value prefix reaches the shell line only inside single quotes (each ' written '\'')
    expect(inspector).toMatch(/--header 'X-Key: '\\''\$\(touch /);
  });

  it('is inert when the package is imported, lists its tools and calls one', async () => {
    const upstream = await new RecordingUpstream().start();
    try {
      upstream.on('GET', /^\/v1\/items\//, { body: { ok: true } });
      const pkg = (await import(pathToFileURL(path.join(out, 'dist', 'index.js')).href)) as {
        createServer(config: object): Server;
      };
      const server = pkg.createServer({ baseUrl: `${upstream.url}/v1`, credentials: { KEY_X: 'k' } });
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      const client = new Client({ name: 'hostile-specs', version: '0.0.0' });
      await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
      const { tools } = await client.listTools();
      expect(tools).toHaveLength(1);
      const tool = tools[0];
      expect(tool?.description).toContain('*/');
      const id = (tool?.inputSchema.properties?.id as { enum: string[] }).enum[0];
      const result = await client.callTool({ name: tool?.name ?? '', arguments: { id } });
      expect(result.isError, JSON.stringify(result)).toBeFalsy();
      expect(upstream.requests).toHaveLength(1);
      await client.close();
      expect(markersWritten(workspace)).toEqual([]);
    } finally {
      await upstream.stop();
    }
  });
});

describe('a document built to hurt the loader', () => {
  it('an alias bomb is refused by name, with file and pointer, in well under a second of work', async () => {
    const started = performance.now();
    const error = await refused(writeSpec(workspace, 'bomb.yaml', aliasBomb()));
    const elapsed = performance.now() - started;
    expect(error.issues[0]).toMatchObject({ code: 'alias-bomb', file: 'specs/bomb.yaml' });
    expect(error.issues[0]?.pointer).toMatch(/^\/x-bomb\/a\d/);
    expect(elapsed).toBeLessThan(10_000);
  });

  it('a 3,000-level schema is refused by name instead of a RangeError', async () => {
    const error = await refused(writeSpec(workspace, 'deep.json', depthBomb(3000)));
    expect(error.issues[0]).toMatchObject({ code: 'too-deep', file: 'specs/deep.json' });
    expect(error.issues[0]?.pointer).toMatch(/^\/paths\/~1x\/get\/responses\/200\/content\/application~1json\/schema\/properties\/a/);
  });

  it('a chain of 3,000 schemas through $refs is refused by name instead of a RangeError', async () => {
    const error = await refused(writeSpec(workspace, 'chain.json', refChain(3000)));
    expect(error.issues[0]).toMatchObject({
      code: 'too-deep',
      file: 'specs/chain.json',
      pointer: expect.stringMatching(/^\/components\/schemas\/S20[01]$/),
    });
  });
});

describe('names that reach file paths', () => {
  it('are unique, bounded and no Windows device: the package type-checks', async () => {
    const out = path.join(workspace.out, 'names');
    const result = await generate(writeSpec(workspace, 'names.json', hostileNames()), { root: workspace.root, outDir: out, build: false });
    const toolFiles = [...result.files.keys()].filter((file) => file.startsWith('src/tools/') && file !== 'src/tools/index.ts');
    expect(toolFiles).toHaveLength(result.model.tools.length);
    expect(new Set(toolFiles.map((file) => file.toLowerCase())).size).toBe(toolFiles.length);
    for (const segment of toolFiles.flatMap((file) => file.split('/'))) {
      expect(segment.length).toBeLessThanOrEqual(68);
      expect(segment).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i);
    }
    expect(typecheckPackage(out)).toEqual([]);
  });

  it('an explicit x-mcp name equal to another tool but for case or separators is an error naming both', async () => {
    const error = await refused(writeSpec(workspace, 'collision.json', explicitNameCollision()));
    expect(error.issues[0]).toMatchObject({ code: 'tool-name-collision', pointer: '/paths/~1a/get/x-mcp/name' });
    expect(error.issues[0]?.message).toContain('GET /b');
  });

  it.each(['x key', 'x-key\r\nx-evil: 1', 'x-key:', '"x"', ''])('an x-mcp header %j that is no HTTP token is refused', async (header) => {
    const error = await refused(writeSpec(workspace, 'header.json', badHeaderName(header)));
    expect(error.issues[0]).toMatchObject({ code: 'invalid-extension', pointer: '/components/securitySchemes/key/x-mcp/header' });
  });
});
