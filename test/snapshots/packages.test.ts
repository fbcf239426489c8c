import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listedTool } from '../../generator/emit/list-size.js';
import { producePackage } from '../../generator/index.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SNAPSHOTS = path.join(ROOT, 'test', 'snapshots');

/**
 * The printed output, snapshotted once: the whole package of a small fixture API (the runtime
 * aside, a copy of templates/runtime) and its tools/list. The shipped packages under generated/
 * are not copied here: `mcpgen check` (CI, and test/e2e/cli.test.ts) fails when one is not what
 * its spec makes now.
 */
const SCENARIOS: readonly { name: string; spec: string; files: (file: string) => boolean }[] = [
  { name: 'fixture-snapshot-api', spec: 'test/fixtures/specs/valid/snapshot-api.yaml', files: (file) => !file.startsWith('src/runtime/') },
];

function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(path.join(dir, prefix))) return [];
  return readdirSync(path.join(dir, prefix)).flatMap((name) => {
    const relative = prefix ? `${prefix}/${name}` : name;
    return statSync(path.join(dir, relative)).isDirectory() ? listFiles(dir, relative) : [relative];
  });
}

describe.each(SCENARIOS)('generated package $name', ({ name, spec, files }) => {
  it('matches its file snapshots, with no orphaned snapshot', async () => {
    const produced = await producePackage(spec, { root: ROOT });
    const expected = new Set<string>();
    for (const [file, text] of produced.files) {
      if (!files(file)) continue;
      expected.add(file);
      await expect(text).toMatchFileSnapshot(path.join(SNAPSHOTS, name, file));
    }
    const toolsList = `${JSON.stringify({ tools: [...produced.model.tools].sort((a, b) => (a.name < b.name ? -1 : 1)).map(listedTool) }, null, 2)}\n`;
    expected.add('tools-list.json');
    await expect(toolsList).toMatchFileSnapshot(path.join(SNAPSHOTS, name, 'tools-list.json'));

    const orphans = listFiles(path.join(SNAPSHOTS, name)).filter((file) => !expected.has(file));
    expect(orphans, `snapshots no generated file matches (delete them): ${orphans.join(', ')}`).toEqual([]);
  });

  it('is byte-for-byte the same when generated twice', async () => {
    const [first, second] = await Promise.all([producePackage(spec, { root: ROOT }), producePackage(spec, { root: ROOT })]);
    expect([...second.files]).toEqual([...first.files]);
  });
});
