import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPackage } from '../../generator/index.js';
import { ROOT } from '../support/mcp-client.js';
import { npmReport, runCommand } from '../support/npm.js';

/** Every shipped package passes `npm publish --dry-run` (npm's own checks of name, version and files), built as generate builds it. */

const WORK = mkdtempSync(path.join(os.tmpdir(), 'mcpgen-publish-'));
const SHIPPED = readdirSync(path.join(ROOT, 'generated'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

afterAll(() => rmSync(WORK, { recursive: true, force: true }));

/** A copy of generated/<api> outside the repo, as a user would have it. */
function copyOf(api: string, suffix = ''): string {
  const dir = path.join(WORK, `${api}${suffix}`);
  cpSync(path.join(ROOT, 'generated', api), dir, { recursive: true, filter: (source) => !source.includes(`${path.sep}dist`) });
  return dir;
}

describe('publishing the generated packages', () => {
  it('ships three packages', () => {
    expect(SHIPPED.length).toBeGreaterThanOrEqual(3);
  });

  it.each(SHIPPED)(
    'generated/%s: npm publish --dry-run passes, with declarations and without sources',
    { timeout: 120_000 },
    async (api) => {
      const dir = copyOf(api);
      buildPackage(dir);
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string; version: string };
      const published = await runCommand('npm', ['publish', '--dry-run', '--json', '--no-audit', '--loglevel=error'], dir);
      expect(published.code, published.stderr).toBe(0);
      // npm's report is keyed by the package's name
      const report = npmReport<Record<string, { name: string; version: string; files: { path: string }[] }>>(published.stdout)[
        manifest.name
      ];
      expect(report).toMatchObject({ name: manifest.name, version: manifest.version });
      const files = report?.files.map((file) => file.path) ?? [];
      // code mode's worker thread is started from a file path, also by the bundled bin
      expect(files).toEqual(
        expect.arrayContaining(['dist/bin.js', 'dist/index.js', 'dist/index.d.ts', 'dist/runtime/sandbox-worker.js', 'README.md']),
      );
      expect(files.filter((file) => file.startsWith('src/'))).toEqual([]);
    },
  );

  it('refuses to pack a package whose dist/ was never built, saying what to run', { timeout: 60_000 }, async () => {
    const packed = await runCommand('npm', ['pack', '--dry-run', '--loglevel=error'], copyOf(SHIPPED[0]!, '-unbuilt'));
    expect(packed.code).not.toBe(0);
    expect(packed.stderr).toContain('dist/ is missing: run mcpgen generate');
  });
});
