import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/mcp-client.js';
import { TMP } from '../support/private-build.js';

/**
 * The CLI as CI runs it: the built `mcpgen` process in a project folder of its own, folder
 * arguments, `--json` documents on stdout, and exit codes.
 */

const CLI = path.join(ROOT, 'dist', 'generator', 'cli', 'index.js');
let project: string;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function mcpgen(...argv: string[]): Promise<Run> {
  const child = spawn(process.execPath, [CLI, ...argv], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

/** The one JSON document a --json run prints, with the keys README.md documents. */
function report(run: Run): {
  command: string;
  ok: boolean;
  exitCode: number;
  specs: Record<string, unknown>[];
  errors: Record<string, unknown>[];
} {
  const document = JSON.parse(run.stdout) as ReturnType<typeof report>;
  expect(Object.keys(document)).toEqual(['command', 'ok', 'exitCode', 'specs', 'errors']);
  expect(document.exitCode).toBe(run.code);
  return document;
}

beforeAll(() => {
  mkdirSync(TMP, { recursive: true });
  project = mkdtempSync(path.join(TMP, 'cli-json-'));
  mkdirSync(path.join(project, 'specs', 'fragments'), { recursive: true });
  for (const name of ['minimal.yaml', 'snapshot-api.yaml']) {
    cpSync(path.join(ROOT, 'test', 'fixtures', 'specs', 'valid', name), path.join(project, 'specs', name));
  }
  // Sub-folders hold fragments, not specs: a folder argument is not recursive.
  writeFileSync(path.join(project, 'specs', 'fragments', 'thing.yaml'), 'type: string\n');
  cpSync(path.join(ROOT, 'test', 'fixtures', 'specs', 'invalid', 'broken-ref-thrice.yaml'), path.join(project, 'broken-ref-thrice.yaml'));
});

afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('mcpgen --json and folder arguments', () => {
  it('generate <folder> --json: every spec directly in the folder, one document on stdout', async () => {
    const run = await mcpgen('generate', 'specs', '--no-build', '--json');
    const document = report(run);
    expect(document).toMatchObject({ command: 'generate', ok: true, exitCode: 0, errors: [] });
    expect(document.specs.map((spec) => spec.spec)).toEqual(['specs/minimal.yaml', 'specs/snapshot-api.yaml']);
    for (const spec of document.specs) {
      expect(Object.keys(spec)).toEqual(['spec', 'outDir', 'tools', 'files', 'toolsListBytes', 'built', 'bin', 'ms', 'warnings']);
      expect(spec.tools).toBeGreaterThan(0);
      expect(spec.built).toBe(false);
      expect(spec.bin).toBeNull();
    }
  }, 60_000);

  it('check --json: up to date, an npm tarball beside the package ignored', async () => {
    writeFileSync(path.join(project, 'generated', 'minimal', 'mcpgen-minimal-1.0.0.tgz'), 'not ours');
    const document = report(await mcpgen('check', 'specs', '--json'));
    expect(document).toMatchObject({ command: 'check', ok: true, exitCode: 0 });
    expect(document.specs.map(({ upToDate, overBudget, orphaned }) => ({ upToDate, overBudget, orphaned }))).toEqual([
      { upToDate: true, overBudget: false, orphaned: [] },
      { upToDate: true, overBudget: false, orphaned: [] },
    ]);
  }, 60_000);

  it('check --max-tools-bytes: over budget is reported as such, not as stale files', async () => {
    const text = await mcpgen('check', 'specs/minimal.yaml', '--max-tools-bytes', '10');
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/specs\/minimal\.yaml: tools\/list \d+ bytes, over budget \(10\)/);
    expect(text.stderr).toContain('Over budget:');
    expect(text.stderr).not.toMatch(/stale|mcpgen generate/i);
    const document = report(await mcpgen('check', 'specs/minimal.yaml', '--max-tools-bytes', '10', '--json'));
    expect(document).toMatchObject({ ok: false, exitCode: 1 });
    expect(document.specs[0]).toMatchObject({ upToDate: true, overBudget: true, maxToolsBytes: 10, stale: [] });
  }, 60_000);

  it('check: an edited file is stale (and only that)', async () => {
    const file = path.join(project, 'generated', 'minimal', 'README.md');
    const before = readFileSync(file, 'utf8');
    appendFileSync(file, '\nedited by hand\n');
    try {
      const text = await mcpgen('check', 'specs');
      expect(text.code).toBe(1);
      expect(text.stdout).toContain('specs/minimal.yaml: 1 file(s) stale, missing or orphaned');
      expect(text.stdout).toContain('specs/snapshot-api.yaml: up to date');
      expect(text.stderr).not.toContain('over budget');
      const document = report(await mcpgen('check', 'specs', '--json'));
      expect(document.specs[0]).toMatchObject({ upToDate: false, stale: ['README.md'], overBudget: false });
    } finally {
      writeFileSync(file, before);
    }
  }, 60_000);

  it('lint <folder> --json lists each spec with its issues', async () => {
    const run = await mcpgen('lint', 'specs', '--json');
    const document = report(run);
    expect(document).toMatchObject({ command: 'lint', ok: true, exitCode: 0, errors: [] });
    expect(document.specs.map((spec) => Object.keys(spec))).toEqual([
      ['spec', 'tools', 'issues'],
      ['spec', 'tools', 'issues'],
    ]);
  }, 60_000);

  it('refused arguments still give the JSON document (exit 2, a usage error)', async () => {
    const document = report(await mcpgen('check', '--json', '--max-tools-bytes', 'lots'));
    expect(document).toMatchObject({ command: 'check', ok: false, exitCode: 2, specs: [] });
    expect(document.errors[0]).toMatchObject({ code: 'usage', message: expect.stringContaining('positive integer') });
  }, 60_000);

  it('a broken $ref used three times: three errors with line and pointer, each printed once', async () => {
    const text = await mcpgen('generate', 'broken-ref-thrice.yaml', '--no-build');
    expect(text.code).toBe(3);
    expect(text.stderr.match(/cannot resolve \$ref "#\/components\/schemas\/Missing"/g)).toHaveLength(3);
    expect(text.stderr).toContain('broken-ref-thrice.yaml#/paths/~1b/get/responses/404/content/application~1json/schema/items (line 27)');
    const document = report(await mcpgen('generate', 'broken-ref-thrice.yaml', '--no-build', '--json'));
    expect(document).toMatchObject({ command: 'generate', ok: false, exitCode: 3, specs: [] });
    expect(document.errors.map(({ code, line }) => ({ code, line }))).toEqual([
      { code: 'broken-ref', line: 13 },
      { code: 'broken-ref', line: 22 },
      { code: 'broken-ref', line: 27 },
    ]);
  }, 60_000);

  it('lint refuses a cursor pagination block without cursorPath (exit 3, pointer in the report)', async () => {
    const spec = readFileSync(path.join(project, 'specs', 'minimal.yaml'), 'utf8').replace(
      'paths:',
      'x-mcp:\n  pagination:\n    - { style: cursor, cursorParam: cursor }\npaths:',
    );
    writeFileSync(path.join(project, 'cursor.yaml'), spec);
    const document = report(await mcpgen('lint', 'cursor.yaml', '--json'));
    expect(document).toMatchObject({ command: 'lint', ok: false, exitCode: 3 });
    expect(document.errors[0]).toMatchObject({
      pointer: '/x-mcp/pagination/0/cursorPath',
      message: expect.stringContaining('needs cursorPath'),
    });
  }, 60_000);
});
