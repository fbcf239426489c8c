import { watch } from 'node:fs';
import path from 'node:path';
import { generate } from '../../generate.js';
import { McpgenError } from '../../errors.js';
import { untilInterrupted } from '../interrupt.js';
import type { Output } from '../output.js';
import { resolveSpecs, SPEC_FILE } from '../specs.js';
import { summaryLine } from './generate.js';

const SETTLE_MS = 50;

/**
 * Regenerates each spec when its folder changes. A failed run prints its error and leaves
 * the previous output in place; the next good save recovers. Runs until interrupted.
 */
export async function runWatch(output: Output, given: readonly string[], flags: { build: boolean }, stop?: AbortSignal): Promise<void> {
  const root = process.cwd();
  const specs = resolveSpecs(given, undefined, root);
  const timers = new Map<string, NodeJS.Timeout>();
  let queue = Promise.resolve();

  const run = (spec: string) => {
    queue = queue.then(async () => {
      const started = performance.now();
      try {
        const result = await generate(spec, { root, build: flags.build });
        output.out(`${summaryLine(spec, result, performance.now() - started, flags.build)}\n`);
      } catch (error) {
        const message = error instanceof McpgenError ? error.describe() : error instanceof Error ? error.message : String(error);
        output.err(`${spec}: generation failed, previous output kept: ${message}\n`);
      }
    });
  };

  const folderOf = (spec: string) => path.dirname(path.resolve(root, spec));
  const watchers = [...new Set(specs.map(folderOf))].map((folder) =>
    watch(folder, { recursive: false }, (_event, filename) => {
      const here = specs.filter((candidate) => folderOf(candidate) === folder);
      const named = here.filter((spec) => path.basename(spec) === filename);
      // Another YAML/JSON file in the folder may be a fragment a spec references.
      const affected = named.length > 0 ? named : filename && SPEC_FILE.test(filename) ? here : [];
      // Editors save in several steps; regenerate once the file has settled.
      for (const spec of affected) {
        clearTimeout(timers.get(spec));
        timers.set(
          spec,
          setTimeout(() => run(spec), SETTLE_MS),
        );
      }
    }),
  );
  output.out(`watching ${specs.length} spec(s); Ctrl-C to stop\n`);
  specs.forEach(run);
  await untilInterrupted(stop);
  for (const watcher of watchers) watcher.close();
  for (const timer of timers.values()) clearTimeout(timer);
  await queue;
}
