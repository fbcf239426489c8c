import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The generator's modules, and the runtime's, import each other in one direction only: a circle (even through a
 * type or a dynamic import) means two modules share one job, or that one has a piece the other
 * should own. The compiler's preProcessFile lists each file's imports, type-only and dynamic ones included.
 */
const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Source file (relative to ROOT) → the source files under the same folder it imports. */
function importGraph(folder: string): Map<string, string[]> {
  const files = (readdirSync(path.join(ROOT, folder), { recursive: true }) as string[])
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts'))
    .map((file) => path.join(folder, file));
  const known = new Set(files);
  return new Map(
    files.map((file) => {
      const { importedFiles } = ts.preProcessFile(readFileSync(path.join(ROOT, file), 'utf8'), true, true);
      const targets = importedFiles
        .filter(({ fileName }) => fileName.startsWith('.'))
        .map(({ fileName }) => path.join(path.dirname(file), fileName.replace(/\.js$/, '.ts')));
      return [file, targets.filter((target) => known.has(target))];
    }),
  );
}

/** Each circle of `graph` found by a depth-first walk, as `a → b → a`. */
function circles(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const found: string[] = [];
  const done = new Set<string>();
  const trail: string[] = [];
  const visit = (file: string) => {
    trail.push(file);
    for (const target of graph.get(file) ?? []) {
      const at = trail.indexOf(target);
      if (at >= 0) found.push([...trail.slice(at), target].join(' → '));
      else if (!done.has(target)) visit(target);
    }
    trail.pop();
    done.add(file);
  };
  for (const file of graph.keys()) if (!done.has(file)) visit(file);
  return found;
}

describe('import circles', () => {
  it('finds a circle where there is one', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(circles(graph)).toEqual(['a → b → c → a']);
  });

  it('there is none under generator/', () => {
    const graph = importGraph('generator');
    expect(graph.get(path.join('generator', 'emit', 'render-types.ts'))).toContain(path.join('generator', 'emit', 'openapi-types.ts'));
    expect(circles(graph)).toEqual([]);
  });

  it('there is none under templates/runtime/', () => {
    const graph = importGraph(path.join('templates', 'runtime'));
    // the dynamic import that loads the sandbox only for code mode is in the graph
    expect(graph.get(path.join('templates', 'runtime', 'code-mode.ts'))).toContain(path.join('templates', 'runtime', 'sandbox-host.ts'));
    expect(circles(graph)).toEqual([]);
  });
});
